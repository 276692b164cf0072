"""The text of a published file, in blocks with a location (CONTRACT §5).

Pure functions, no MkDocs. :func:`text_blocks` yields ``(Location, text)`` for every
part of a file that can hold text; a file that may hold text but cannot be read raises
:class:`Unreadable` with a Chinese reason (fail closed: the guard never passes what it
did not read). Work is bounded: a file whose parts are too large to check in
reasonable time is unreadable too.
"""

from __future__ import annotations

import datetime as dt
import decimal
import html
import pathlib
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import etree

if TYPE_CHECKING:  # pypdf is imported only when a PDF is read
    from pypdf import PageObject

__all__ = ["Location", "Unreadable", "text_blocks", "IMAGE_SUFFIXES"]

#: The uncompressed size of all XML parts of an OOXML/OFD zip a check reads. Real
#: county documents are a few MB; 2 million empty paragraphs are ~50 MB.
MAX_XML_BYTES = 40_000_000
#: Plain-text formats read whole: far above any published table.
MAX_TEXT_BYTES = 100_000_000
MAX_PDF_PAGES = 5_000
#: Paragraphs of a DOCX (all parts): a 1,000-page report has some 30,000.
MAX_PARAGRAPHS = 200_000

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".gif"})
_TEXT_SUFFIXES = frozenset({".csv", ".tsv", ".txt"})
_MARKUP_SUFFIXES = frozenset({".xml", ".html", ".htm", ".svg"})
_LEGACY = {
    ".doc": "旧版 Word（.doc）",
    ".xls": "旧版 Excel（.xls）",
    ".ppt": "旧版 PowerPoint（.ppt）",
    ".pptx": "PowerPoint（.pptx）",
    ".wps": "WPS 文字（.wps）",
    ".et": "WPS 表格（.et）",
    ".dps": "WPS 演示（.dps）",
    ".rtf": "RTF 文档",
}
_ARCHIVES = frozenset({".zip", ".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz"})


@dataclass(frozen=True)
class Location:
    """Where a block of text is: ``line`` is the 1-based line/row/paragraph (1 where
    none can be told); ``label`` says it in Chinese for a message (e.g.
    ``工作表“名单”第 3 行``, ``页眉``)."""

    line: int
    label: str
    metadata: bool = False  # document properties and the like: no part of what a reader reads


