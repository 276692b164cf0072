"""The privacy guard reads text as the site publishes it (issue 12, CONTRACT §5).

Normalised digits and invisible characters, ID numbers in 6-8-4 groups, masks that hide
fewer than 4 digits, markup and entities inside numbers, YAML escapes in front matter,
docs pages and catalog texts: each is an error at the file and line the editor wrote.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build, check, check_cli, finding_heads
from factories import DEFAULT_CATALOG, item_md, make_portal

from opengov.core.privacy import PiiHit, scan_markdown, scan_text

ID = "pii-id-number"
MOBILE = "pii-mobile"
CARD = "pii-bank-card"
ID_1 = "511325198001010173"  # passes GB 11643
CARD_16 = "6222021234567894"  # passes Luhn
A = "content/news/a.md"
BODY_LINE = 9  # item_md: 6 lines of front matter, then "正文。", a blank line, the case


def errors(root: Path) -> list[str]:
    status, out = check(root)
    heads = [h for h in finding_heads(out) if ": error " in h]
    assert (status != 0) == bool(heads), out
    return heads


def body_portal(root: Path, case: str) -> Path:
    return make_portal(root, {A: item_md(body=f"正文。\n\n{case}\n")})


# --------------------------------------------------------------------------- scan_text


class TestNormalised:
    @pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
    def test_invisible_characters_inside_a_number(self, invisible):
        text = f"电话：139{invisible}1234{invisible}5678。"
        assert scan_text(text) == [PiiHit(MOBILE, 1, f"139{invisible}1234{invisible}5678")]

    @pytest.mark.parametrize(
        "digits",
        [
            "٠١٢٣٤٥٦٧٨٩",  # Arabic-Indic
            "۰۱۲۳۴۵۶۷۸۹",  # Extended Arabic-Indic
            "०१२३४५६७८९",  # Devanagari
            "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗",  # mathematical bold
        ],
    )
    def test_other_scripts_digits(self, digits):
        number = "".join(digits[int(c)] for c in ID_1)
        assert scan_text(f"身份证{number}") == [PiiHit(ID, 1, number)]

    def test_lines_and_written_text_stay_those_of_the_original(self):
        text = "\u200b第一行\n\u200b\u200b第二行\n电话 1\u00ad39\u200b12345678 与 ١٣٩١٢٣٤٥٦٧٨\n"
        assert scan_text(text) == [
            PiiHit(MOBILE, 3, "1\u00ad39\u200b12345678"),
            PiiHit(MOBILE, 3, "١٣٩١٢٣٤٥٦٧٨"),
        ]

    def test_invisible_characters_alone_are_not_a_number(self):
        assert scan_text("\u200b139\u200b1234\u200b567") == []

    def test_pii_allow_is_read_the_same_way(self):
        assert scan_text("值班电话 139\u200b1234\u200b5678", ["13912345678"]) == []


class TestGroups:
    @pytest.mark.parametrize("sep", [" ", "-", "\u00a0"])
    def test_six_eight_four(self, sep):
        written = sep.join((ID_1[:6], ID_1[6:14], ID_1[14:]))
        assert scan_text(f"身份证号：{written}。") == [PiiHit(ID, 1, written)]

    def test_wrong_check_digit_in_groups_is_nothing(self):
        assert scan_text("511325 19800101 0174") == []

    def test_part_of_a_longer_grouped_number(self):
        assert scan_text("511325 19800101 0173 12") == []
        assert scan_text("1511325 19800101 0173") == []


class TestMasks:
    @pytest.mark.parametrize(
        "text, code",
        [
            (ID_1[:-1] + "*", ID),  # the check digit can be recomputed
            (ID_1[:-1] + "×", ID),
            (ID_1[:-3] + "**3", ID),  # some filling validates
            ("1391234567*", MOBILE),
            ("139123456**", MOBILE),
            ("13912345＊＊＊", MOBILE),
            (CARD_16[:-1] + "*", CARD),
            (CARD_16[:-3] + "***", CARD),
        ],
    )
    def test_fewer_than_four_masked(self, text, code):
        assert [h.code for h in scan_text(text)] == [code]

    @pytest.mark.parametrize(
        "text",
        ["139****5678", "5113**********1234", ID_1[:-4] + "****", "1391234****", "6222 **** **** 7894"],
    )
    def test_four_or_more_masked_pass(self, text):
        assert scan_text(text) == []


class TestReaderView:
    @pytest.mark.parametrize(
        "body, written, code",
        [
            ("**13912345678**", "13912345678", MOBILE),
            ("*511325198001010173*", ID_1, ID),
            ("__13912345678__", "13912345678", MOBILE),
            ("**电话：13912345678**", "13912345678", MOBILE),
            ("139*1234*5678", "139*1234*5678", MOBILE),
            ("1391234<span>5678</span>", "1391234<span>5678", MOBILE),
            ("139<!-- x -->12345678", "139<!-- x -->12345678", MOBILE),
            ("&#53;11325198001010173", "&#53;11325198001010173", ID),
            ("&#x35;11325198001010173", "&#x35;11325198001010173", ID),
            ("139&nbsp;1234&nbsp;5678", "139&nbsp;1234&nbsp;5678", MOBILE),
        ],
    )
    def test_markup_inside_a_number(self, body, written, code):
        assert scan_markdown(f"第一行\n\n{body}\n") == [PiiHit(code, 3, written)]

    def test_found_both_ways_is_reported_once(self):
        assert [h.line for h in scan_markdown("13912345678\n\n**13912345678**")] == [1, 3]

    @pytest.mark.parametrize(
        "body",
        [
            "139****5678 与 **加粗**",
            "13912345678<br>1",  # a line break keeps numbers apart
            "139_1234_5678",  # intraword underscores are literal
            "139\\*\\*\\*\\*5678",  # escaped asterisks are a mask
            "* 列表项 13912345",
        ],
    )
    def test_no_number_a_reader_sees(self, body):
        assert [h for h in scan_markdown(body) if h.text != "13912345678"] == []


# --------------------------------------------------------------------------- opengov check


@pytest.mark.parametrize(
    "case, code",
    [
        ("电话 139\u200b1234\u200d5678", MOBILE),
        ("电话 13\u00ad912345678", MOBILE),
        ("身份证 511325 19800101 0173", ID),
        ("身份证 511325-19800101-0173", ID),
        ("身份证 511325\u00a019800101\u00a00173", ID),
        ("身份证 51132519800101017*", ID),
        ("电话 1391234567*", MOBILE),
        ("电话 139123456**", MOBILE),
        ("**13912345678**", MOBILE),
        ("*511325198001010173*", ID),
        ("1391234<span>5678</span>", MOBILE),
        ("139<!-- x -->12345678", MOBILE),
        ("&#53;11325198001010173", ID),
        ("&#x35;11325198001010173", ID),
        ("139&nbsp;1234&nbsp;5678", MOBILE),
        ("卡号 " + CARD_16[:-2] + "**", CARD),
    ],
)
def test_item_body_case_is_an_error_at_its_line(portal_dir, case, code):
    body_portal(portal_dir, case)
    assert errors(portal_dir) == [f"{A}:{BODY_LINE}: error {code}"]


@pytest.mark.parametrize("masked", ["139****5678", "5113**********1234", "6222 **** **** 7894"])
def test_masks_with_four_or_more_pass_check(portal_dir, masked):
    body_portal(portal_dir, f"联系 {masked}")
    assert errors(portal_dir) == []


def test_yaml_escapes_in_front_matter(portal_dir):
    escaped = "".join(f"\\u{ord(c):04x}" for c in ID_1)
    make_portal(portal_dir, {A: item_md(summary=f'"摘要\\u200b{escaped}"')})
    assert errors(portal_dir) == [f"{A}:6: error {ID}"]


def test_yaml_escape_of_a_number_written_plainly_is_reported_once(portal_dir):
    make_portal(portal_dir, {A: item_md(summary='"电话 13912345678 与 \\u0031\\u0033\\u0039"')})
    assert errors(portal_dir) == [f"{A}:6: error {MOBILE}"]


def test_item_pii_allow_passes_a_reader_view_number(portal_dir):
    make_portal(
        portal_dir,
        {A: item_md(body="值班 **13912345678**\n", pii_allow=['"13912345678"'])},
    )
    assert errors(portal_dir) == []


DOCS_PAGE = "docs/about.md"


def test_docs_page_number_is_an_error_at_its_line(portal_dir):
    make_portal(portal_dir, {DOCS_PAGE: "# 关于\n\n联系人：张三\n\n电话 1391234<span>5678</span>\n"})
    result = check_cli(portal_dir)
    assert result.returncode != 0
    assert [h for h in finding_heads(result.stdout) if ": error " in h] == [f"{DOCS_PAGE}:5: error {MOBILE}"]


def test_docs_page_front_matter_and_its_own_pii_allow(portal_dir):
    page = (
        '---\ntitle: "关于 \\u0031\\u0033\\u0039\\u0031\\u0032\\u0033\\u0034\\u0035\\u0036\\u0037\\u0038"\n'
        'pii_allow:\n  - "13800000000"\n---\n\n值班 138 0000 0000\n\n身份证 ' + ID_1 + "\n"
    )
    make_portal(portal_dir, {DOCS_PAGE: page})
    assert errors(portal_dir) == [f"{DOCS_PAGE}:2: error {MOBILE}", f"{DOCS_PAGE}:9: error {ID}"]


def test_docs_page_allow_in_chinese(portal_dir):
    page = "---\n允许公开信息:\n  - 13800000000\n---\n\n值班 13800000000\n"
    make_portal(portal_dir, {DOCS_PAGE: page})
    assert errors(portal_dir) == []


def test_catalog_texts(portal_dir):
    catalog = DEFAULT_CATALOG.replace(
        "description: 财政收支、预决算", 'description: "财政收支，联系 \\u0031\\u0033\\u00391234\\u200b5678"'
    ).replace("name: 县政府办公室", "name: 县政府办公室 （张三 13812345678）")
    make_portal(portal_dir, {A: item_md()}, catalog=catalog)
    lines = catalog.split("\n")
    desc = next(i for i, line in enumerate(lines, 1) if "财政收支" in line)
    dept = next(i for i, line in enumerate(lines, 1) if "13812345678" in line)
    assert errors(portal_dir) == [
        f"content/catalog.yml:{desc}: error {MOBILE}",
        f"content/catalog.yml:{dept}: error {MOBILE}",
    ]


@pytest.mark.parametrize(
    "files, finding",
    [
        ({A: item_md(body="正文。\n\n**13912345678**\n")}, f"{A}:{BODY_LINE}: error {MOBILE}: 本条目"),
        (
            {A: item_md(), DOCS_PAGE: "# 关于\n\n身份证 &#53;11325198001010173\n"},
            f"{DOCS_PAGE}:3: error {ID}: 本页面",
        ),
    ],
)
def test_build_fails_at_the_source_line_and_leaves_no_site(portal_dir, files, finding):
    make_portal(portal_dir, files)
    result = build(portal_dir)
    assert result.returncode != 0
    # The source check names the line (the output gate, a second lock, reports generated files).
    assert finding in result.stdout + result.stderr
    assert not (portal_dir / "site").exists()


def test_front_matter_value_folded_across_lines(portal_dir):
    # YAML folds a continued plain value with a space: the listing shows "1391234 5678".
    make_portal(portal_dir, {A: item_md(summary="电话 1391234\n  5678 请联系")})
    assert errors(portal_dir) == [f"{A}:6: error {MOBILE}"]


def test_docs_html_and_text_files_are_read_too(portal_dir):
    make_portal(
        portal_dir,
        {
            "docs/notice.html": "<p>\n电话 139<b>1234</b>5678\n</p>\n",
            "docs/list.txt": "名单\n511325 19800101 0173\n",
        },
    )
    assert errors(portal_dir) == [f"docs/list.txt:2: error {ID}", f"docs/notice.html:2: error {MOBILE}"]
