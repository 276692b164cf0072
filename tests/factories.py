"""Portals for tests, on disk and in memory: the one place every test file takes them from.

On disk (a real portal folder that ``mkdocs build`` and ``opengov check`` read):

- :func:`make_portal` writes ``mkdocs.yml`` (CONTRACT §6, verbatim), a catalog,
  ``docs/index.md`` and any files given (paths relative to the portal root);
- :func:`item_md` renders one disclosure item with front matter;
- :func:`attachment_portal` is one item with one attachment, :func:`annual_report_portal`
  a portal with an annual-report file;
- :func:`cjk_pdf` and :func:`xlsx_file` make attachments with Chinese text; :func:`redhead_docx`
  a Word 红头文件 as a county office writes it.

In memory (the objects the loader would make, for pure functions of a :class:`Portal`):

- :func:`memory_catalog`, :func:`memory_item`, :func:`memory_portal`; :func:`at` is a
  Beijing-time moment of a day.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from opengov.core.model import BEIJING, Catalog, Column, Department, Item, Organization, Portal, sort_key

SITE_URL = "https://example.gov.cn/"
ORG_CODE = "11511325MB12345622"  # passes GB 32100
DEPT_CODE = "11511325MB0000019N"  # passes GB 32100

# CONTRACT §6, word for word.
MKDOCS_YML = """\
site_name: 某某县人民政府信息公开
site_url: https://example.gov.cn/
theme:
  name: material
  language: zh
plugins:
  - opengov
"""

DEFAULT_CATALOG = f"""\
organization:
  name: 示例县人民政府
  code: {ORG_CODE}
columns:
  - id: fiscal
    title: 财政信息
    cadence: monthly
    inspection: notice
    description: 财政收支、预决算
    children:
      - id: budget
        title: 预决算
        cadence: yearly
      - id: funds
        title: 专项资金
  - id: news
    title: 要闻动态
    inspection: news
  - id: policy
    title: 政策文件
  - id: empty
    title: 空白栏目
departments:
  - id: czj
    name: 县财政局
    code: {DEPT_CODE}
  - id: zfb
    name: 县政府办公室
