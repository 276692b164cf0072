"""Tests for the privacy guard (CONTRACT §5: pii-id-number, pii-mobile, pii-bank-card)."""

from __future__ import annotations

import pytest

from opengov.core.privacy import (
    PiiHit,
    UnreadableAttachment,
    gb11643_valid,
    luhn_valid,
    scan_file,
    scan_text,
)

ID = "pii-id-number"
MOBILE = "pii-mobile"
CARD = "pii-bank-card"

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_check(body: str) -> str:
    """The GB 11643 check character of a 17-digit body, computed independently."""
    return "10X98765432"[sum(int(c) * w for c, w in zip(body, _WEIGHTS, strict=True)) % 11]


def make_id(body: str) -> str:
    return body + id_check(body)


def wrong_id(body: str) -> str:
    right = id_check(body)
    return body + ("0" if right != "0" else "1")


def luhn_check(body: str) -> str:
    """The Luhn check digit to append to ``body``, computed independently."""
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c)
        if i % 2 == 0:  # these digits are doubled once the check digit is appended
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def make_card(body: str) -> str:
    return body + luhn_check(body)


def bad_card(body: str) -> str:
    return body + str((int(luhn_check(body)) + 1) % 10)


def grouped(number: str, sep: str = " ") -> str:
    return sep.join(number[i : i + 4] for i in range(0, len(number), 4))


def codes(text: str, allow=()) -> list[str]:
    return [hit.code for hit in scan_text(text, allow)]


ID_X = "11010519491231002X"  # the example of GB 11643 itself
ID_1 = make_id("51132519800101123")
ID_2 = make_id("44030419990615004")
CARD_16 = make_card("622202123456789")
CARD_17 = make_card("6222021234567890")
CARD_19 = make_card("622202123456789012")
CARD_18 = make_card("62220212345678901")


# --------------------------------------------------------------------------- validators


class TestValidators:
    def test_gb11643_known_example(self):
        assert gb11643_valid("11010519491231002X")
        assert gb11643_valid("11010519491231002x")

    def test_gb11643_helpers_agree(self):
        for body in ("51132519800101123", "44030419990615004", "99999920251399001", "00000000000000000"):
            assert gb11643_valid(make_id(body))
            assert not gb11643_valid(wrong_id(body))

    def test_gb11643_every_check_character(self):
        seen = set()
        for n in range(200):
            body = f"5113251980010{n:04d}"
            seen.add(id_check(body))
            assert gb11643_valid(make_id(body))
        assert "X" in seen and len(seen) == 11

    def test_gb11643_does_not_check_region_or_birth_date(self):
        assert gb11643_valid(make_id("99999920251399001"))  # region 999999, month 13

    @pytest.mark.parametrize(
        "value",
        ["", "1101051949123100", "11010519491231002", "110105194912310021X", "1101051949123100XX", "X" * 18],
    )
    def test_gb11643_shape(self, value):
        assert not gb11643_valid(value)

    def test_gb11643_full_width(self):
        full = ID_1.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
        assert gb11643_valid(full)

    @pytest.mark.parametrize("value", ["79927398713", "4111111111111111", CARD_16, CARD_17, CARD_19, "00"])
    def test_luhn_valid(self, value):
        assert luhn_valid(value)

    @pytest.mark.parametrize(
        "value", ["79927398710", "4111111111111112", "", "0", "4111 1111 1111 1111", "12a4"]
    )
    def test_luhn_invalid(self, value):
        assert not luhn_valid(value)

    def test_luhn_helper_agrees(self):
        for n in range(100):
            body = f"6222021234{n:05d}"
            assert luhn_valid(make_card(body))
            assert not luhn_valid(bad_card(body))


# --------------------------------------------------------------------------- ID numbers


