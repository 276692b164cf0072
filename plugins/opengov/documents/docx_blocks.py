"""A .docx as blocks in reading order: paragraphs (text, bold runs, images, list marks) and tables.

python-docx reads the document; nothing here knows what a 红头文件 is (see :mod:`.redhead`).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph
from docx.text.run import Run

_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
_IMAGE_SUFFIXES = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/bmp": ".bmp",
    "image/tiff": ".tif",
    "image/webp": ".webp",
}


class DocumentError(Exception):
    """The file is no readable .docx. The message is Chinese, for editors."""


@dataclass(frozen=True)
class Image:
    data: bytes
    suffix: str  # ".png"


@dataclass
class Para:
    text: str  # the plain text, as Word shows it
    spans: list[tuple[str, bool]] = field(default_factory=list)  # (text, bold) runs
    images: list[Image] = field(default_factory=list)
    centered: bool = False
    right: bool = False
    list_level: int | None = None  # Word's own numbering (a bulleted or numbered list)
    ordered: bool = False


@dataclass
class TableBlock:
    rows: list[list[str]]


Block = Para | TableBlock


def read_docx(path: Path) -> list[Block]:
    """The blocks of the document body, in order. Raises :class:`DocumentError`."""
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(
            f"{path.name} 不是可以读取的 Word 文档（.docx）。请用 Word 或 WPS 另存为 .docx 后再试"
        ) from exc
    blocks: list[Block] = []
    # Style lookups through python-docx search the styles part every time: read it once.
    bold_styles = {
        style.style_id
        for style in document.styles
        if getattr(style, "font", None) is not None and style.font.bold
    }
    for part in document.iter_inner_content():
        if isinstance(part, Paragraph):
            blocks.append(_paragraph(document, part, bold_styles))
        else:
            blocks.append(_table(part))
    return blocks


def _paragraph(document: Document, paragraph: Paragraph, bold_styles: set[str]) -> Para:
    spans: list[tuple[str, bool]] = []
    images: list[Image] = []
    for inner in paragraph.iter_inner_content():
        runs = inner.runs if isinstance(inner, Hyperlink) else [inner]
        for run in runs:
            if run.text:
                spans.append((run.text, bool(run.bold) or _style_id(run) in bold_styles))
            images.extend(_images(document, run))
    alignment = paragraph.alignment
    level, ordered = _numbering(document, paragraph)
    return Para(
        text=paragraph.text,
        spans=spans,
        images=images,
        centered=alignment is not None and int(alignment) == 1,
        right=alignment is not None and int(alignment) == 2,
        list_level=level,
        ordered=ordered,
    )


def _style_id(run: Run) -> str | None:
    rpr: Any = run._r.rPr  # python-docx's oxml types are dynamic
    return rpr.rStyle.val if rpr is not None and rpr.rStyle is not None else None


def _images(document: Document, run: Run) -> list[Image]:
    out: list[Image] = []
    for blip in run._r.iter(_BLIP):
        rel_id = blip.get(_EMBED)
        part = document.part.related_parts.get(rel_id) if rel_id else None
        if part is None:
            continue
        suffix = _IMAGE_SUFFIXES.get(part.content_type)
        if suffix:
            out.append(Image(part.blob, suffix))
    return out


def _numbering(document: Document, paragraph: Paragraph) -> tuple[int | None, bool]:
    """Word's list level of the paragraph (0-based) and whether it counts, else (None, False)."""
    ppr = paragraph._p.pPr
    num_pr: Any = ppr.numPr if ppr is not None else None  # python-docx's oxml types are dynamic
    if num_pr is None or num_pr.numId is None or num_pr.numId.val == 0:
        return None, False
    level = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
    return level, _counts(document, int(num_pr.numId.val), level)


def _counts(document: Document, num_id: int, level: int) -> bool:
    """Whether list ``num_id`` numbers its items at ``level`` (else it has bullets)."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return False
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    abstract = numbering.xpath(f'./w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val', namespaces=ns)
    if not abstract:
        return False
    formats = numbering.xpath(
        f'./w:abstractNum[@w:abstractNumId="{abstract[0]}"]/w:lvl[@w:ilvl="{level}"]/w:numFmt/@w:val',
        namespaces=ns,
    )
    return bool(formats) and formats[0] != "bullet"


def _table(table: Table) -> TableBlock:
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            # A merged cell is reported once for every grid column it spans.
            if previous is not None and cell._tc is previous:
                cells.append("")
                continue
            previous = cell._tc
            cells.append(" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
        rows.append(cells)
    return TableBlock(rows)