"""

DOCS_INDEX = "# 欢迎\n\n某某县人民政府信息公开门户。\n"

# Every footer mark filled in (no ``missing-footer-mark``): for builds that must pass ``--strict``.
FULL_FOOTER = {
    "sponsor": "某某县人民政府办公室",
    "contact": "电话：0817-1234567",
    "site_code": "5113250001",
    "icp": "蜀ICP备12345678号",
    "police_record": "川公网安备 51132502000001号",
    "gov_badge": "images/gov-badge.png",
    "gov_badge_link": "https://bszs.conac.cn/sitename?method=show&id=1",
    "error_report_url": "https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?sitecode=5113250001",
}
# A 1×1 PNG (a whole one: the output gate reads every image it publishes), for ``docs/images/gov-badge.png``.
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478"
    "9c6360606060000000050001a5f645400000000049454e44ae426082"
)


def _yaml_value(value: object, indent: str = "") -> str:
    """A front matter value as YAML text: strings are written as given (raw YAML)."""
    if isinstance(value, bool):
        return " true" if value else " false"
    if isinstance(value, list | tuple):
        lines = []
        for entry in value:
            if isinstance(entry, Mapping):
                pairs = list(entry.items())
                first = f"{indent}  - {pairs[0][0]}: {pairs[0][1]}"
                rest = [f"{indent}    {k}: {v}" for k, v in pairs[1:]]
                lines.extend([first, *rest])
            else:
                lines.append(f"{indent}  - {entry}")
        return "\n" + "\n".join(lines) if lines else " []"
    return f" {value}"


def item_md(
    title: str = "测试条目",
    date: str | None = "2024-05-01",
    category: str | list[str] | None = "news",
    publisher: str | None = "czj",
    body: str = "正文。\n",
    **fields: object,
) -> str:
    """One item's Markdown. ``None`` leaves a key out; other keys go in the order given.

    String values are raw YAML (quote them yourself where YAML needs it); lists
    become block lists, one element a line; dicts inside lists become mappings.
    """
    pairs: list[tuple[str, object]] = [
        ("title", title),
        ("date", date),
        ("category" if not isinstance(category, list) else "categories", category),
        ("publisher", publisher),
        *fields.items(),
    ]
    lines = ["---"]
    for key, value in pairs:
        if value is None:
            continue
        lines.append(f"{key}:{_yaml_value(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n" + body


def make_portal(
    root: Path,
    items: Mapping[str, str | bytes],
    catalog: str | bytes | None = None,
    mkdocs_extra: str = "",
    plugin_options: Mapping[str, object] | None = None,
    mkdocs_yml: str | None = None,
) -> Path:
    """Write a portal into ``root`` and return ``root``.

    ``items`` maps paths relative to the portal root (``content/news/a.md``,
    ``content/news/data.csv``, ``docs/about.md``) to text (written as UTF-8)
    or bytes (written as given). ``docs/index.md`` is added unless given.
    ``catalog`` replaces :data:`DEFAULT_CATALOG`; ``mkdocs_extra`` is appended
    to the contract's ``mkdocs.yml``; ``plugin_options`` turns ``- opengov``
    into ``- opengov: {options}``; ``mkdocs_yml`` replaces the file entirely.
    """
    root.mkdir(parents=True, exist_ok=True)
    if mkdocs_yml is None:
        mkdocs_yml = MKDOCS_YML
        if plugin_options:
            options = "".join(
                f"      {k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in plugin_options.items()
            )
            mkdocs_yml = mkdocs_yml.replace("  - opengov\n", "  - opengov:\n" + options)
        mkdocs_yml += mkdocs_extra
    (root / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")
    files: dict[str, str | bytes] = {
        "content/catalog.yml": DEFAULT_CATALOG if catalog is None else catalog,
        "docs/index.md": DOCS_INDEX,
    }
    files.update(items)
    for rel_path, data in files.items():
        target = root / rel_path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_bytes(data.encode("utf-8"))
    (root / "content").mkdir(exist_ok=True)
    (root / "docs").mkdir(exist_ok=True)
    return root


def attachment_portal(root: Path, name: str, data: bytes, entry: object = None) -> Path:
    """One item (``content/news/a.md``) listing one attachment ``content/news/<name>``;
    ``entry`` replaces the attachment's entry (a mapping with ``path``, ``title``…)."""
    attachment = entry if entry is not None else name
    return make_portal(
        root,
        {"content/news/a.md": item_md(attachments=[attachment]), f"content/news/{name}": data},
    )


def annual_report_portal(root: Path, annual_yaml: str, items: Mapping[str, str | bytes]) -> Path:
    """A portal with ``items`` whose ``annual_report`` option names ``annual.yml``, holding
    ``annual_yaml``."""
    return make_portal(
        root, {**items, "annual.yml": annual_yaml}, plugin_options={"annual_report": "annual.yml"}
    )


def cjk_pdf(lines: Iterable[str]) -> bytes:
    """A one-page PDF with a text layer holding ``lines`` (reportlab's built-in CJK font)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.setFont("STSong-Light", 12)
    for number, line in enumerate(lines):
        page.drawString(72, 760 - 20 * number, line)
    page.showPage()
    page.save()
    return out.getvalue()


def xlsx_file(rows: Iterable[Iterable[object]], sheet: str = "Sheet1") -> bytes:
    """A workbook of one sheet holding ``rows``."""
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def png_image(width: int = 8, height: int = 8) -> bytes:
    """A small red PNG (Pillow)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 16, 16)).save(out, format="PNG")
    return out.getvalue()


# A 红头文件's body: four heading levels, bold, a table, a numbered line that goes on.
REDHEAD_BODY: list[str | list[list[str]] | tuple[str, str]] = [
    "为深入贯彻落实《中华人民共和国政府信息公开条例》，现将有关事项通知如下。",
    "一、总体要求",
    "（一）指导思想",
    ("坚持以公开为常态。", "各部门要把公开作为常态，不公开作为例外。"),
    "1.推进预算公开",
    "（1）部门预算",
    "各部门预算在县人大批准后20日内向社会公开。",
    [["项目", "金额（万元）", "备注"], ["基本支出", "3200", "人员经费"], ["三公经费", "120", "同比下降5%"]],
    "二、保障措施",
    "（一）加强组织领导。各乡镇、各部门要明确分管领导，确保工作落实。",
]


