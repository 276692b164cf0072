"""Checking the parsed YAML against the schema: types, signs, given totals."""

from __future__ import annotations

from typing import Any

from ..model import Finding
from .schema import APPLICANTS, CODE, REVIEW_RESULTS, SCHEMA, Schema
from .schema import finding as _finding


def _line_of(mapping: Any, key: Any) -> int:
    lines = getattr(mapping, "lines", None)
    if lines and key in lines:
        return int(lines[key])
    return int(getattr(mapping, "line", 1))


_FLAG_WORDS = {"是": True, "否": False, "有": True, "无": False}


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_amount(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0


class Validator:
    def __init__(self, path: str, code: str = CODE) -> None:
        self.path = path
        self.code = code
        self.findings: list[Finding] = []

    def error(self, line: int, message: str, severity: str = "error") -> None:
        self.findings.append(_finding(self.path, line, message, severity, self.code))

    def mapping(self, value: Any, schema: Schema, where: list[str], line: int) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.error(line, f"“{'→'.join(where)}”下面应是若干“键: 值”，请参照示例文件填写。")
            return {}
        aliases = {alias: key for key, (alias, _) in schema.items()}
        out: dict[str, Any] = {}
        seen: dict[str, Any] = {}
        for raw_key, raw_value in value.items():
            key_line = _line_of(value, raw_key)
            key = raw_key if raw_key in schema else aliases.get(raw_key) if isinstance(raw_key, str) else None
            if key is None:
                known = "、".join(f"{k}（{a}）" for k, (a, _) in schema.items())
                place = f"“{'→'.join(where)}”下" if where else ""
                self.error(
                    key_line, f"{place}不认识“{raw_key}”，已忽略；可以填写的项目有：{known}。", "warning"
                )
                continue
            alias, kind = schema[key]
            if key in seen:
                self.error(key_line, f"“{alias}”（{key}）写了两次，请删掉其中一处。")
                continue
            seen[key] = raw_key
            here = [*where, alias]
            if raw_value is None:
                continue  # left empty: counts as not filled in (zeros for numbers)
            if isinstance(kind, dict):
                out[key] = self.mapping(raw_value, kind, here, key_line)
            else:
                written = getattr(value, "written", {}).get(raw_key)
                checked = self.scalar(raw_value, kind, here, key_line, written)
                if checked is not None:
                    out[key] = checked
        return out

    def scalar(self, value: Any, kind: str, where: list[str], line: int, written: str | None = None) -> Any:
        label = "→".join(where)
        if kind == "text":
            if isinstance(value, (dict, list)):
                self.error(line, f"“{label}”应是一段文字。")
                return None
            # Text as written, as in front matter: 2024 stays "2024", 1.50 stays "1.50".
            return (value if isinstance(value, str) or written is None else written).strip()
        if kind in ("count", "year"):
            if not _is_count(value):
                self.error(line, f"“{label}”应是不小于 0 的整数，现在是“{value}”。")
                return None
            return value
        if kind == "amount":
            if not _is_amount(value):
                self.error(line, f"“{label}”应是不小于 0 的数（可以有小数，不写单位），现在是“{value}”。")
                return None
            return value
        if kind == "flag":  # 是/否 in the templates' words, or true/false
            answer = _FLAG_WORDS.get(value) if isinstance(value, str) else value
            if not isinstance(answer, bool):
                self.error(line, f"“{label}”应填“是”或“否”（也可写 true / false），现在是“{value}”。")
                return None
            return answer
        if kind == "texts":  # one text, or a list of them
            values = value if isinstance(value, list) else [value]
            if any(isinstance(v, (dict, list)) for v in values):
                self.error(line, f"“{label}”应是一项或一列文字，如 [甲, 乙]。")
                return None
            return [str(v).strip() for v in values if str(v).strip()]
        if kind == "app":
            return self.row(value, APPLICANTS, where, line)
        if kind == "review":
            return self.row(value, REVIEW_RESULTS, where, line)
        raise AssertionError(kind)

    def row(
        self, value: Any, columns: tuple[tuple[str, str], ...], where: list[str], line: int
    ) -> list[int] | None:
        label = "→".join(where)
        names = "、".join(cn for _, cn in columns)
        width = len(columns)
        given_total: int | None = None
        total_line = line
        if isinstance(value, list):
            lines = list(getattr(value, "lines", [])) or [line] * len(value)
            if len(value) not in (width, width + 1):
                self.error(
                    line,
                    f"“{label}”应是 {width} 个数，依次为{names}（可在最后加上总计），"
                    f"现在有 {len(value)} 个。",
                )
                return None
            numbers = []
            for n, (cell, cell_line) in enumerate(zip(value, lines, strict=False)):
                if not _is_count(cell):
                    col = columns[n][1] if n < width else "总计"
                    self.error(cell_line, f"“{label}”的“{col}”应是不小于 0 的整数，现在是“{cell}”。")
                    return None
                numbers.append(cell)
            if len(numbers) > width:
                given_total, total_line = numbers[width], lines[width]
            cells = numbers[:width]
        elif isinstance(value, dict):
            keys = {en: en for en, _ in columns} | {cn: en for en, cn in columns}
            keys |= {"total": "total", "总计": "total"}
            got: dict[str, int] = {}
            for raw_key, cell in value.items():
                key_line = _line_of(value, raw_key)
                key = keys.get(raw_key) if isinstance(raw_key, str) else None
                if key is None:
                    self.error(
                        key_line,
                        f"“{label}”下不认识“{raw_key}”，已忽略；可以填写：{names}、总计。",
                        "warning",
                    )
                    continue
                if key in got:
                    self.error(key_line, f"“{label}”的“{raw_key}”写了两次，请删掉其中一处。")
                    continue
                if cell is None:
                    cell = 0
                if not _is_count(cell):
                    self.error(key_line, f"“{label}”的“{raw_key}”应是不小于 0 的整数，现在是“{cell}”。")
                    return None
                got[key] = cell
                if key == "total":
                    given_total, total_line = cell, key_line
            cells = [got.get(en, 0) for en, _ in columns]
        else:
            self.error(line, f"“{label}”应是 {width} 个数，依次为{names}，写成 [1, 0, …] 的形式。")
            return None
        if given_total is not None and given_total != sum(cells):
            self.error(
                total_line,
                f"“{label}”的总计写的是 {given_total}，但{names}相加是 {sum(cells)}；"
                "总计由系统计算，可以不写。",
            )
        return cells


def get(tree: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = tree
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def raw_line(data: Any, path: tuple[str, ...], schema: Schema = SCHEMA) -> int:
    """Line of the (English or Chinese) key at ``path`` in the raw YAML data, else the nearest parent's."""
    node = data
    line = int(getattr(data, "line", 1))
    for key in path:
        if not isinstance(node, dict) or key not in schema:
            break
        alias, sub = schema[key]
        raw_key = key if key in node else alias if alias in node else None
        if raw_key is None:
            break
        line = _line_of(node, raw_key)
        node = node[raw_key]
        schema = sub if isinstance(sub, dict) else {}
    return line