class TestIdNumber:
    @pytest.mark.parametrize("number", [ID_X, ID_X.lower(), ID_1, ID_2, make_id("99999920251399001")])
    def test_found(self, number):
        assert scan_text(number) == [PiiHit(ID, 1, number)]

    @pytest.mark.parametrize(
        "template",
        ["身份证号：{}。", "身份证号{}", "({})", "| 张三 | {} | 男 |", "ID: {}, ok", "“{}”", "<td>{}</td>"],
    )
    def test_found_in_context(self, template):
        assert scan_text(template.format(ID_1)) == [PiiHit(ID, 1, ID_1)]

    def test_full_width_digits(self):
        full = ID_1.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        assert scan_text(f"身份证{full}号") == [PiiHit(ID, 1, full)]

    def test_wrong_check_digit_is_not_an_id(self):
        assert scan_text(wrong_id("51132519800101123")) == []
        assert scan_text(f"编号：{wrong_id('44030419990615004')}。") == []

    def test_wrong_check_digit_is_never_judged_as_a_card(self):
        # An 18-digit number that passes Luhn but fails GB 11643: not an ID, not a card.
        body = "62220212345678901"
        number = make_card(body)
        assert luhn_valid(number)
        assert not gb11643_valid(number)
        assert scan_text(number) == []
        assert scan_text(f"账号{number}") == []

    def test_valid_id_that_also_passes_luhn_is_one_id_hit(self):
        for n in range(1000):
            number = make_id(f"5113251980{n:07d}")
            if luhn_valid(number):
                break
        else:  # pragma: no cover
            pytest.fail("no number passing both checks")
        assert scan_text(number) == [PiiHit(ID, 1, number)]

    @pytest.mark.parametrize(
        "text",
        [
            "1" + ID_1,  # 19 digits
            ID_1 + "1",
            "12" + ID_1 + "34",
            ID_1[:-1],  # 17 digits
            make_id("51132519800101123")[:-1] + "X" + "5",
            "9" + ID_X,
            ID_X + "X",
            ID_X + "1",
        ],
    )
    def test_part_of_a_longer_number(self, text):
        assert codes(text) == []

    @pytest.mark.parametrize(
        "text",
        [
            "5113**********1234",
            "5113 **** **** 1234",
            "511325********1234",
            "511325＊＊＊＊＊＊＊＊1234",
            "511325××××××××1234",
            "51132519800101****",
            "*" + ID_1,
            ID_1 + "*",
            "＊" + ID_1,
            ID_1 + "×",
        ],
    )
    def test_masked(self, text):
        assert codes(text) == []

    def test_next_to_letters_and_punctuation(self):
        assert codes(f"A{ID_1}") == [ID]
        assert codes(f"{ID_1}号") == [ID]
        assert codes(f"{ID_1}，{ID_2}") == [ID, ID]
        assert codes(f"{ID_1} {ID_2}") == [ID, ID]


# --------------------------------------------------------------------------- mobiles


MOBILE_SPELLINGS = [
    "13812345678",
    "138 1234 5678",
    "138-1234-5678",
    "138 12345678",
    "1381234-5678",
    "+86 13812345678",
    "+8613812345678",
    "+86-13812345678",
    "+86 138 1234 5678",
    "+86-138-1234-5678",
    "86 13812345678",
    "86-138-1234-5678",
    "0086 13812345678",
    "(+86)13812345678",
    "(+86) 138 1234 5678",
    "（+86）13812345678",
    "(86)13812345678",
    "１３８１２３４５６７８",
    "１３８－１２３４－５６７８",
    "138\u30001234\u30005678",
    "138\u00a01234\u00a05678",
    "＋86 13812345678",
]