def redhead_docx(
    *,
    banner: str | None = "示例县人民政府办公室文件",
    doc_number: str | None = "示府办发〔2017〕45号",
    title: str | list[str] = "关于印发示例县2017年政务公开工作要点的通知",
    recipients: str | None = "各乡镇人民政府，县级各部门：",
    body: Iterable[str | list[list[str]] | tuple[str, str]] = (),
    attachments: Iterable[str] = (),
    signer: str | None = "示例县人民政府办公室",
    date: str | None = "2017年7月27日",
    note: str | None = "（此件公开发布）",
    imprint: bool = True,
    image: bool = False,
) -> bytes:
    """A 红头文件 as Word saves it: banner, 文号, title (a list: over several lines), 主送, body,
    附件 list, signature and date, note, 版记. ``body``: paragraphs (text, indented as
    Word users do with two full-width spaces), tables (lists of rows), or ("bold", text)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    center, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
    if banner:
        document.add_paragraph(banner).alignment = center
        document.add_paragraph("")
    if doc_number:
        document.add_paragraph(doc_number).alignment = center
    for line in [title] if isinstance(title, str) else title:
        document.add_paragraph(line).alignment = center
    if recipients:
        document.add_paragraph(recipients)
    for part in body:
        if isinstance(part, list):
            table = document.add_table(rows=len(part), cols=len(part[0]))
            for r, row in enumerate(part):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
        elif isinstance(part, tuple):
            paragraph = document.add_paragraph("\u3000\u3000")
            paragraph.add_run(part[0]).bold = True
            paragraph.add_run(part[1])
        else:
            document.add_paragraph("\u3000\u3000" + part)
    if image:
        document.add_picture(io.BytesIO(png_image()))
    for number, name in enumerate(attachments, 1):
        prefix = "附件：" if number == 1 else "\u3000\u3000\u3000"
        document.add_paragraph(f"\u3000\u3000{prefix}{number}．{name}")
    document.add_paragraph("")
    if signer:
        document.add_paragraph(signer).alignment = right
    if date:
        document.add_paragraph(date).alignment = right
    if note:
        document.add_paragraph(note)
    if imprint:
        document.add_paragraph("抄送：县委办公室，县人大常委会办公室。")
        document.add_paragraph("示例县人民政府办公室                2017年7月27日印发")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- in memory


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    """``day`` at ``hour`` o'clock, Beijing time."""
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=BEIJING)


def memory_catalog(
    *specs: tuple[str, str, str, str | None],
    holidays: Iterable[dt.date] = (),
    workdays: Iterable[dt.date] = (),
    departments: Iterable[str] = ("czj",),
) -> Catalog:
    """A catalog of columns ``(id, cadence, inspection, parent)``, each titled ``栏目<id>``, and
    departments ``部门<id>``; a parent must come before its children."""
    columns: dict[str, Column] = {}
    for cid, cadence, inspection, parent in specs:
        columns[cid] = Column(
            id=cid, title=f"栏目{cid}", cadence=cadence, inspection=inspection, parent=parent
        )
        if parent:
            columns[parent].children.append(cid)
    return Catalog(
        organization=Organization(name="示例县人民政府", code=ORG_CODE),
        columns=columns,
        departments={d: Department(id=d, name=f"部门{d}") for d in departments},
        holidays=set(holidays),
        workdays=set(workdays),
        path="content/catalog.yml",
    )


def memory_item(path: str, day: dt.date, column: str = "news", **fields: Any) -> Item:
    """An item of ``column`` dated ``day`` 10:00; ``written`` and ``repealed_on`` may be dates
    (midnight), publisher ``czj`` and title ``标题<path>`` unless given."""
    fields.setdefault("publisher", "czj")
    fields.setdefault("title", f"标题{path}")
    for key in ("written", "repealed_on"):
        value = fields.get(key)
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            fields[key] = at(value, 0)
    return Item(path=path, source=f"content/{path}", date=at(day), columns=[column], **fields)


def memory_portal(
    catalog: Catalog, items: list[Item], today: dt.date | None = None, root: str = "/portal"
) -> Portal:
    """Every item is published (the gate is the loader's job); ``today`` defaults to 2030-01-01."""
    return Portal(
        root=root,
        content_dir="content",
        catalog=catalog,
        items={i.path: i for i in items},
        published=sorted(items, key=sort_key),
        today=today or dt.date(2030, 1, 1),
    )
