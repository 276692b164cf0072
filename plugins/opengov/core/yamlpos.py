"""YAML reading that keeps line numbers and drops YAML 1.1's surprises.

Editors write ``no``, ``on``, ``off``, ``yes`` as text and dates that we parse
ourselves (so ``2017-02-30`` is ``bad-date``, not a YAML error). Only ``true``
and ``false`` are booleans, as in YAML 1.2.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    _Base = yaml.SafeLoader  # the C loader's interface is the same
else:
    # The C parser when PyYAML has it: front matter of 10,000 items is parsed per build.
    _Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class StrictLoader(_Base):
    """SafeLoader without 1.1 booleans and without implicit timestamps."""


StrictLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


class _Constructor(yaml.constructor.SafeConstructor):
    """Builds values from composed nodes; the resolver already ran while composing."""


class YamlError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def compose(text: str, line_offset: int = 0) -> yaml.Node | None:
    """Compose ``text`` into a node tree; line numbers stay on the nodes."""
    try:
        return yaml.compose(text, Loader=StrictLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if (_unclosed_quote(exc) or _unclosed_flow(exc)) and exc.context_mark is not None:
            mark = exc.context_mark  # where it opens, not where the parser gave up
        line = (mark.line + 1 if mark else 1) + line_offset
        raise YamlError(line, _explain(exc)) from exc
    except yaml.YAMLError as exc:  # pragma: no cover - composer errors are marked
        raise YamlError(1 + line_offset, str(exc)) from exc


def construct(node: yaml.Node) -> Any:
    """A node's Python value, read with :class:`StrictLoader`'s rules."""
    return _Constructor().construct_object(node, deep=True)


def line_of(node: yaml.Node, offset: int = 0) -> int:
    return node.start_mark.line + 1 + offset


def _unclosed_quote(exc: yaml.MarkedYAMLError) -> bool:
    """A quoted value the text ends inside of (not a bad escape within it)."""
    problem = exc.problem or ""
    return "quoted scalar" in (exc.context or "") and ("end of stream" in problem or "document" in problem)


def _unclosed_flow(exc: yaml.MarkedYAMLError) -> bool:
    """A [list] or {mapping} written on one line whose bracket is not closed."""
    context = exc.context or ""
    return ("flow sequence" in context or "flow mapping" in context) and "expected ','" in (exc.problem or "")


def _explain(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    if _unclosed_quote(exc):
        hint = "这一行的引号没有闭合，请在值的末尾补上同样的引号（或去掉开头的引号）"
    elif _unclosed_flow(exc):
        hint = "这一行的方括号 [ ] 或花括号 { } 没有闭合，请在值的末尾补上 ] 或 }，或改用“- ”逐行列出"
    elif "found unknown escape" in problem:
        hint = "双引号里的反斜杠 \\ 有特殊含义：请改用单引号，或把 \\ 写成 \\\\（如文件路径）"
    elif "mapping values are not allowed" in problem:
        hint = "冒号后的值里又出现了“: ”，请给整个值加英文引号"
    elif "found character '\\t'" in problem:
        hint = "YAML 不能用 Tab 缩进，请改用空格"
    elif "could not find expected ':'" in problem:
        hint = "这一行缺少“键: 值”中的英文冒号，或上一行的引号没有闭合"
    elif "found undefined alias" in problem or "found unknown escape" in problem:
        hint = "值里有特殊字符（* & \\ 等），请给整个值加英文引号"
    elif "expected <block end>" in problem or "did not find expected" in problem:
        hint = "缩进不一致或列表“- ”格式不对，请检查这一行及上一行"
    else:
        hint = "请检查冒号、引号和缩进"
    return f"前言（front matter）不是有效的 YAML：{hint}（解析器提示：{problem or exc}）"
