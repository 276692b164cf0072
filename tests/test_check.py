"""``opengov check`` (CONTRACT §5): one defect at a time, each at its exact ``path:line``.

Line rules: a front matter problem at its key's line counting the opening
``---`` as line 1 (a list element at its own line, a duplicate at the second
occurrence), a body problem at its line, a whole-file problem at line 1.
Also: exit statuses, ``--format json``, and the atomic build (a failing
``mkdocs build`` leaves ``site/`` byte for byte as it was).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import build, check, check_cli, finding_heads, findings, snapshot
from factories import (
    DEFAULT_CATALOG,
    DEPT_CODE,
    FULL_FOOTER,
    MKDOCS_YML,
    ORG_CODE,
    PNG_1X1,
    item_md,
    make_portal,
)

A = "content/news/a.md"
B = "content/news/b.md"

# A good published item with a 索引号: the portal without defects.
GOOD = {"content/news/good.md": item_md("良好的条目", "2024-05-01", "news", index_no="IDX/2024-00001")}


def errors_of(tmp_path: Path, files: dict[str, str | bytes], catalog: str | bytes | None = None) -> list[str]:
    """``path:line: error CODE`` of every error ``opengov check`` reports (exit status 1 asserted)."""
    root = make_portal(tmp_path / "portal", {**GOOD, **files}, catalog=catalog)
    status, out = check(root)
    heads = [h for h in finding_heads(out) if ": error " in h]
    assert status == (1 if heads else 0), out
    return heads


def fm(*lines: str, body: str = "正文。\n") -> str:
    """An item from raw front matter lines (line 2 is the first of them)."""
    return "---\n" + "".join(line + "\n" for line in lines) + "---\n" + body


BASE = ("title: 测试", "date: 2024-05-01", "category: news", "publisher: czj", "index_no: IDX/2024-00002")


def with_keys(*extra: str, body: str = "正文。\n") -> str:
    """:data:`BASE` (lines 2–6) followed by ``extra`` from line 7 on."""
    return fm(*BASE, *extra, body=body)


# --------------------------------------------------------------------------- yaml-syntax, encoding


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param("# 没有前言\n\n正文。\n", 1, id="no-front-matter"),
        pytest.param("---\ntitle: 测试\ndate: 2024-05-01\n正文没有结束线。\n", 1, id="unclosed"),
        pytest.param(fm("title: 测试", "date: 2024-05-01", "title2: 关于: 通知"), 4, id="colon-in-value"),
        pytest.param(fm("title: 测试", "\tdate: 2024-05-01"), 3, id="tab"),
        pytest.param(fm("- title", "- date"), 2, id="list-not-mapping"),
        pytest.param(fm("只有一行文字"), 2, id="scalar-not-mapping"),
        pytest.param("---\n---\n正文。\n", 1, id="empty"),
        pytest.param(fm('title: "没有闭合', "date: 2024-05-01", "category: news"), 2, id="unclosed-quote"),
        pytest.param(fm("date: 2024-05-01", 'title: "C:\\new\\附件.docx"'), 3, id="bad-escape"),
        pytest.param(
            fm("title: 测试", "keywords: [预算, 决算", "date: 2024-05-01"), 3, id="unclosed-bracket"
        ),
    ],
)
def test_yaml_syntax(tmp_path: Path, text: str, line: int) -> None:
    assert errors_of(tmp_path, {A: text}) == [f"{A}:{line}: error yaml-syntax"]


def test_bad_encoding_gbk(tmp_path: Path) -> None:
    raw = item_md("关于财政预算的通知", "2024-05-01", "news", index_no="IDX/2024-00003").encode("gbk")
    # A problem of the whole file: line 1 (the message names the first unreadable line).
    assert errors_of(tmp_path, {A: raw}) == [f"{A}:1: error bad-encoding"]


def test_bad_encoding_catalog(tmp_path: Path) -> None:
    errors = errors_of(tmp_path, {}, catalog=DEFAULT_CATALOG.encode("gbk"))
    assert errors[0] == "content/catalog.yml:1: error bad-encoding"


def test_bad_encoding_docs_page(tmp_path: Path) -> None:
    """MkDocs itself would stop on it with a Python traceback."""
    page = "# 关于我们\n\n县政府办公室。\n".encode("gbk")
    assert errors_of(tmp_path, {"docs/about.md": page}) == ["docs/about.md:1: error bad-encoding"]
    result = build(tmp_path / "portal")
    assert result.returncode != 0 and "docs/about.md:1" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_bad_encoding_message_says_how_to_fix(tmp_path: Path) -> None:
    root = make_portal(tmp_path / "p", {**GOOD, A: item_md("通知").encode("gbk")})
    _status, out = check(root)
    (line,) = [f for f in findings(out) if "bad-encoding" in f]
    assert "UTF-8" in line


# --------------------------------------------------------------------------- duplicate-key, missing-key


@pytest.mark.parametrize(
    ("lines", "line"),
    [
        pytest.param(
            ("title: 甲", "title: 乙", "date: 2024-05-01", "category: news", "publisher: czj"), 3, id="same"
        ),
        pytest.param(
            ("title: 甲", "date: 2024-05-01", "category: news", "publisher: czj", "categories: [fiscal]"),
            6,
            id="category+categories",
        ),
        pytest.param(
            ("title: 甲", "date: 2024-05-01", "category: news", "publisher: czj", "标题: 乙"),
            6,
            id="key+alias",
        ),
        pytest.param(
            ("发布日期: 2024-05-01", "title: 甲", "category: news", "publisher: czj", "date: 2024-05-02"),
            6,
            id="alias+key",
        ),
        pytest.param(
            ("title: 甲", "date: 2024-05-01", "栏目: news", "publisher: czj", "categories:", "  - news"),
            6,
            id="栏目+categories",
        ),
    ],
)
def test_duplicate_key(tmp_path: Path, lines: tuple[str, ...], line: int) -> None:
    text = fm(*lines, "index_no: IDX/2024-00009")
    assert errors_of(tmp_path, {A: text}) == [f"{A}:{line}: error duplicate-key"]


@pytest.mark.parametrize(
    ("extra", "line"),
    [
        pytest.param(
            ("attachments:", "  - path: here.csv", "    title: 表", "    path: there.csv"), 10, id="path"
        ),
        pytest.param(("附件:", "  - 路径: here.csv", "    path: there.csv"), 9, id="alias"),
        pytest.param(("attachments: [{path: here.csv, title: 甲, 标题: 乙}]",), 7, id="flow"),
    ],
)
def test_duplicate_key_inside_an_attachment(tmp_path: Path, extra: tuple[str, ...], line: int) -> None:
    files = {A: with_keys(*extra), "content/news/here.csv": "a\n", "content/news/there.csv": "b\n"}
    assert errors_of(tmp_path, files) == [f"{A}:{line}: error duplicate-key"]


@pytest.mark.parametrize("missing", ["title", "date", "category", "publisher"])
def test_missing_key(tmp_path: Path, missing: str) -> None:
    lines = [line for line in BASE if not line.startswith(missing + ":")]
    assert errors_of(tmp_path, {A: fm(*lines)}) == [f"{A}:1: error missing-key"]


def test_two_missing_keys(tmp_path: Path) -> None:
    text = fm("title: 测试", "category: news", "index_no: IDX/2024-00002")
    assert errors_of(tmp_path, {A: text}) == [f"{A}:1: error missing-key"] * 2


# --------------------------------------------------------------------------- catalog references


def test_unknown_column_scalar(tmp_path: Path) -> None:
    text = fm("title: 测试", "date: 2024-05-01", "category: nope", "publisher: czj")
    assert errors_of(tmp_path, {A: text}) == [f"{A}:4: error unknown-column"]


def test_unknown_column_list_element(tmp_path: Path) -> None:
    text = fm("title: 测试", "date: 2024-05-01", "categories:", "  - news", "  - nope", "publisher: czj")
    assert errors_of(tmp_path, {A: text}) == [f"{A}:6: error unknown-column"]


def test_unknown_department(tmp_path: Path) -> None:
    text = fm("title: 测试", "date: 2024-05-01", "category: news", "publisher: 县公安局")
    assert errors_of(tmp_path, {A: text}) == [f"{A}:5: error unknown-department"]


def test_publisher_by_exact_name_is_fine(tmp_path: Path) -> None:
    text = fm("title: 测试", "date: 2024-05-01", "category: news", "发布机构: 县财政局", "index_no: X/1")
    assert errors_of(tmp_path, {A: text}) == []


# --------------------------------------------------------------------------- bad-date, bad-value


@pytest.mark.parametrize(
    ("lines", "line"),
    [
        pytest.param(("date: 2017-02-30",), 2, id="feb-30"),
        pytest.param(("date: 2017年2月30日",), 2, id="cn-feb-30"),
        pytest.param(("date: 上周五",), 2, id="words"),
        pytest.param(("date: 2017-13-01",), 2, id="month-13"),
        pytest.param(("date: 2017-07-27 25:00",), 2, id="hour-25"),
        pytest.param(("date: 2024-05-01", "written: 2017-02-29"), 3, id="written-not-leap"),
        pytest.param(("date: 2024-05-01", "repealed_on: 明年"), 3, id="repealed-on"),
    ],
)
def test_bad_date(tmp_path: Path, lines: tuple[str, ...], line: int) -> None:
    text = fm(*lines, "title: 测试", "category: news", "publisher: czj", "index_no: X/1")
    assert errors_of(tmp_path, {A: text}) == [f"{A}:{line}: error bad-date"]


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param(("disclosure: public",), id="disclosure"),
        pytest.param(("公开方式: 公开",), id="公开方式"),
        pytest.param(("validity: 有效吗",), id="validity"),
        pytest.param(("doc_type: law",), id="doc-type"),
        pytest.param(("draft: maybe",), id="draft-word"),
        pytest.param(("draft: no",), id="draft-no-is-text"),
        pytest.param(("草稿: yes",), id="草稿-yes-is-text"),
        pytest.param(("topics: {a: b}",), id="topics-mapping"),
    ],
)
def test_bad_value(tmp_path: Path, extra: tuple[str, ...]) -> None:
    assert errors_of(tmp_path, {A: with_keys(*extra)}) == [f"{A}:7: error bad-value"]


def test_bad_value_list_element(tmp_path: Path) -> None:
    text = with_keys("attachments:", "  - title: 没有路径的附件")
    assert errors_of(tmp_path, {A: text}) == [f"{A}:8: error bad-value"]


def test_bad_value_title_list(tmp_path: Path) -> None:
    text = fm("title: [甲, 乙]", "date: 2024-05-01", "category: news", "publisher: czj", "index_no: X/1")
    assert errors_of(tmp_path, {A: text}) == [f"{A}:2: error bad-value"]


@pytest.mark.parametrize("word", ["no", "on", "off", "yes", "No", "ON"])
def test_yaml_11_booleans_are_text(tmp_path: Path, word: str) -> None:
    text = fm(f"title: {word}", "date: 2024-05-01", "category: news", "publisher: czj", "index_no: X/1")
    assert errors_of(tmp_path, {A: text, B: with_keys(f"keywords: [{word}]", f"doc_number: {word}")}) == []


def test_chinese_booleans(tmp_path: Path) -> None:
    # 否 keeps A published; 是 makes B a draft, so A's link to it is link-to-unpublished.
    a = with_keys("草稿: 否", body="[对方](b.md)\n")
    b = with_keys("草稿: 是").replace("IDX/2024-00002", "IDX/2024-00003")
    assert errors_of(tmp_path, {A: a, B: b}) == [f"{A}:9: error link-to-unpublished"]


# --------------------------------------------------------------------------- duplicate-index-no


def test_duplicate_index_no_on_each(tmp_path: Path) -> None:
    a = fm("index_no: DUP/2024-00001", "title: 甲", "date: 2024-05-01", "category: news", "publisher: czj")
    # The other one is unpublished: still a duplicate.
    b = with_keys("disclosure: withheld").replace("IDX/2024-00002", "DUP/2024-00001")
    assert errors_of(tmp_path, {A: a, B: b}) == [
        f"{A}:2: error duplicate-index-no",
        f"{B}:6: error duplicate-index-no",
    ]


# --------------------------------------------------------------------------- broken-link, attachments


@pytest.mark.parametrize(
    ("extra", "body", "line"),
    [
        pytest.param((), "第一行。\n见[不存在的文件](nope.md)。\n", 9, id="body"),
        pytest.param((), "第一行。\n\n![图](images/none.png)\n", 10, id="image"),
        pytest.param((), "[参考]: missing.pdf\n", 8, id="reference-definition"),
        pytest.param((), '<a href="gone.html">旧页</a>\n', 8, id="html"),
        pytest.param((), "[配置](../../mkdocs.yml)\n", 8, id="leaves-content-and-docs"),
        pytest.param((), "[系统](../../../../etc/passwd)\n", 8, id="leaves-the-portal"),
        pytest.param((), "[说明](../../docs/nope.md)\n", 8, id="missing-docs-page"),
        pytest.param(("interprets: policy/nope.md",), "正文。\n", 7, id="interprets"),
        pytest.param(("replaced_by: news/nope.md",), "正文。\n", 7, id="replaced-by"),
        pytest.param(("解读对象: good.md",), "正文。\n", 7, id="interprets-relative-to-item"),
        pytest.param(("attachments:", "  - ../../mkdocs.yml"), "正文。\n", 8, id="attachment-outside"),
        pytest.param((), "[站内](/news/nope/)\n", 8, id="site-address"),
        pytest.param((), "[站内](/nope.pdf)\n", 8, id="site-address-file"),
        pytest.param((), "[上级](/../secret.txt)\n", 8, id="site-address-above-the-site"),
    ],
)
def test_broken_link(tmp_path: Path, extra: tuple[str, ...], body: str, line: int) -> None:
    assert errors_of(tmp_path, {A: with_keys(*extra, body=body)}) == [f"{A}:{line}: error broken-link"]


def test_good_links(tmp_path: Path) -> None:
    body = (
        "[条目](good.md) [文件](data.csv) [页面](../../docs/index.md) [外部](https://www.gov.cn/)\n"
        "[邮件](mailto:a@example.gov.cn) [锚点](#top) [站内](/catalog/)\n"
        "[首页](/) [条目](/news/good/) [订阅](/news/rss.xml) [栏目](/news/) [文件](/news/data.csv)\n"
        "[首页](/index.html) [条目](/news/good/index.html) [绕路](/news/../catalog/)\n"
    )
    files = {
        A: with_keys("interprets: news/good.md", "替代文件: news/good.md", body=body),
        "content/news/data.csv": "a\n",
    }
    assert errors_of(tmp_path, files) == []


def test_site_address_links_under_a_sub_path(tmp_path: Path) -> None:
    """A portal at /xxgk/: its own addresses are checked, other applications on the host are not."""
    yml = MKDOCS_YML.replace("site_url: https://example.gov.cn/", "site_url: https://example.gov.cn/xxgk/")
    body = "[条目](/xxgk/news/good/) [没有](/xxgk/news/nope/) [别处](/zwgk/notice/)\n"
    root = make_portal(tmp_path / "portal", {**GOOD, A: with_keys(body=body)}, mkdocs_yml=yml)
    status, out = check(root)
    assert status == 1
    assert [h for h in finding_heads(out) if ": error " in h] == [f"{A}:8: error broken-link"]
    assert "/xxgk/news/nope/" in out


def test_site_address_link_is_copied_and_checked_against_unpublished(tmp_path: Path) -> None:
    draft = with_keys("draft: true").replace("IDX/2024-00002", "IDX/2024-00010")
    files = {
        A: with_keys(body="[表](/news/only-here.csv) [草稿](/news/draft/)\n"),
        "content/news/only-here.csv": "a\n",
        "content/news/draft.md": draft,
    }
    assert errors_of(tmp_path, files) == [f"{A}:8: error link-to-unpublished"]
    root = tmp_path / "portal"
    (root / "content/news/draft.md").unlink()
    assert build(root).returncode != 0  # now a broken link
    (root / A).write_text(with_keys(body="[表](/news/only-here.csv)\n"), encoding="utf-8")
    assert build(root).returncode == 0
    assert (root / "site/news/only-here.csv").is_file()


@pytest.mark.parametrize(
    "name", ["rss.xml", "feeds.opml", "catalog.json", "sitemap.xml", "404.html", "news/atom.xml"]
)
def test_url_conflict_item_at_a_generated_file(tmp_path: Path, name: str) -> None:
    """An item at /rss.xml/ would need a folder where the portal writes the file."""
    path = f"content/{name}.md"
    assert errors_of(tmp_path, {path: with_keys()}) == [f"{path}:1: error url-conflict"]


@pytest.mark.parametrize(
    ("yml_change", "needle"),
    [
        (("site_url: https://example.gov.cn/\n", ""), "site_url"),
        (
            (
                "site_url: https://example.gov.cn/\n",
                "site_url: https://example.gov.cn/\nuse_directory_urls: false\n",
            ),
            "use_directory_urls",
        ),
        (("site_url: https://example.gov.cn/\n", "site_url: example.gov.cn\n"), "site_url"),
    ],
)
def test_check_stops_on_what_the_build_cannot_do(
    tmp_path: Path, yml_change: tuple[str, str], needle: str
) -> None:
    root = make_portal(tmp_path / "portal", GOOD, mkdocs_yml=MKDOCS_YML.replace(*yml_change))
    result = check_cli(root)
    assert result.returncode == 2
    assert "mkdocs.yml" in result.stderr and needle in result.stderr
    assert build(root).returncode != 0


def test_links_in_code_are_not_checked(tmp_path: Path) -> None:
    body = "```\n[不是链接](nope.md)\n```\n"
    assert errors_of(tmp_path, {A: with_keys(body=body)}) == []


@pytest.mark.parametrize(
    ("extra", "line"),
    [
        pytest.param(("attachments:", "  - nope.pdf"), 8, id="plain"),
        pytest.param(
            ("attachments:", "  - here.csv", "  - path: 附件/nope.xlsx", "    title: 表"), 9, id="mapping"
        ),
        pytest.param(("附件: [here.csv, NOPE.csv]",), 7, id="flow"),
    ],
)
def test_missing_attachment(tmp_path: Path, extra: tuple[str, ...], line: int) -> None:
    files = {A: with_keys(*extra), "content/news/here.csv": "a\n"}
    assert errors_of(tmp_path, files) == [f"{A}:{line}: error missing-attachment"]


# --------------------------------------------------------------------------- link-to-unpublished

UNPUBLISHED = {
    "draft": with_keys("draft: true").replace("IDX/2024-00002", "IDX/2024-00010"),
    "on_request": with_keys("disclosure: 依申请公开").replace("IDX/2024-00002", "IDX/2024-00011"),
    "withheld": with_keys("公开方式: withheld").replace("IDX/2024-00002", "IDX/2024-00012"),
}


@pytest.mark.parametrize("kind", list(UNPUBLISHED))
@pytest.mark.parametrize(
    ("extra", "body", "line"),
    [
        pytest.param((), "第一行。\n[对方](b.md)\n", 9, id="body"),
        pytest.param(("interprets: news/b.md",), "正文。\n", 7, id="interprets"),
        pytest.param(("replaced_by: news/b.md",), "正文。\n", 7, id="replaced-by"),
    ],
)
def test_link_to_unpublished(tmp_path: Path, kind: str, extra: tuple[str, ...], body: str, line: int) -> None:
    files = {A: with_keys(*extra, body=body), B: UNPUBLISHED[kind]}
    assert errors_of(tmp_path, files) == [f"{A}:{line}: error link-to-unpublished"]


def test_link_to_future_item(tmp_path: Path) -> None:
    future = with_keys().replace("2024-05-01", "2099-01-01").replace("IDX/2024-00002", "IDX/2099-00001")
    files = {A: fm(*BASE[:4], "replaced_by: news/b.md", body="正文。\n"), B: future}
    assert errors_of(tmp_path, files) == [f"{A}:6: error link-to-unpublished"]


def test_unpublished_may_link_to_unpublished(tmp_path: Path) -> None:
    a = with_keys("draft: true", body="[对方](b.md)\n")
    files = {A: a, B: UNPUBLISHED["withheld"]}
    assert errors_of(tmp_path, files) == []


# --------------------------------------------------------------------------- url-conflict

CATALOG_WITH = DEFAULT_CATALOG.replace(
    "  - id: empty\n    title: 空白栏目\n", "  - id: {id}\n    title: 冲突栏目\n"
)
# Line of "- id: empty" in DEFAULT_CATALOG.
EMPTY_LINE = DEFAULT_CATALOG.splitlines().index("  - id: empty") + 1


@pytest.mark.parametrize("name", ["index.md", "README.md"])
def test_url_conflict_index_md(tmp_path: Path, name: str) -> None:
    path = f"content/news/{name}"
    assert errors_of(tmp_path, {path: with_keys()}) == [f"{path}:1: error url-conflict"]


@pytest.mark.parametrize(
    "reserved", ["catalog", "departments", "search", "page", "feeds", "assets", "pagefind"]
)
def test_url_conflict_reserved_column(tmp_path: Path, reserved: str) -> None:
    catalog = CATALOG_WITH.format(id=reserved)
    assert errors_of(tmp_path, {}, catalog=catalog) == [
        f"content/catalog.yml:{EMPTY_LINE}: error url-conflict"
    ]


def test_url_conflict_column_equals_docs_page(tmp_path: Path) -> None:
    catalog = CATALOG_WITH.format(id="about")
    files = {"docs/about.md": "# 关于本站\n"}
    assert errors_of(tmp_path, files, catalog=catalog) == [
        f"content/catalog.yml:{EMPTY_LINE}: error url-conflict"
    ]


def test_url_conflict_column_equals_docs_folder_index(tmp_path: Path) -> None:
    catalog = CATALOG_WITH.format(id="guide")
    files = {"docs/guide/index.md": "# 指南\n"}
    assert errors_of(tmp_path, files, catalog=catalog) == [
        f"content/catalog.yml:{EMPTY_LINE}: error url-conflict"
    ]


def test_url_conflict_column_equals_item_path(tmp_path: Path) -> None:
    # Reported on both: the column's id in the catalog and the item.
    fiscal = DEFAULT_CATALOG.splitlines().index("  - id: fiscal") + 1
    assert errors_of(tmp_path, {"content/fiscal.md": with_keys()}) == [
        f"content/catalog.yml:{fiscal}: error url-conflict",
        "content/fiscal.md:1: error url-conflict",
    ]


def test_url_conflict_item_at_docs_page(tmp_path: Path) -> None:
    files = {"docs/about.md": "# 关于\n", "content/about.md": with_keys()}
    assert errors_of(tmp_path, files) == ["content/about.md:1: error url-conflict"]


def test_empty_required_values(tmp_path: Path) -> None:
    text = fm("title:", "date: 2024-05-01", "category:", "publisher: ''", "index_no: X/1")
    assert errors_of(tmp_path, {A: text}) == [
        f"{A}:2: error bad-value",
        f"{A}:4: error bad-value",
        f"{A}:5: error bad-value",
    ]


def test_url_conflict_item_at_reserved_address(tmp_path: Path) -> None:
    assert errors_of(tmp_path, {"content/catalog.md": with_keys()}) == [
        "content/catalog.md:1: error url-conflict"
    ]


def test_url_conflict_item_at_department_address(tmp_path: Path) -> None:
    path = "content/departments/czj.md"
    assert errors_of(tmp_path, {path: with_keys()}) == [f"{path}:1: error url-conflict"]


def test_url_conflict_alias_on_an_item(tmp_path: Path) -> None:
    a = with_keys("aliases:", "  - news/old.md", "  - news/good.md")
    assert errors_of(tmp_path, {A: a}) == [f"{A}:9: error url-conflict"]


def test_url_conflict_two_aliases(tmp_path: Path) -> None:
    a = with_keys("aliases: [news/old.md]")
    b = with_keys("旧地址:", "  - news/old.md").replace("IDX/2024-00002", "IDX/2024-00003")
    assert errors_of(tmp_path, {A: a, B: b}) == [f"{B}:8: error url-conflict"]


# --------------------------------------------------------------------------- bad-catalog


def catalog_line(catalog: str, text: str) -> int:
    """Line of the last occurrence of ``text`` (a duplicate is reported at its second one)."""
    lines = catalog.splitlines()
    return len(lines) - lines[::-1].index(text)


@pytest.mark.parametrize(
    ("old", "new", "at"),
    [
        pytest.param("        cadence: yearly", "        cadence: hourly", 0, id="cadence"),
        pytest.param("    inspection: news", "    inspection: daily", 0, id="inspection"),
        pytest.param("  - id: empty", "  - id: Empty", 0, id="id-pattern"),
        pytest.param("  - id: empty", "  - id: news", 0, id="duplicate-column"),
        pytest.param("  - id: zfb", "  - id: czj", 0, id="duplicate-department"),
        pytest.param("    name: 县政府办公室", "    name: 县政府办公室\n    phone: 1", 1, id="dept-key"),
        pytest.param("    title: 空白栏目", "    title: 空白栏目\n    colour: red", 1, id="column-key"),
        pytest.param("departments:", "deps: []\ndepartments:", 0, id="unknown-top-level"),
        pytest.param("  - id: zfb\n    name: 县政府办公室", "  - zfb", 0, id="dept-not-mapping"),
        pytest.param("        title: 专项资金", "        title: 专项资金\n        - oops", 1, id="yaml"),
        pytest.param("organization:", "organization: 示例县\norganization2:", 0, id="organization-scalar"),
    ],
)
def test_bad_catalog(tmp_path: Path, old: str, new: str, at: int) -> None:
    """``old`` (whole lines) becomes ``new``; the error is at line ``at`` of ``new``."""
    assert ("\n" + DEFAULT_CATALOG).count("\n" + old + "\n") == 1
    catalog = ("\n" + DEFAULT_CATALOG).replace("\n" + old + "\n", "\n" + new + "\n")[1:]
    line = ("\n" + DEFAULT_CATALOG).index("\n" + old + "\n")
    line = DEFAULT_CATALOG[:line].count("\n") + 1 + at
    errors = [e for e in errors_of(tmp_path, {}, catalog=catalog) if e.startswith("content/catalog.yml:")]
    assert errors[:1] == [f"content/catalog.yml:{line}: error bad-catalog"]
    assert {e.rsplit(" ", 1)[1] for e in errors} == {"bad-catalog"}


@pytest.mark.parametrize(
    "calendar",
    ["calendar:\n  holidays: [2027-02-30]\n", "calendar:\n  holidays:\n    - 2027-01-01\n    - 明天\n"],
)
def test_bad_catalog_calendar(tmp_path: Path, calendar: str) -> None:
    catalog = DEFAULT_CATALOG + calendar
    line = len(catalog.splitlines())
    assert errors_of(tmp_path, {}, catalog=catalog) == [f"content/catalog.yml:{line}: error bad-catalog"]


def test_bad_catalog_department_without_name(tmp_path: Path) -> None:
    catalog = DEFAULT_CATALOG.replace("  - id: zfb\n    name: 县政府办公室\n", "  - id: zfb\n")
    errors = errors_of(tmp_path, {}, catalog=catalog)
    assert errors == [f"content/catalog.yml:{catalog_line(catalog, '  - id: zfb')}: error bad-catalog"]


def test_missing_catalog(tmp_path: Path) -> None:
    root = make_portal(tmp_path / "p", GOOD)
    (root / "content/catalog.yml").unlink()
    status, out = check(root)
    assert status == 1
    # One finding, not one more per item for columns and departments it cannot know.
    assert [h for h in finding_heads(out) if ": error " in h] == ["content/catalog.yml:1: error bad-catalog"]


def test_unreadable_catalog_is_one_finding(tmp_path: Path) -> None:
    catalog = DEFAULT_CATALOG.replace("columns:", "columns: [", 1)
    errors = errors_of(tmp_path, {A: with_keys(), B: with_keys().replace("00002", "00003")}, catalog=catalog)
    assert [e.split(":")[0] for e in errors] == ["content/catalog.yml"]


# --------------------------------------------------------------------------- warnings


def warnings_of(
    tmp_path: Path, files: dict[str, str | bytes], catalog: str | bytes | None = None
) -> list[str]:
    root = make_portal(tmp_path / "portal", {**GOOD, **files}, catalog=catalog)
    status, out = check(root)
    heads = finding_heads(out)
    assert status == 0, out
    assert not [h for h in heads if ": error " in h]
    return [h for h in heads if ": warning " in h]


def test_missing_index_no(tmp_path: Path) -> None:
    assert f"{A}:1: warning missing-index-no" in warnings_of(tmp_path, {A: fm(*BASE[:4])})
    assert f"{A}:6: warning missing-index-no" in warnings_of(tmp_path, {A: fm(*BASE[:4], "索引号:")})


def test_no_missing_index_no_for_unpublished(tmp_path: Path) -> None:
    heads = warnings_of(tmp_path, {A: fm(*BASE[:4], "公开方式: 不予公开")})
    assert not [h for h in heads if h.startswith(A)]


def test_non_ascii_path(tmp_path: Path) -> None:
    path = "content/news/关于开展检查的通知.md"
    assert f"{path}:1: warning non-ascii-path" in warnings_of(tmp_path, {path: with_keys()})


def test_scheduled(tmp_path: Path) -> None:
    text = with_keys().replace("date: 2024-05-01", "date: 2099-01-01")
    assert f"{A}:3: warning scheduled" in warnings_of(tmp_path, {A: text})


def test_written_after_date(tmp_path: Path) -> None:
    assert f"{A}:7: warning written-after-date" in warnings_of(
        tmp_path, {A: with_keys("written: 2024-05-02")}
    )


def test_written_same_day_is_fine(tmp_path: Path) -> None:
    heads = warnings_of(tmp_path, {A: with_keys("成文日期: 2024年5月1日")})
    assert not [h for h in heads if h.startswith(A)]


def test_empty_column(tmp_path: Path) -> None:
    assert f"content/catalog.yml:{EMPTY_LINE}: warning empty-column" in warnings_of(tmp_path, {})


def test_column_filled_by_descendant_is_not_empty(tmp_path: Path) -> None:
    heads = warnings_of(tmp_path, {A: with_keys().replace("category: news", "category: budget")})
    line = DEFAULT_CATALOG.splitlines().index("  - id: fiscal") + 1
    assert f"content/catalog.yml:{line}: warning empty-column" not in heads


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param(ORG_CODE, ORG_CODE[:-1] + "3", id="organization"),
        pytest.param(DEPT_CODE, DEPT_CODE[:-1] + "X", id="department"),
        pytest.param(DEPT_CODE, "12345678-0", id="org-code-9"),
    ],
)
def test_bad_code(tmp_path: Path, old: str, new: str) -> None:
    catalog = DEFAULT_CATALOG.replace(old, new)
    line = next(i for i, text in enumerate(catalog.splitlines(), 1) if new in text)
    assert f"content/catalog.yml:{line}: warning bad-code" in warnings_of(tmp_path, {}, catalog=catalog)


def test_good_9_character_code(tmp_path: Path) -> None:
    catalog = DEFAULT_CATALOG.replace(DEPT_CODE, "12345678-8")
    assert not [h for h in warnings_of(tmp_path, {}, catalog=catalog) if "bad-code" in h]


# --------------------------------------------------------------------------- output and exit status


def test_finding_line_format(tmp_path: Path) -> None:
    root = make_portal(
        tmp_path / "p", {**GOOD, A: fm("title: 测试", "date: 2017-02-30", "category: news", "publisher: czj")}
    )
    status, out = check(root)
    assert status == 1
    (line,) = [f for f in findings(out) if "bad-date" in f]
    path, number, rest = line.split(":", 2)
    assert (path, number) == (A, "3")
    assert rest.startswith(" error bad-date: ")
    message = rest[len(" error bad-date: ") :]
    assert message and any("\u4e00" <= ch <= "\u9fff" for ch in message)


def test_json_format(tmp_path: Path) -> None:
    files = {**GOOD, A: fm("title: 测试", "date: 2017-02-30", "category: news", "publisher: czj")}
    root = make_portal(tmp_path / "p", files)
    status, out = check(root, "--format", "json")
    assert status == 1
    data = json.loads(out)
    assert isinstance(data, list) and data
    for entry in data:
        assert set(entry) == {"path", "line", "severity", "code", "message"}
        assert isinstance(entry["line"], int) and entry["line"] >= 1
        assert entry["severity"] in ("error", "warning")
        assert isinstance(entry["message"], str) and entry["message"]
    assert {"path": A, "line": 3, "severity": "error", "code": "bad-date"} in [
        {k: v for k, v in e.items() if k != "message"} for e in data
    ]
    assert {"path": A, "line": 1, "severity": "warning", "code": "missing-index-no"} in [
        {k: v for k, v in e.items() if k != "message"} for e in data
    ]


def test_json_format_clean(tmp_path: Path) -> None:
    root = make_portal(tmp_path / "p", GOOD)
    status, out = check(root, "--format", "json")
    assert status == 0
    assert all(e["severity"] == "warning" for e in json.loads(out))


def test_exit_2_without_mkdocs_yml(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert check(empty)[0] == 2
    root = make_portal(tmp_path / "p", GOOD)
    assert check(root, "-f", "other.yml")[0] == 2


def test_exit_2_unreadable_mkdocs_yml(tmp_path: Path) -> None:
    root = make_portal(tmp_path / "p", GOOD, mkdocs_yml="site_name: [unclosed\n")
    assert check(root)[0] == 2


def test_config_file_option(tmp_path: Path) -> None:
    root = make_portal(tmp_path / "p", {**GOOD, A: fm(*BASE[:3])})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    status, out = check(elsewhere, "-f", str(root / "mkdocs.yml"))
    assert status == 1
    assert f"{A}:1: error missing-key" in finding_heads(out)


def test_console_script(tmp_path: Path) -> None:
    root = make_portal(
        tmp_path / "p", {**GOOD, A: fm("title: 测试", "date: 2017-02-30", "category: news", "publisher: czj")}
    )
    result = check_cli(root)
    assert result.returncode == 1, result.stderr
    assert f"{A}:3: error bad-date" in finding_heads(result.stdout)
    (root / A).unlink()
    result = check_cli(root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not [h for h in finding_heads(result.stdout) if ": error " in h]
    assert check_cli(tmp_path).returncode == 2


# --------------------------------------------------------------------------- privacy, end to end

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(body17: str) -> str:
    """A valid 18-character resident ID number: GB 11643 check character computed here."""
    return body17 + "10X98765432"[sum(int(c) * w for c, w in zip(body17, _WEIGHTS, strict=True)) % 11]


ID = id_number("51132519800101123")


def test_id_number_valid_check_digit() -> None:
    assert len(ID) == 18
    # The well-known sample number from GB 11643 documentation.
    assert id_number("11010519491231002") == "11010519491231002X"


def test_pii_id_number_in_body(tmp_path: Path) -> None:
    text = with_keys(body="第一行。\n\n申请人身份证号：" + ID + "。\n")
    assert errors_of(tmp_path, {A: text}) == [f"{A}:10: error pii-id-number"]


def test_pii_id_number_in_front_matter(tmp_path: Path) -> None:
    text = with_keys(f"summary: 申请人{ID}")
    assert errors_of(tmp_path, {A: text}) == [f"{A}:7: error pii-id-number"]


def test_pii_id_number_in_csv_attachment(tmp_path: Path) -> None:
    csv_text = f"姓名,身份证号,金额\n张三,5113**********1234,100\n李四,{ID},200\n"
    files = {A: with_keys("attachments:", "  - fund.csv"), "content/news/fund.csv": csv_text}
    assert errors_of(tmp_path, files) == ["content/news/fund.csv:3: error pii-id-number"]


def test_pii_in_file_names(tmp_path: Path) -> None:
    """A number in a file name is in the page's or file's address, whatever the text says."""
    item = "content/news/13912345678.md"
    files = {
        item: with_keys("attachments: [fund-13812345678.csv]"),
        "content/news/fund-13812345678.csv": "金额\n100\n",
    }
    assert sorted(errors_of(tmp_path, files)) == [
        f"{item}:1: error pii-mobile",
        f"{item}:7: error pii-mobile",  # the attachment's name, as the front matter writes it
        "content/news/fund-13812345678.csv:1: error pii-mobile",
    ]


def test_pii_masked_and_allowed_pass(tmp_path: Path) -> None:
    masked = ID[:4] + "*" * 10 + ID[-4:]
    a = with_keys(body=f"身份证号：{masked}；{ID[:6]}＊＊＊＊＊＊＊＊{ID[-4:]}\n")
    b = with_keys("pii_allow:", f"  - '{ID}'", "attachments: [b.csv]", body=f"公开的号码：{ID}\n")
    b = b.replace("IDX/2024-00002", "IDX/2024-00003")
    files = {A: a, B: b, "content/news/b.csv": f"号码\n{ID}\n"}
    assert errors_of(tmp_path, files) == []


def test_pii_wrong_check_digit_passes(tmp_path: Path) -> None:
    wrong = ID[:-1] + ("1" if ID[-1] != "1" else "2")
    assert errors_of(tmp_path, {A: with_keys(body=f"编号 {wrong}\n")}) == []


def test_pii_in_unpublished_item_not_reported(tmp_path: Path) -> None:
    files = {
        A: with_keys("disclosure: withheld", "attachments: [w.csv]", body=f"身份证号：{ID}\n"),
        B: with_keys("draft: true", body=f"身份证号：{ID}\n").replace("IDX/2024-00002", "IDX/2024-00003"),
        "content/news/w.csv": f"号码\n{ID}\n",
    }
    assert errors_of(tmp_path, files) == []


# --------------------------------------------------------------------------- atomic build

CLEAN_CATALOG = f"""\
organization:
  name: 示例县人民政府
  code: {ORG_CODE}
