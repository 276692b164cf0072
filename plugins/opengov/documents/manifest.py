"""A former portal's archive manifest (``opengov import``): one row per item, in .xlsx or .csv.

Headers are the front matter's keys in either language (标题 / title …), plus 正文 (the body,
text or HTML), 正文文件 (a .docx, .html, .txt or .md file holding it), 附件 (files separated
by ``;``) and 原网址 (the item's address on the former portal). A row is numbered as the
spreadsheet numbers it (the header is row 1), so a message points at the row an editor sees.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from ..core.extract import decode
from ..core.frontmatter import ALIAS_TO_KEY

# The manifest's own columns, besides the front matter's keys.
EXTRA_HEADERS = {
    "body": ("body", "正文"),
    "body_file": ("body_file", "正文文件"),
    "attachments": ("attachments", "附件"),
    "old_urls": ("old_urls", "原网址", "旧网址"),
}
HEADER_TO_KEY = {**ALIAS_TO_KEY, **{name: key for key, names in EXTRA_HEADERS.items() for name in names}}
HEADER_TO_KEY["categories"] = "category"
REQUIRED_HEADERS = {"title": "标题", "date": "发布日期", "category": "栏目", "publisher": "发布机构"}


class ManifestError(Exception):
    """The file cannot be read as a manifest at all (message in Chinese)."""


@dataclass
class Row:
    number: int  # the spreadsheet's row number
    values: dict[str, str] = field(default_factory=dict)  # canonical key -> text ("" left out)


@dataclass
class Manifest:
    path: Path
    sheet: str | None  # the worksheet read (None for CSV)
    rows: list[Row]
    header_problems: list[str] = field(default_factory=list)

    def where(self, row: int) -> str:
        """``MANIFEST.xlsx:ROW`` as a message starts."""
        return f"{self.path}:{row}"

    @property
    def sheet_note(self) -> str:
        return f"工作表“{self.sheet}”：" if self.sheet else ""


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table(path: Path) -> tuple[str | None, list[list[str]]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        text = decode(path.read_bytes())
        return None, [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
    if suffix == ".xlsx":
        import openpyxl

        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds of error for a damaged file
            raise ManifestError(f"{path} 不是可以读取的 Excel 文件（.xlsx）：{type(exc).__name__}") from exc
        try:
            sheet = book.worksheets[0]
            rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            return sheet.title, rows
        finally:
            book.close()
    raise ManifestError(f"{path}：清单应当是 .xlsx 或 .csv 文件")


def read_manifest(path: Path) -> Manifest:
    """Rows of the first worksheet (or the CSV), headers mapped to keys. Raises ManifestError."""
    if not path.is_file():
        raise ManifestError(f"{path} 不存在")
    sheet, table = _table(path)
    if not table:
        raise ManifestError(f"{path} 是空的：第 1 行应当是表头（标题、发布日期、栏目、发布机构……）")
    manifest = Manifest(path, sheet, [])
    keys: list[str | None] = []
    for header in table[0]:
        name = header.strip()
        key = HEADER_TO_KEY.get(name) or HEADER_TO_KEY.get(name.lower())
        if name and key is None:
            manifest.header_problems.append(
                f"不认识的列名“{name}”（可用的列名与条目前言的键相同，中英文均可）"
            )
        if key in keys and key is not None:
            manifest.header_problems.append(f"列“{name}”与前面的列重复")
            key = None
        keys.append(key)
    for key, label in REQUIRED_HEADERS.items():
        if key not in keys:
            manifest.header_problems.append(f"缺少必需的列“{label}”（或 {key}）")
    for number, cells in enumerate(table[1:], 2):
        values = {k: v for k, v in zip(keys, cells, strict=False) if k is not None and v}
        if values:  # an empty row is no item
            manifest.rows.append(Row(number, values))
    return manifest


def split_list(text: str) -> list[str]:
    """``a; b；c`` → ``[a, b, c]`` (the manifest's lists: 附件, 原网址, 栏目, 主题分类 …)."""
    return [part.strip() for part in text.replace("；", ";").split(";") if part.strip()]