class TestMobile:
    @pytest.mark.parametrize("spelling", MOBILE_SPELLINGS)
    def test_every_spelling(self, spelling):
        assert scan_text(spelling) == [PiiHit(MOBILE, 1, spelling)]

    @pytest.mark.parametrize("spelling", MOBILE_SPELLINGS)
    def test_every_spelling_in_context(self, spelling):
        assert scan_text(f"联系人：张三，电话：{spelling}。") == [PiiHit(MOBILE, 1, spelling)]

    @pytest.mark.parametrize("second", "3456789")
    def test_second_digit_3_to_9(self, second):
        assert codes(f"1{second}012345678") == [MOBILE]

    @pytest.mark.parametrize("number", ["10012345678", "11012345678", "12012345678", "23812345678"])
    def test_not_a_mobile_prefix(self, number):
        assert codes(number) == []

    @pytest.mark.parametrize(
        "template",
        [
            "电话13812345678",
            "手机:13812345678",
            "tel:13812345678",
            "（13812345678）",
            "13812345678号",
            "[13812345678]",
        ],
    )
    def test_in_context(self, template):
        assert codes(template) == [MOBILE]

    def test_several(self):
        text = "13812345678，13912345678、15012345678 18612345678;17712345678"
        assert [h.text for h in scan_text(text)] == [
            "13812345678",
            "13912345678",
            "15012345678",
            "18612345678",
            "17712345678",
        ]

    @pytest.mark.parametrize(
        "text",
        [
            "138123456789",  # 12 digits
            "213812345678",
            "0213812345678",
            "913812345678901",
            "2086 1381234567",
            "1234567890138123456789",
            "138 1234 5678 9",  # one more group
            "138-1234-5678-0001",
            "138 1234 5678 ****",
        ],
    )
    def test_part_of_a_longer_number(self, text):
        assert codes(text) == []

    def test_country_prefix_inside_a_longer_number(self):
        # "…2086" is not a +86 prefix; the mobile after the space still counts.
        assert [h.text for h in scan_text("2086 13812345678")] == ["13812345678"]
        assert scan_text("208613812345678") == []
        # Only "+86" is written together with the number (CONTRACT §5); "86"/"0086" glued on
        # make a 13- or 15-digit number, which is not matched.
        assert scan_text("8613812345678") == []
        assert scan_text("008613812345678") == []

    @pytest.mark.parametrize(
        "text",
        [
            "139****5678",
            "139＊＊＊＊5678",
            "139××××5678",
            "138-****-5678",
            "138 **** 5678",
            "1381234****",
            "****12345678",
            "13812345678*",
            "*13812345678",
            "13812345678××",
            "+86 139****5678",
        ],
    )
    def test_masked(self, text):
        assert codes(text) == []

    @pytest.mark.parametrize(
        "text",
        [
            "13812345678.00",
            "金额13812345678.5元",
            "0.13812345678",
            "3.13812345678",
            "１３８１２３４５６７８．００",
        ],
    )
    def test_amounts_are_not_mobiles(self, text):
        assert codes(text) == []

    def test_sentence_full_stop_after_a_mobile(self):
        assert codes("请拨打13812345678.") == [MOBILE]
        assert codes("请拨打13812345678. 谢谢") == [MOBILE]


# --------------------------------------------------------------------------- bank cards


class TestBankCard:
    @pytest.mark.parametrize("number", [CARD_16, CARD_17, CARD_19, "4111111111111111"])
    def test_contiguous(self, number):
        assert scan_text(number) == [PiiHit(CARD, 1, number)]

    @pytest.mark.parametrize("sep", [" ", "-", "\u3000", "－"])
    @pytest.mark.parametrize("number", [CARD_16, CARD_17, CARD_18, CARD_19])
    def test_grouped_in_fours(self, number, sep):
        text = grouped(number, sep)
        assert scan_text(f"卡号：{text}。") == [PiiHit(CARD, 1, text)]

    def test_18_digits_in_groups_is_judged_as_a_card(self):
        assert codes(grouped(CARD_18)) == [CARD]

    @pytest.mark.parametrize("body", ["622202123456789", "6222021234567890", "622202123456789012"])
    def test_luhn_failure(self, body):
        assert codes(bad_card(body)) == []
        assert codes(grouped(bad_card(body))) == []

    @pytest.mark.parametrize(
        "text",
        [
            make_card("62220212345678"),  # 15 digits
            make_card("6222021234567890123"),  # 20 digits
            "1" + CARD_16,
            CARD_16 + "1",
            "12345" + CARD_19,
            grouped(CARD_16) + " 1234",  # a fifth group of four
            grouped(CARD_16) + " 1",
            "1234 " + grouped(CARD_16),
            grouped(CARD_19) + " 1",
            grouped(CARD_16, "-") + "-1234",
        ],
    )
    def test_part_of_a_longer_number(self, text):
        assert codes(text) == []

    def test_sixteen_digits_inside_a_longer_luhn_run(self):
        # A Luhn-valid 16-digit run inside a 20-digit number is not a card.
        assert codes("9999" + CARD_16) == []
        assert codes(CARD_16 + "0000") == []

    @pytest.mark.parametrize(
        "text",
        [
            "6222 **** **** " + CARD_16[-4:],
            "6222********" + CARD_16[-4:],
            "**** **** **** " + CARD_16[-4:],
            "**** " + grouped(CARD_16),
            grouped(CARD_16) + " ****",
        ],
    )
    def test_masked(self, text):
        assert codes(text) == []

    @pytest.mark.parametrize("text", [CARD_16 + "***", "×" + CARD_16, CARD_16[:-1] + "*"])
    def test_fewer_than_four_masked_is_a_card(self, text):
        # CONTRACT §5: masked characters are digits it does not show; 1–3 of them can be
        # filled so that Luhn passes.
        assert codes(text) == [CARD]

    def test_card_followed_by_a_mobile(self):
        text = grouped(CARD_16) + " 13812345678"
        assert codes(text) == [CARD, MOBILE]

    def test_card_amount(self):
        assert codes(CARD_16 + ".00") == []