columns:
  - id: news
    title: 要闻动态
departments:
  - id: czj
    name: 县财政局
    code: {DEPT_CODE}
"""


@pytest.fixture(scope="module")
def built_portal(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    files = {
        "content/news/first.md": item_md(
            "第一条", "2024-05-01", "news", index_no="IDX/2024-00001", attachments=["a.csv"]
        ),
        "content/news/a.csv": "a,b\n1,2\n",
        "content/news/second.md": item_md("第二条", "2024-05-02", "news", index_no="IDX/2024-00002"),
        "docs/images/gov-badge.png": PNG_1X1,
    }
    root = make_portal(
        tmp_path_factory.mktemp("atomic") / "portal",
        files,
        catalog=CLEAN_CATALOG,
        plugin_options={"footer": FULL_FOOTER},
    )
    result = build(root, strict=True)
    assert result.returncode == 0, result.stdout + result.stderr
    before = snapshot(root / "site")
    assert "news/first/index.html" in before and "news/a.csv" in before
    return root, before


@pytest.fixture
def portal_copy(built_portal: tuple[Path, dict[str, bytes]], tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    root, before = built_portal
    copy = tmp_path / "portal"
    shutil.copytree(root, copy, symlinks=True)
    assert snapshot(copy / "site") == before
    return copy, before


def assert_untouched(root: Path, before: dict[str, bytes]) -> None:
    after = snapshot(root / "site")
    assert sorted(after) == sorted(before)
    assert [name for name in before if after[name] != before[name]] == []
    leftovers = sorted(p.name for p in root.iterdir() if p.name.startswith("site") and p.name != "site")
    assert leftovers == []


@pytest.mark.parametrize(
    ("path", "text", "logged"),
    [
        pytest.param(
            "content/news/third.md",
            item_md("第三条", "2017-02-30", "news", index_no="I/3"),
            "content/news/third.md:3: error bad-date",
            id="new-item",
        ),
        pytest.param(
            "content/news/first.md",
            "没有前言\n",
            "content/news/first.md:1: error yaml-syntax",
            id="edited-item",
        ),
        pytest.param(
            "content/catalog.yml",
            CLEAN_CATALOG.replace("  - id: news", "  - id: search"),
            "content/catalog.yml:5: error url-conflict",
            id="catalog",
        ),
    ],
)
def test_failed_build_leaves_site_untouched(
    portal_copy: tuple[Path, dict[str, bytes]], path: str, text: str, logged: str
) -> None:
    root, before = portal_copy
    (root / path).write_text(text, encoding="utf-8")
    result = build(root)
    assert result.returncode != 0
    assert logged in result.stdout + result.stderr  # the same findings as opengov check
    assert_untouched(root, before)


def test_strict_build_with_warning_leaves_site_untouched(portal_copy: tuple[Path, dict[str, bytes]]) -> None:
    root, before = portal_copy
    (root / "content/news/third.md").write_text(item_md("第三条", "2024-05-03", "news"), encoding="utf-8")
    result = build(root, strict=True)
    assert result.returncode != 0
    assert "missing-index-no" in result.stdout + result.stderr
    assert_untouched(root, before)
    # Without --strict the warning does not stop the build, and the new item is published.
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert (root / "site/news/third/index.html").is_file()
