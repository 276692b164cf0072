"""Reading the office's YAML with line numbers, by ``yamlpos``'s rules (one dialect with front matter)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..model import Finding
from ..yamlpos import StrictLoader, construct
from .schema import CODE, finding


class LinedDict(dict):  # type: ignore[type-arg]
    """A mapping read from YAML that remembers where it and each key stand."""

    line: int = 1
    lines: dict[Any, int]

    def __init__(self, *args: Any, line: int = 1, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line = line
        self.lines = {}
        self.written: dict[Any, str] = {}  # a scalar value's text as written


class LinedList(list):  # type: ignore[type-arg]
    """A sequence read from YAML that remembers each element's line."""

    def __init__(self, *args: Any, line: int = 1) -> None:
        super().__init__(*args)
        self.line = line
        self.lines: list[int] = []


class _Duplicate(Exception):
    def __init__(self, key: str, line: int) -> None:
        self.key, self.line = key, line


def _convert(node: yaml.Node) -> Any:
    """Values as front matter reads them (``yamlpos``: ``no`` and dates are text), with lines."""
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out = LinedDict(line=line)
        for key_node, value_node in node.value:
            key = construct(key_node)
            if isinstance(key, (list, dict)):
                key = str(key)
            if key in out:
                raise _Duplicate(str(key), key_node.start_mark.line + 1)
            out[key] = _convert(value_node)
            out.lines[key] = key_node.start_mark.line + 1
            if isinstance(value_node, yaml.ScalarNode):
                out.written[key] = value_node.value
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = LinedList(line=line)
        for child in node.value:
            seq.append(_convert(child))
            seq.lines.append(child.start_mark.line + 1)
        return seq
    return construct(node)


@dataclass(frozen=True)
class OfficeFile:
    """Which office file is read, for its messages: the annual report's or the 年度报表's."""

    what: str = "年度报告数据文件"
    option: str = "annual_report"
    code: str = CODE


ANNUAL = OfficeFile()


def load_annual_text(
    text: str, path: str, kind: OfficeFile = ANNUAL
) -> tuple[LinedDict | None, list[Finding]]:
    """Parse the office's YAML; mappings and lists keep their line numbers.

    Returns ``(data, findings)``; ``data`` is None when the file cannot be read as a mapping.
    """

    def _finding(path: str, line: int, message: str) -> Finding:
        return finding(path, line, message, code=kind.code)

    what = kind.what
    text = text.lstrip("\ufeff")
    try:
        node = yaml.compose(text, Loader=StrictLoader)
        data = None if node is None else _convert(node)
    except _Duplicate as dup:
        return None, [_finding(path, dup.line, f"“{dup.key}”写了两次，请删掉其中一处。")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = exc.problem or "格式有误"
        return None, [_finding(path, line, f"{what}不是有效的 YAML（{problem}），请检查这一行的缩进和冒号。")]
    except yaml.YAMLError as exc:
        return None, [_finding(path, 1, f"{what}不是有效的 YAML（{exc}）。")]
    if data is None:
        return LinedDict(), []
    if not isinstance(data, LinedDict):  # a mapping at the top is read as one
        return None, [_finding(path, 1, f"{what}应由“键: 值”组成（如 year: 2024），请参照示例文件填写。")]
    return data, []


def load_annual_file(
    file: str | Path, path: str | None = None, kind: OfficeFile = ANNUAL
) -> tuple[LinedDict | None, list[Finding]]:
    """Read and parse the YAML file ``file``; findings name ``path`` (portal-relative) or ``file``."""
    rel = path if path is not None else str(file)
    what = kind.what
    try:
        raw = Path(file).read_bytes()
    except OSError as exc:
        return None, [
            finding(
                rel,
                1,
                f"读不到{what}（{exc.strerror or exc}），请检查 {kind.option} 设置的路径。",
                code=kind.code,
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, [finding(rel, 1, f"{what}不是 UTF-8 编码，请用 UTF-8 另存后再试。", code=kind.code)]
    return load_annual_text(text, rel, kind)