# --------------------------------------------------------------------------- no false positives


class TestNoFalsePositives:
    @pytest.mark.parametrize(
        "text",
        [
            "监督电话：12345",
            "12345热线",
            "0817-1234567",
            "(0817)1234567",
            "（0817）1234567",
            "0817 1234567",
            "0817-12345678",
            "028-81234567",
            "010-12345678-8001",
            "400-800-8888",
            "95588",
            "2025-03-14",
            "2025年3月14日",
            "20250314",
            "2025-03-14 13:45:00",
            "2025.03.14",
            "11511325MB0000019N/2025-00012",
            "索引号：11511325MB0000019N/2025-00012",
            wrong_id("91511325123456789"),  # ID-shaped (a credit code?), wrong check digit
            "91510100MA61234567",
            "1234567.89",
            "资金 1,234,567.89 元",
            "12,345,678,901,234,567",
            "邮编637000",
            "ISBN 978-7-111-12345-6",
            "川财预〔2025〕12号",
        ],
    )
    def test_not_matched(self, text):
        assert codes(text) == []

    def test_eleven_digits_inside_a_longer_run(self):
        assert codes("0" * 5 + "13812345678" + "0" * 5) == []
        assert codes("12345678901234") == []

    def test_wrong_check_digit_id_shaped(self):
        assert codes(wrong_id("11010519491231002")) == []

    def test_a_realistic_item(self):
        body = (
            "---\ntitle: 关于2025年第一季度财政预算执行情况的公告\ndate: 2025-04-15\n"
            "index_no: 11511325MB0000019N/2025-00012\n---\n\n"
            "1至3月，全县一般公共预算收入完成12345万元，为年初预算的26.8%。\n"
            "| 税收收入 | 32000 | 8765 | 27.4% |\n"
            "联系电话：0817-7221234，监督电话：12345，邮编637000。\n"
        )
        assert scan_text(body) == []


# --------------------------------------------------------------------------- allow-list


class TestAllow:
    def test_exact_string(self):
        assert scan_text("热线 138-1234-5678", allow=["138-1234-5678"]) == []

    def test_digits_only_form(self):
        for spelling in ("13812345678", "138 1234 5678", "+86 138-1234-5678", "(+86)13812345678"):
            assert scan_text(f"热线 {spelling}", allow=["13812345678"]) == [], spelling
        assert scan_text("热线 13812345678", allow=["+86 138 1234 5678"]) == []

    def test_allow_string_covering_the_hit(self):
        text = "公共服务热线：138 1234 5678（工作日）"
        assert scan_text(text, allow=["热线：138 1234 5678（工作日）"]) == []

    def test_allowed_number_does_not_pass_others(self):
        hits = scan_text("13812345678 与 13912345678", allow=["13812345678"])
        assert hits == [PiiHit(MOBILE, 1, "13912345678")]

    def test_partial_allow_string_does_not_pass(self):
        assert codes("13812345678", allow=["1381234"]) == [MOBILE]
        assert codes("13812345678", allow=["138123456789"]) == [MOBILE]

    def test_allow_id_and_card(self):
        text = f"{ID_X} {grouped(CARD_16)}"
        assert codes(text, allow=[ID_X.lower()]) == [CARD]
        assert codes(text, allow=[CARD_16]) == [ID]
        assert codes(text, allow=[ID_X, grouped(CARD_16, "-")]) == []

    def test_allow_values_from_yaml_may_be_numbers(self):
        assert scan_text("电话13812345678", allow=[13812345678]) == []

    def test_allow_single_string_and_empties(self):
        assert scan_text("电话13812345678", allow="13812345678") == []
        assert codes("电话13812345678", allow=["", "  ", None]) == [MOBILE]

    def test_allow_full_width(self):
        assert scan_text("电话１３８１２３４５６７８", allow=["13812345678"]) == []
        assert scan_text("电话13812345678", allow=["１３８１２３４５６７８"]) == []

    def test_allow_generator(self):
        assert scan_text("电话13812345678", allow=(s for s in ["13812345678"])) == []


