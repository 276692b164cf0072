"""Attachments are read in every part that can hold text, and fail closed (CONTRACT §5)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import build, check, finding_heads, findings, site_files, snapshot
from factories import attachment_portal, item_md, make_portal

from opengov.core.extract import Unreadable, text_blocks


def make_id(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights, strict=True)) % 11]


ID = make_id("51132519800101123")
MOBILE = "13912345678"
ITEM = "content/news/a.md"
ENTRY_LINE = 7  # ---, title, date, category, publisher, attachments:, - entry


def errors(output: str) -> list[str]:
    return [line for line in findings(output) if ": error " in line]


def heads(root: Path) -> list[str]:
    """The error findings of ``opengov check`` without their messages (warnings left out)."""
    return [h for h in finding_heads(check(root)[1]) if ": error " in h]


# --------------------------------------------------------------------------- generators


def _docx_bytes(edit: Callable[[object], None]) -> bytes:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("关于公示的通知")
    edit(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_body_xml(xml: str) -> Callable[[object], None]:
    """A raw WordprocessingML element appended to the body (text boxes, tracked changes…)."""

    def edit(document: object) -> None:
        from docx.oxml import parse_xml

        ns = (
            'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'xmlns:v="urn:schemas-microsoft-com:vml"'
        )
        body = document.element.body  # type: ignore[attr-defined]
        body.insert(len(body) - 1, parse_xml(xml.replace("NS", ns)))  # before sectPr

    return edit


def _docx_first_header(document: object) -> None:
    section = document.sections[0]  # type: ignore[attr-defined]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = f"首页页眉 {MOBILE}"


def _docx_even_footer(document: object) -> None:
    document.settings.odd_and_even_pages_header_footer = True  # type: ignore[attr-defined]
    document.sections[0].even_page_footer.paragraphs[0].text = f"偶数页页脚 {MOBILE}"  # type: ignore[attr-defined]


def _docx_comment(document: object) -> None:
    paragraph = document.add_paragraph("待核")  # type: ignore[attr-defined]
    document.add_comment(paragraph.runs, text=f"联系人 {MOBILE}", author="审核")  # type: ignore[attr-defined]


def _docx_nested_table(document: object) -> None:
    table = document.add_table(rows=1, cols=1)  # type: ignore[attr-defined]
    inner = table.cell(0, 0).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = ID


def _docx_core(document: object) -> None:
    document.core_properties.author = f"经办 {MOBILE}"  # type: ignore[attr-defined]


def _with_part(data: bytes, name: str, xml: str) -> bytes:
    """``data`` (a zip) with one more part, e.g. footnotes or custom properties."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr(name, xml)
    return out.getvalue()


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
DOCX_CASES = {
    "body": (lambda d: d.add_paragraph(f"联系人手机：{MOBILE}"), 2),
    "nested-table": (_docx_nested_table, 1),
    "first-page-header": (_docx_first_header, 1),
    "even-page-footer": (_docx_even_footer, 1),
    "text-box-vml": (
        _docx_body_xml(
            "<w:p NS><w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r>"
            f"<w:t>{MOBILE}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
        ),
        1,
    ),
    "content-control": (
        _docx_body_xml(
            f"<w:sdt NS><w:sdtContent><w:p><w:r><w:t>{ID}</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        ),
        1,
    ),
    "tracked-deletion": (
        _docx_body_xml(
            f'<w:p NS><w:del w:id="1" w:author="a"><w:r><w:delText>{ID}</w:delText></w:r></w:del></w:p>'
        ),
        2,
    ),
    "tracked-insertion-split": (
        _docx_body_xml(
            '<w:p NS><w:r><w:t>511325</w:t></w:r><w:ins w:id="2" w:author="a"><w:r>'
            f"<w:t>{ID[6:]}</w:t></w:r></w:ins></w:p>"
        ),
        2,
    ),
    "comment": (_docx_comment, 1),
    "core-properties": (_docx_core, 1),
}


@pytest.mark.parametrize("case", DOCX_CASES)
def test_docx_part_is_read(tmp_path: Path, case: str) -> None:
    edit, line = DOCX_CASES[case]
    root = attachment_portal(tmp_path, "f.docx", _docx_bytes(edit))
    found = heads(root)
    assert any(h.startswith(f"content/news/f.docx:{line}: error pii-") for h in found), found


def test_docx_footnotes_and_custom_properties(tmp_path: Path) -> None:
    data = _docx_bytes(lambda d: None)
    data = _with_part(
        data,
        "word/footnotes.xml",
        f"<w:footnotes {W_NS}><w:footnote><w:p><w:r><w:t>{ID}</w:t></w:r></w:p></w:footnote></w:footnotes>",
    )
    data = _with_part(
        data,
        "docProps/custom.xml",
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f'<property name="联系人"><vt:lpwstr>{MOBILE}</vt:lpwstr></property></Properties>',
    )
    root = attachment_portal(tmp_path, "f.docx", data)
    assert heads(root) == [
        "content/news/f.docx:1: error pii-id-number",
        "content/news/f.docx:1: error pii-mobile",
    ]


def _xlsx_bytes(edit: Callable[[object], None]) -> bytes:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    wb.active.append(["序号", "姓名"])
    edit(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _xlsx_hidden_sheet(wb: object) -> None:
    ws = wb.create_sheet("名单")  # type: ignore[attr-defined]
    ws.sheet_state = "hidden"
    ws.append(["序号", "姓名", "电话"])
    ws.append([1, "张三", "0817-1234567"])
    ws.append([2, "李四", MOBILE])


def _xlsx_comment(wb: object) -> None:
    from openpyxl.comments import Comment

    wb.active["C4"].comment = Comment(f"身份证 {ID}", "审核")  # type: ignore[attr-defined]


def _xlsx_header(name: str) -> Callable[[object], None]:
    def edit(wb: object) -> None:
        getattr(wb.active, name).center.text = f"咨询 {MOBILE}"  # type: ignore[attr-defined]

    return edit


def _xlsx_formula(wb: object) -> None:
    wb.active["B5"] = f'="{MOBILE}"'  # type: ignore[attr-defined]  # no stored value


def _xlsx_defined_name(wb: object) -> None:
    from openpyxl.workbook.defined_name import DefinedName

    wb.defined_names["联系人"] = DefinedName("联系人", attr_text=f'"{MOBILE}"')  # type: ignore[attr-defined]


def _xlsx_core(wb: object) -> None:
    wb.properties.creator = f"经办 {MOBILE}"  # type: ignore[attr-defined]


def _xlsx_custom(wb: object) -> None:
    from openpyxl.packaging.custom import StringProperty

    wb.custom_doc_props.append(StringProperty(name="联系人", value=ID))  # type: ignore[attr-defined]


XLSX_CASES = {
    "hidden-sheet": (_xlsx_hidden_sheet, 3, "工作表“名单”第 3 行"),
    "cell-comment": (_xlsx_comment, 4, "批注"),
    "odd-header": (_xlsx_header("oddHeader"), 1, "页眉页脚"),
    "even-footer": (_xlsx_header("evenFooter"), 1, "页眉页脚"),
    "first-header": (_xlsx_header("firstHeader"), 1, "页眉页脚"),
    "formula-without-value": (_xlsx_formula, 5, "第 5 行"),
    "defined-name": (_xlsx_defined_name, 1, "名称管理器"),
    "core-properties": (_xlsx_core, 1, "文档属性"),
    "custom-properties": (_xlsx_custom, 1, "文档属性"),
}


@pytest.mark.parametrize("case", XLSX_CASES)
def test_xlsx_part_is_read(tmp_path: Path, case: str) -> None:
    edit, line, where = XLSX_CASES[case]
    root = attachment_portal(tmp_path, "f.xlsx", _xlsx_bytes(edit))
    lines = errors(check(root)[1])
    assert any(f.startswith(f"content/news/f.xlsx:{line}: error pii-") and where in f for f in lines), lines


TEXT_CASES = {
    "csv-cr-only": ("f.csv", f"姓名,电话\r张三,0817-1234567\r李四,{MOBILE}\r".encode(), 3),
    "csv-crlf-bom": ("f.csv", f"\ufeff姓名,电话\r\n\r\n李四,{MOBILE}\r\n".encode(), 3),
    "tsv": ("f.tsv", f"姓名\t电话\n李四\t{MOBILE}\n".encode(), 2),
    "txt-utf16": ("f.txt", f"说明\n电话 {MOBILE}\n".encode("utf-16"), 2),
    "txt-gb18030": ("f.txt", f"说明\n\n身份证 {ID}\n".encode("gb18030"), 3),
    "json-escaped": (
        "f.json",
        ('{\n "a": 1,\n "tel": "' + "".join(f"\\u{ord(c):04x}" for c in MOBILE) + '"\n}').encode(),
        3,
    ),
    "xml-attribute": ("f.xml", f'<?xml version="1.0"?>\n<r>\n<p tel="{MOBILE}"/>\n</r>'.encode(), 3),
    "html-entities": ("f.html", f"<p>说明</p>\n<p>&#53;{ID[1:]}</p>".encode(), 2),
    "html-comment": ("f.htm", f"<p>说明</p>\n\n<!-- 内部 {MOBILE} -->".encode(), 3),
    "html-attribute": ("f.html", f'<p>说明</p>\n<a title="{MOBILE}">x</a>'.encode(), 2),
}


@pytest.mark.parametrize("case", TEXT_CASES)
def test_text_format_is_read_by_line(tmp_path: Path, case: str) -> None:
    name, data, line = TEXT_CASES[case]
    root = attachment_portal(tmp_path, name, data)
    found = heads(root)
    assert len(found) == 1 and found[0].startswith(f"content/news/{name}:{line}: error pii-"), found


# --------------------------------------------------------------------------- PDF, OFD, images


def _pdf(draw: Callable[[object], None], author: str = "") -> bytes:
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.setFont("STSong-Light", 12)
    if author:
        c.setAuthor(author)
    c.drawString(72, 760, "关于低保对象的公示")
    draw(c)
    c.showPage()
    c.save()
    return out.getvalue()


def _split_runs(c: object) -> None:
    """The ID drawn in three pieces, one drawString (text run) each, on one line."""
    from reportlab.pdfbase import pdfmetrics

    x = 72.0
    for part in (f"张三 {ID[:10]}", ID[10:14], ID[14:] + " 已公示"):
        c.drawString(x, 700, part)  # type: ignore[attr-defined]
        x += pdfmetrics.stringWidth(part, "STSong-Light", 12)


def _png(**text: str) -> bytes:
    pytest.importorskip("PIL")
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    for key, value in text.items():
        info.add_itxt(key, value)
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, "PNG", pnginfo=info)
    return out.getvalue()


def _image_only_pdf() -> bytes:
    pytest.importorskip("reportlab")
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.drawImage(ImageReader(io.BytesIO(_png())), 72, 400, 400, 300)
    c.showPage()
    c.save()
    return out.getvalue()


def _jpeg_exif(tag: int, value: object, ifd: int | None = None) -> bytes:
    pytest.importorskip("PIL")
    from PIL import Image

    image = Image.new("RGB", (8, 8), "white")
    exif = image.getexif()
    if ifd is None:
        exif[tag] = value
    else:
        exif.get_ifd(ifd)[tag] = value
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def _ofd(text_codes: list[str], author: str = "") -> bytes:
    ofd = (
        '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" DocType="OFD">'
        f"<ofd:DocBody><ofd:DocInfo><ofd:Title>公示</ofd:Title><ofd:Author>{author}</ofd:Author></ofd:DocInfo>"
        "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
    )
    codes = "".join(
        f'<ofd:TextObject ID="{i}" Boundary="0 0 100 10" Font="1" Size="3"><ofd:TextCode X="{i}" Y="5">{t}'
        "</ofd:TextCode></ofd:TextObject>"
        for i, t in enumerate(text_codes)
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content>'
        f'<ofd:Layer ID="9">{codes}</ofd:Layer></ofd:Content></ofd:Page>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("OFD.xml", ofd)
        z.writestr("Doc_0/Document.xml", '<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"/>')
        z.writestr("Doc_0/Pages/Page_0/Content.xml", content)
    return out.getvalue()


def _webp_xmp() -> bytes:
    pytest.importorskip("PIL")
    from PIL import Image

    out = io.BytesIO()
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>{MOBILE}</dc:creator></x:xmpmeta>'.encode()
    Image.new("RGB", (8, 8), "white").save(out, "WEBP", xmp=xmp)
    return out.getvalue()


BINARY_CASES = {
    "pdf-cid-font": ("f.pdf", lambda: _pdf(lambda c: c.drawString(72, 700, f"张三 身份证号：{ID}")), 1),
    "pdf-split-runs": ("f.pdf", lambda: _pdf(_split_runs), 1),
    "pdf-information": ("f.pdf", lambda: _pdf(lambda c: None, author=f"经办 {MOBILE}"), 1),
    "ofd-text-split": ("f.ofd", lambda: _ofd(["张三 ", ID[:9], ID[9:]]), 1),
    "ofd-docinfo": ("f.ofd", lambda: _ofd(["公示"], author=MOBILE), 1),
    "png-itxt": ("f.png", lambda: _png(Comment=f"拍摄 {MOBILE}"), 1),
    "jpeg-image-description": ("f.jpg", lambda: _jpeg_exif(0x010E, f"张三 {ID}"), 1),
    "jpeg-artist": ("f.jpeg", lambda: _jpeg_exif(0x013B, MOBILE), 1),
    "jpeg-xp-comment": (
        "f.jpg",
        lambda: _jpeg_exif(0x9C9C, f"电话 {MOBILE}".encode("utf-16-le") + b"\0\0"),
        1,
    ),
    "jpeg-user-comment": ("f.jpg", lambda: _jpeg_exif(0x9286, b"ASCII\0\0\0" + MOBILE.encode(), 0x8769), 1),
    "webp-xmp": ("f.webp", _webp_xmp, 1),
}


@pytest.mark.parametrize("case", BINARY_CASES)
def test_binary_format_is_read(tmp_path: Path, case: str) -> None:
    name, make, line = BINARY_CASES[case]
    root = attachment_portal(tmp_path, name, make())
    found = heads(root)
    assert found and all(h.startswith(f"content/news/{name}:{line}: error pii-") for h in found), found


def test_pdf_chinese_text_is_extracted_whole(tmp_path: Path) -> None:
    path = tmp_path / "f.pdf"
    path.write_bytes(_pdf(_split_runs))
    text = "\n".join(t for _, t in text_blocks(path))
    assert "关于低保对象的公示" in text and ID in text


# --------------------------------------------------------------------------- fail closed


def _csv() -> bytes:
    return "姓名,电话\n张三,0817-1234567\n".encode()


UNREADABLE = {
    "image-only-pdf": ("scan.pdf", _image_only_pdf, "扫描件"),
    "legacy-doc": ("old.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "旧版 Word"),
    "docx-really-csv": ("fake.docx", _csv, "损坏"),
    "xlsx-really-csv": ("fake.xlsx", _csv, "损坏"),
    "zip": ("all.zip", lambda: _with_part(_ofd(["x"]), "a.txt", MOBILE), "压缩包"),
}


@pytest.mark.parametrize("case", UNREADABLE)
def test_unreadable_is_unchecked_attachment(tmp_path: Path, case: str) -> None:
    name, make, reason = UNREADABLE[case]
    root = attachment_portal(tmp_path, name, make())
    status, out = check(root)
    assert status == 1
    lines = errors(out)
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{ITEM}:{ENTRY_LINE}: error unchecked-attachment: ")
    assert reason in lines[0] and "已核查: 是" in lines[0]


@pytest.mark.parametrize("case", ["image-only-pdf", "legacy-doc", "docx-really-csv", "xlsx-really-csv"])
@pytest.mark.parametrize("key", ["reviewed: true", "已核查: 是"])
def test_reviewed_attachment_passes(tmp_path: Path, case: str, key: str) -> None:
    name, make, _ = UNREADABLE[case]
    k, v = key.split(": ")
    root = attachment_portal(tmp_path, name, make(), {"path": name, k: v})
    status, out = check(root)
    assert status == 0 and not errors(out), out


@pytest.mark.parametrize("value", ["yes", "1", "[true]", '"是的"'])
def test_reviewed_must_be_boolean(tmp_path: Path, value: str) -> None:
    root = attachment_portal(tmp_path, "f.csv", _csv(), {"path": "f.csv", "reviewed": value})
    assert heads(root) == [f"{ITEM}:{ENTRY_LINE}: error bad-value"]


def test_reviewed_file_still_reports_pii_it_can_read(tmp_path: Path) -> None:
    data = _docx_bytes(lambda d: d.add_paragraph(f"电话 {MOBILE}"))
    root = attachment_portal(tmp_path, "f.docx", data, {"path": "f.docx", "已核查": "是"})
    assert heads(root) == ["content/news/f.docx:2: error pii-mobile"]


def test_body_linked_unreadable_file_is_unchecked(tmp_path: Path) -> None:
    root = make_portal(
        tmp_path,
        {
            ITEM: item_md(body="见[附件](old.xls)。\n"),
            "content/news/old.xls": b"\xd0\xcf\x11\xe0" + bytes(64),
        },
    )
    assert heads(root) == ["content/news/old.xls:1: error unchecked-attachment"]


CLEAN = {
    "pdf": ("f.pdf", lambda: _pdf(lambda c: c.drawString(72, 700, "联系电话：0817-1234567"))),
    "docx": ("f.docx", lambda: _docx_bytes(lambda d: d.add_paragraph("联系电话：0817-1234567"))),
    "xlsx": ("f.xlsx", lambda: _xlsx_bytes(lambda wb: None)),
    "png-without-text": ("f.png", _png),
    "jpeg-without-exif": ("f.jpg", lambda: _jpeg_exif(0x0131, "")),
    "ofd": ("f.ofd", lambda: _ofd(["公示名单略"])),
}


@pytest.mark.parametrize("case", CLEAN)
def test_clean_file_passes(tmp_path: Path, case: str) -> None:
    name, make = CLEAN[case]
    root = attachment_portal(tmp_path, name, make())
    status, out = check(root)
    assert status == 0 and not errors(out), out


def test_huge_docx_is_unreadable_quickly(tmp_path: Path) -> None:
    import time

    paragraphs = "<w:p/>" * 2_000_000
    xml = f"<w:document {W_NS}><w:body>{paragraphs}</w:body></w:document>"
    path = tmp_path / "big.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", xml)
    start = time.monotonic()
    with pytest.raises(Unreadable) as info:
        list(text_blocks(path))
    assert time.monotonic() - start < 5
    assert "段落" in info.value.reason


# --------------------------------------------------------------------------- builds


@pytest.mark.parametrize(
    "name, make",
    [
        ("f.pdf", lambda: _pdf(_split_runs)),
        ("f.xlsx", lambda: _xlsx_bytes(_xlsx_hidden_sheet)),
        ("scan.pdf", _image_only_pdf),
    ],
)
def test_build_fails_and_site_unchanged(tmp_path: Path, name: str, make: Callable[[], bytes]) -> None:
    root = make_portal(tmp_path, {ITEM: item_md()})
    assert build(root).returncode == 0
    before = snapshot(root / "site")
    attachment = root / "content/news" / name
    attachment.write_bytes(make())
    (root / ITEM).write_text(item_md(attachments=[name]), encoding="utf-8")
    result = build(root)
    assert result.returncode != 0
    assert snapshot(root / "site") == before


def test_reviewed_file_is_published(tmp_path: Path) -> None:
    data = _image_only_pdf()
    root = attachment_portal(tmp_path, "scan.pdf", data, {"path": "scan.pdf", "已核查": "是"})
    assert build(root).returncode == 0
    assert site_files(root / "site")["news/scan.pdf"] == data