class Unreadable(Exception):
    """The file may hold text that cannot be read. ``reason`` is Chinese, for editors."""

    def __init__(self, path: pathlib.Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


Block = tuple[Location, str]


def text_blocks(path: pathlib.Path | str) -> Iterator[Block]:
    """Every block of text in the file at ``path`` (see the module doc).

    Raises :class:`Unreadable` for a file that cannot be read, a legacy or unknown
    format, an archive, or one too large to check."""
    path = pathlib.Path(path)
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        if suffix in IMAGE_SUFFIXES:
            reader = _image
        elif suffix in _LEGACY:
            raise Unreadable(path, f"{_LEGACY[suffix]}是旧的二进制格式，隐私检查无法读取其中的文字")
        elif suffix in _ARCHIVES:
            raise Unreadable(path, "压缩包里的文件隐私检查无法逐个读取")
        else:
            raise Unreadable(path, f"隐私检查不认识“{suffix or '无扩展名'}”这种文件，无法读取其中的文字")
    try:
        yield from reader(path)
    except Unreadable:
        raise
    except Exception as exc:  # third-party parsers raise many kinds of error
        raise Unreadable(path, f"文件已损坏，或内容与扩展名“{suffix}”不符（{type(exc).__name__}）") from exc


# --------------------------------------------------------------------------- plain text


def decode(data: bytes) -> str:
    """UTF-16 with a BOM, UTF-8 (BOM allowed), else GB 18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def _read_limited(path: pathlib.Path) -> bytes:
    if path.stat().st_size > MAX_TEXT_BYTES:
        raise Unreadable(path, f"文件超过 {MAX_TEXT_BYTES // 1_000_000} MB，隐私检查无法在合理时间内读完")
    return path.read_bytes()


def _lines(text: str, label: str = "") -> Iterator[Block]:
    # splitlines() counts CR-only (Excel "CSV (Macintosh)"), LF and CRLF line ends alike.
    for number, line in enumerate(text.splitlines(), start=1):
        if line:
            yield Location(number, f"{label}第 {number} 行"), line


def _plain(path: pathlib.Path) -> Iterator[Block]:
    yield from _lines(decode(_read_limited(path)))


def _json(path: pathlib.Path) -> Iterator[Block]:
    import json

    text = decode(_read_limited(path))
    json.loads(text)  # a damaged file is unreadable, not silently scanned as text
    # Escapes (\u0031) hide digits from a plain-text scan: decode every string literal.
    for number, line in enumerate(text.splitlines(), start=1):
        decoded = re.sub(r'"(?:[^"\\]|\\.)*"', lambda m: _json_string(m.group()), line)
        if decoded.strip():
            yield Location(number, f"第 {number} 行"), decoded


def _json_string(literal: str) -> str:
    import json

    try:
        return str(json.loads(literal))
    except ValueError:
        return literal


def _markup(path: pathlib.Path) -> Iterator[Block]:
    """XML and HTML: text, attribute values and comments, entities decoded, by line."""
    data = _read_limited(path)
    if path.suffix.lower() in (".xml", ".svg"):
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, huge_tree=False))
    else:
        from lxml import html as lxml_html

        root = lxml_html.document_fromstring(decode(data))
    for element in root.iter():
        line = element.sourceline or 1
        where = Location(line, f"第 {line} 行")
        if isinstance(element, etree._Comment | etree._ProcessingInstruction):
            if element.text:
                yield where, element.text
        else:
            for value in element.attrib.values():
                yield where, html.unescape(value)
            if element.text:
                yield where, element.text
        if element.tail:
            yield where, element.tail


# --------------------------------------------------------------------------- zip of XML


def _zip_parts(path: pathlib.Path) -> zipfile.ZipFile:
    archive = zipfile.ZipFile(path)
    total = sum(i.file_size for i in archive.infolist() if i.filename.lower().endswith((".xml", ".rels")))
    if total > MAX_XML_BYTES:
        archive.close()
        raise Unreadable(
            path,
            f"文件内部的文字部分解压后超过 {MAX_XML_BYTES // 1_000_000} MB，隐私检查无法在合理时间内读完",
        )
    return archive


def _xml(archive: zipfile.ZipFile, name: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(archive.read(name), parser)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _all_text(root: etree._Element) -> Iterator[str]:
    """Every text node and attribute value of a metadata part."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        yield from element.attrib.values()
        if element.text and element.text.strip():
            yield element.text


def _properties(archive: zipfile.ZipFile) -> Iterator[Block]:
    for name in ("docProps/core.xml", "docProps/app.xml", "docProps/custom.xml"):
        if name in archive.namelist():
            for text in _all_text(_xml(archive, name)):
                yield Location(1, "文档属性", metadata=True), text


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCX_TEXT = {_W + "t", _W + "delText", _W + "instrText", _W + "delInstrText"}
_DOCX_PARTS = (
    ("word/header", "页眉"),
    ("word/footer", "页脚"),
    ("word/comments", "批注"),
    ("word/footnotes", "脚注"),
    ("word/endnotes", "尾注"),
    ("word/glossary/", "文档部件"),
)


def _paragraph_text(p: etree._Element) -> str:
    """A paragraph's own text (inserted and deleted runs alike), not that of a text box
    or nested paragraph inside it, which is a block of its own."""
    parts = []
    for t in p.iter(*_DOCX_TEXT):
        if next(t.iterancestors(_W + "p"), None) is p and t.text:
            parts.append(t.text)
    return "".join(parts)


def _docx(path: pathlib.Path) -> Iterator[Block]:
    with _zip_parts(path) as archive:
        names = archive.namelist()
        if "word/document.xml" not in names:
            raise Unreadable(path, "文件不是有效的 Word 文档（缺少正文部分）")
        document = _xml(archive, "word/document.xml")
        count = sum(1 for _ in document.iter(_W + "p"))
        if count > MAX_PARAGRAPHS:
            raise Unreadable(
                path, f"文件有 {count} 个段落，超过 {MAX_PARAGRAPHS} 个，隐私检查无法在合理时间内读完"
            )
        body = document.find(_W + "body")
        top = [p for p in body if p.tag == _W + "p"] if body is not None else []
        top_ids = set(map(id, top))
        # Top-level paragraphs by number, as Word counts them; then everything else in the body
        # (tables, nested tables, text boxes incl. VML, content controls).
        for number, p in enumerate(top, start=1):
            text = _paragraph_text(p)
            if text:
                yield Location(number, f"正文第 {number} 段"), text
        if body is not None:
            for p in body.iter(_W + "p"):
                if id(p) not in top_ids:
                    text = _paragraph_text(p)
                    if text:
                        yield Location(1, "正文（表格、文本框等）"), text
        for prefix, label in _DOCX_PARTS:
            for name in sorted(n for n in names if n.startswith(prefix) and n.endswith(".xml")):
                for p in _xml(archive, name).iter(_W + "p"):
                    text = _paragraph_text(p)
                    if text:
                        yield Location(1, label), text
        yield from _properties(archive)


def _xlsx(path: pathlib.Path) -> Iterator[Block]:
    import openpyxl

    with _zip_parts(path):
        pass  # the size bound, before openpyxl parses anything
    # Cached values (what Excel shows) and formulas (a formula without a stored value
    # still holds its literals): the workbook read both ways.
    values = openpyxl.load_workbook(path, data_only=True)
    formulas = openpyxl.load_workbook(path, data_only=False)
    for ws, wf in zip(values.worksheets, formulas.worksheets, strict=True):
        sheet = f"工作表“{ws.title}”"
        yield Location(1, sheet), ws.title
        for row_v, row_f in zip(ws.iter_rows(), wf.iter_rows(), strict=False):
            number = (row_v[0].row if row_v else 1) or 1  # a merged cell's row is typed optional
            cells = [_cell_text(c.value) for c in row_v]
            extra = [
                f.value
                for f, v in zip(row_f, row_v, strict=False)
                if isinstance(f.value, str) and f.value != v.value
            ]
            where = Location(number, f"{sheet}第 {number} 行")
            if any(cells):
                yield where, "\t".join(cells)
            for text in extra:
                yield where, text
            for cell in row_f:
                if cell.comment is not None and cell.comment.text:
                    yield Location(number, f"{sheet}第 {number} 行的批注"), cell.comment.text
        for hf_name in ("oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter"):
            hf = getattr(wf, hf_name)
            for side in (hf.left, hf.center, hf.right):
                if side.text:
                    yield Location(1, f"{sheet}的页眉页脚"), side.text
    for name, defined in formulas.defined_names.items():
        yield Location(1, "名称管理器", metadata=True), f"{name}\t{defined.attr_text}"
    for ws in formulas.worksheets:
        for name, defined in ws.defined_names.items():
            yield Location(1, "名称管理器", metadata=True), f"{name}\t{defined.attr_text}"
    with zipfile.ZipFile(path) as archive:
        yield from _properties(archive)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool | int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        if value.is_integer():
            return str(int(value))
        s = repr(value)
        if "e" in s or "E" in s:
            s = format(decimal.Decimal(s), "f")
        return s
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _ofd(path: pathlib.Path) -> Iterator[Block]:
    with _zip_parts(path) as archive:
        names = archive.namelist()
        if "OFD.xml" not in names:
            raise Unreadable(path, "文件不是有效的 OFD 文档（缺少 OFD.xml）")
        for text in _all_text(_xml(archive, "OFD.xml")):
            yield Location(1, "文档信息", metadata=True), text
        pages = sorted(n for n in names if n.lower().endswith("content.xml"))
        for number, name in enumerate(pages, start=1):
            root = _xml(archive, name)
            # Characters of one line may be spread over several TextCode elements.
            line = "".join(e.text or "" for e in root.iter() if _local(e.tag) == "TextCode")
            if line:
                yield Location(number, f"第 {number} 页"), line


# --------------------------------------------------------------------------- PDF


def _pdf(path: pathlib.Path) -> Iterator[Block]:
    import pypdf

    reader = pypdf.PdfReader(path)
    if reader.is_encrypted:
        raise Unreadable(path, "PDF 已加密，隐私检查无法读取其中的文字")
    if len(reader.pages) > MAX_PDF_PAGES:
        raise Unreadable(path, f"PDF 超过 {MAX_PDF_PAGES} 页，隐私检查无法在合理时间内读完")
    info: Mapping[str, object] = reader.metadata or {}
    for value in info.values():
        yield Location(1, "文档信息", metadata=True), str(value)
    xmp = reader.xmp_metadata
    if xmp is not None:
        # FIXME (reported, issue 14): rdf_root is a minidom Element, not lxml's, so a PDF with XMP
        # metadata fails here and is reported unreadable; fixing it changes findings.
        for text in _all_text(xmp.rdf_root):  # type: ignore[arg-type]
            yield Location(1, "文档信息", metadata=True), text
    for number, page in enumerate(reader.pages, start=1):
        # Layout mode places text by its position on the page: a number drawn in several
        # pieces (one text run each) comes out whole; the plain mode puts each run on its own line.
        text = page.extract_text(extraction_mode="layout") or ""
        if not text.strip() and _has_images(page):
            raise Unreadable(path, f"PDF 第 {number} 页只有图片、没有文字层（可能是扫描件）")
        if text.strip():
            yield Location(number, f"第 {number} 页"), text


def _has_images(page: PageObject) -> bool:
    try:
        return bool(page.images)
    except Exception:  # noqa: BLE001 - an image pypdf cannot decode is still an image
        return True


# --------------------------------------------------------------------------- images


_EXIF_TEXT_TAGS = {
    0x010E: "ImageDescription",
    0x013B: "Artist",
    0x8298: "Copyright",
    0x010F: "Make",
    0x0110: "Model",
    0x0131: "Software",
    0x9286: "UserComment",
    0x9C9B: "XPTitle",
    0x9C9C: "XPComment",
    0x9C9D: "XPAuthor",
    0x9C9E: "XPKeywords",
    0x9C9F: "XPSubject",
}


def _exif_text(tag: int, value: object) -> str:
    if isinstance(value, bytes) and 0x9C9B <= tag <= 0x9C9F:  # Windows' XP tags: UTF-16LE
        return value.decode("utf-16-le", errors="replace").strip("\x00")
    if isinstance(value, bytes):
        if value[:8] in (b"UNICODE\x00",):
            return value[8:].decode("utf-16-be", errors="replace").strip("\x00")
        if value[:8] in (b"ASCII\x00\x00\x00", b"\x00" * 8):
            value = value[8:]
        try:
            return value.decode("utf-16-le").strip("\x00") if b"\x00" in value[:4] else decode(value)
        except UnicodeDecodeError:
            return decode(value)
    if isinstance(value, tuple) and all(isinstance(v, int) for v in value):  # XP tags as BYTE arrays
        return bytes(value).decode("utf-16-le", errors="replace").strip("\x00")
    return str(value)


def _image(path: pathlib.Path) -> Iterator[Block]:
    from PIL import Image

    with Image.open(path) as image:
        exif = image.getexif()
        ifds: list[Mapping[int, object]] = [exif]
        try:
            ifds.append(exif.get_ifd(0x8769))  # the Exif sub-IFD holds UserComment
        except Exception:  # noqa: BLE001 - no sub-IFD
            pass
        for ifd in ifds:
            for tag, name in _EXIF_TEXT_TAGS.items():
                if tag in ifd:
                    text = _exif_text(tag, ifd[tag])
                    if text.strip():
                        yield Location(1, f"图片说明（{name}）", metadata=True), text
        # PNG tEXt/zTXt/iTXt, GIF comments, XMP packets, and other text info.
        for key, value in image.info.items():
            if isinstance(value, bytes):
                value = decode(value)
            if isinstance(value, str) and value.strip():
                yield Location(1, f"图片说明（{key}）", metadata=True), f"{key}\t{value}"
        for key, value in getattr(image, "text", {}).items():
            yield Location(1, f"图片说明（{key}）", metadata=True), str(value)


_READERS = {
    **dict.fromkeys(_TEXT_SUFFIXES, _plain),
    ".json": _json,
    **dict.fromkeys(_MARKUP_SUFFIXES, _markup),
    ".docx": _docx,
    ".xlsx": _xlsx,
    ".ofd": _ofd,
    ".pdf": _pdf,
}