# --------------------------------------------------------------------------- lines and order


class TestLines:
    def test_line_numbers(self):
        text = f"第一行\n电话 13812345678\n\n身份证 {ID_1}\n卡号 {grouped(CARD_16)}，另 13912345678\n"
        assert scan_text(text) == [
            PiiHit(MOBILE, 2, "13812345678"),
            PiiHit(ID, 4, ID_1),
            PiiHit(CARD, 5, grouped(CARD_16)),
            PiiHit(MOBILE, 5, "13912345678"),
        ]

    def test_crlf(self):
        assert [h.line for h in scan_text("a\r\nb\r\n13812345678\r\n")] == [3]

    def test_allowed_hits_do_not_shift_lines(self):
        text = "13812345678\nx\n13912345678"
        assert scan_text(text, allow=["13812345678"]) == [PiiHit(MOBILE, 3, "13912345678")]

    def test_separators_do_not_cross_lines(self):
        assert codes("138\n1234\n5678") == []

    def test_empty(self):
        assert scan_text("") == []

    def test_hit_is_frozen(self):
        hit = scan_text("13812345678")[0]
        with pytest.raises(AttributeError):
            hit.line = 2  # type: ignore[misc]


def test_everyday_numbers_of_a_long_notice_are_not_personal():
    # Index numbers, dates, landlines, hotlines and sums: none is a personal number.
    item = (
        "关于印发《2025年度财政预算执行情况》的通知 索引号：11511325MB0000019N/2025-00012 "
        "发布日期：2025-03-14 联系电话：0817-1234567，监督电话12345。资金总额1234567.89元。\n"
    ) * 20
    assert scan_text(item * 50) == []


# --------------------------------------------------------------------------- attachments


