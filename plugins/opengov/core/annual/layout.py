"""The template's rows and cells as text, shared by the CSV export and the HTML page."""

from __future__ import annotations

from .computation import AnnualReport
from .schema import DOC_TYPE_ROWS


def fmt(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def join_lines(lines: list[str]) -> str:
    """Join a wrapped paragraph: no space at a Chinese line break, one space between Latin words."""
    out = ""
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        if out and out[-1].isascii() and line[0].isascii():
            out += " "
        out += line
    return out


def paragraphs(text: str) -> list[str]:
    blocks = text.replace("\r\n", "\n").split("\n\n")
    return [p for p in (join_lines(b.split("\n")) for b in blocks) if p]


def fees_sentence(fees: dict[str, float | int] | None) -> str:
    if not fees:
        return ""
    return (
        "本机关依据《政府信息公开信息处理费管理办法》收取信息处理费："
        f"发出收费通知 {fmt(fees.get('notices', 0))} 件，"
        f"总金额 {fmt(fees.get('notice_amount', 0))} 元；实际收取 {fmt(fees.get('collected', 0))} 元。"
    )


def table2_rows(report: AnnualReport) -> list[tuple[str, list[str]]]:
    """(kind, cells) in template order; kind: group / head / row."""
    rows: list[tuple[str, list[str]]] = [
        ("group", ["第二十条第（一）项"]),
        ("head", ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]),
    ]
    for doc_type, label in DOC_TYPE_ROWS:
        c = report.policy.get(doc_type, {})
        rows.append(
            (
                "row",
                [label, fmt(c.get("issued", 0)), fmt(c.get("repealed", 0)), fmt(c.get("effective", 0))],
            )
        )
    act = report.active
    rows += [
        ("group", ["第二十条第（五）项"]),
        ("head", ["信息内容", "本年处理决定数量"]),
        ("row", ["行政许可", fmt(act.get("licensing")) or zero(report)]),
        ("group", ["第二十条第（六）项"]),
        ("head", ["信息内容", "本年处理决定数量"]),
        ("row", ["行政处罚", fmt(act.get("penalties")) or zero(report)]),
        ("row", ["行政强制", fmt(act.get("coercion")) or zero(report)]),
        ("group", ["第二十条第（八）项"]),
        ("head", ["信息内容", "本年收费金额（单位：万元）"]),
        ("row", ["行政事业性收费", fmt(act.get("fees")) or zero(report)]),
    ]
    return rows


def zero(report: AnnualReport) -> str:
    # An omitted number in a YAML that was given is a zero; without YAML the cell stays blank.
    return "0" if report.has_data else ""


def row_cells(report: AnnualReport, values: list[int] | None, width: int) -> list[str]:
    if values is None or not report.has_data:
        return [""] * width
    return [fmt(v) for v in values]