class TestScanFile:
    def test_csv_utf8_sig(self, tmp_path):
        path = tmp_path / "list.csv"
        path.write_text(
            f"姓名,电话,身份证\n张三,13812345678,{ID_1}\n李四,139****5678,无\n", encoding="utf-8-sig"
        )
        assert scan_file(path, ()) == [PiiHit(MOBILE, 2, "13812345678"), PiiHit(ID, 2, ID_1)]

    def test_csv_gb18030(self, tmp_path):
        path = tmp_path / "名单.CSV"
        path.write_bytes("序号,姓名,电话\n1,张三,0817-1234567\n2,李四,13912345678\n".encode("gb18030"))
        assert scan_file(path, []) == [PiiHit(MOBILE, 3, "13912345678")]

    def test_txt_and_allow(self, tmp_path):
        path = tmp_path / "notes.txt"
        path.write_text(f"热线 13812345678\n卡号 {grouped(CARD_19)}\n", encoding="utf-8")
        assert scan_file(path, ["13812345678"]) == [PiiHit(CARD, 2, grouped(CARD_19))]
        assert scan_file(path) == [PiiHit(MOBILE, 1, "13812345678"), PiiHit(CARD, 2, grouped(CARD_19))]

    def test_txt_utf16(self, tmp_path):
        path = tmp_path / "notes.txt"
        path.write_bytes("说明\r\n电话 13812345678\r\n".encode("utf-16"))
        assert scan_file(path) == [PiiHit(MOBILE, 2, "13812345678")]

    def test_xlsx(self, tmp_path):
        openpyxl = pytest.importorskip("openpyxl")
        path = tmp_path / "table.xlsx"
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["序号", "姓名", "电话", "身份证"])
        ws.append([1, "张三", 13812345678, ID_1])  # a mobile stored as a number
        ws.append([2, "李四", "139****5678", "5113**********1234"])
        ws.append([3, "王五", 13912345678.0, 1234567.89])  # Excel keeps numbers as floats
        ws.cell(row=9, column=2, value=f"卡号 {grouped(CARD_16)}")
        ws.append([20251, 13812])  # two neighbour cells must not glue into one number
        ws.append([None, "电话\n13712345678"])  # a line break inside a cell
        other = wb.create_sheet("第二页")
        other.cell(row=3, column=1, value=ID_2)
        wb.save(path)
        assert scan_file(path, ()) == [
            PiiHit(MOBILE, 2, "13812345678"),
            PiiHit(ID, 2, ID_1),
            PiiHit(MOBILE, 4, "13912345678"),
            PiiHit(CARD, 9, grouped(CARD_16)),
            PiiHit(MOBILE, 11, "13712345678"),
            PiiHit(ID, 3, ID_2),
        ]
        assert [h.line for h in scan_file(path, ["13812345678", ID_2])] == [2, 4, 9, 11]

    def test_xlsx_cells_are_not_glued(self, tmp_path):
        openpyxl = pytest.importorskip("openpyxl")
        path = tmp_path / "glue.xlsx"
        wb = openpyxl.Workbook()
        wb.active.append(["138", "12345678", 13812, 345678])
        wb.save(path)
        assert scan_file(path) == []

    def test_xlsx_formula_values(self, tmp_path):
        openpyxl = pytest.importorskip("openpyxl")
        path = tmp_path / "formula.xlsx"
        wb = openpyxl.Workbook()
        wb.active["A1"] = '="138"&"12345678"'  # no cached value: nothing to read, nothing published
        wb.active["A2"] = "=1+1"
        wb.save(path)
        assert scan_file(path) == []

    def test_docx(self, tmp_path):
        docx = pytest.importorskip("docx")
        path = tmp_path / "notice.docx"
        document = docx.Document()
        document.add_paragraph("关于公示的通知")
        document.add_paragraph("联系电话：0817-1234567")
        document.add_paragraph("联系人手机：138 1234 5678")
        table = document.add_table(rows=2, cols=3)
        table.cell(0, 0).text = "姓名"
        table.cell(0, 1).text = "身份证"
        table.cell(0, 2).text = "电话"
        table.cell(1, 0).text = "张三"
        table.cell(1, 1).text = ID_1
        table.cell(1, 2).text = "13912345678"
        merged = document.add_table(rows=1, cols=2)
        merged.cell(0, 0).merge(merged.cell(0, 1))
        merged.cell(0, 0).text = "卡号 " + CARD_16
        document.add_paragraph(f"账号 {CARD_17}")
        document.sections[0].header.paragraphs[0].text = "咨询 13712345678"
        document.save(path)
        assert scan_file(path, ()) == [
            PiiHit(MOBILE, 3, "138 1234 5678"),
            PiiHit(CARD, 4, CARD_17),
            PiiHit(ID, 1, ID_1),
            PiiHit(MOBILE, 1, "13912345678"),
            PiiHit(CARD, 1, CARD_16),  # once, although the merged cell spans two columns
            PiiHit(MOBILE, 1, "13712345678"),
        ]
        assert scan_file(path, ["13812345678", ID_1, CARD_16, CARD_17, "13912345678", "13712345678"]) == []

    def test_docx_table_cells_are_not_glued(self, tmp_path):
        docx = pytest.importorskip("docx")
        path = tmp_path / "glue.docx"
        document = docx.Document()
        table = document.add_table(rows=1, cols=2)
        table.cell(0, 0).text = "138"
        table.cell(0, 1).text = "12345678"
        document.save(path)
        assert scan_file(path) == []

    @pytest.mark.parametrize(
        "name", ["photo.jpg", "report.pdf", "data.xls", "notes.md", "archive.zip", "noext"]
    )
    def test_other_extensions(self, tmp_path, name):
        # Fail closed: a file the guard cannot read is never passed as clean.
        path = tmp_path / name
        path.write_text("13812345678", encoding="utf-8")
        with pytest.raises(UnreadableAttachment):
            scan_file(path, ())

    @pytest.mark.parametrize("name", ["broken.xlsx", "broken.docx"])
    def test_corrupt_file_raises(self, tmp_path, name):
        path = tmp_path / name
        path.write_bytes(b"this is not a zip file 13812345678")
        with pytest.raises(UnreadableAttachment) as info:
            scan_file(path, ())
        assert info.value.path == path
        assert info.value.__cause__ is not None

    def test_docx_renamed_xlsx_raises(self, tmp_path):
        docx = pytest.importorskip("docx")
        path = tmp_path / "wrong.xlsx"
        docx.Document().save(path)
        with pytest.raises(UnreadableAttachment):
            scan_file(path)

    def test_missing_file_raises(self, tmp_path):
        with pytest.raises(UnreadableAttachment):
            scan_file(tmp_path / "missing.csv")

    def test_accepts_str_path(self, tmp_path):
        path = tmp_path / "a.txt"
        path.write_text("13812345678", encoding="utf-8")
        assert scan_file(str(path)) == [PiiHit(MOBILE, 1, "13812345678")]
