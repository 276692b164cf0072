"""One disclosure item's file → :class:`Item` plus findings (CONTRACT §1).

Pure: takes bytes, returns data. Cross-item rules (columns, publishers,
references) live in :mod:`opengov.core.validate`, which has the whole portal.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml
from rapidfuzz.distance import OSA

from .dates import DateError, parse_date
from .findings import FileFindings
from .model import Attachment, Finding, Item
from .vocabulary import DISCLOSURES, DOC_TYPES, VALIDITIES
from .yamlpos import YamlError, compose, construct, line_of

# Canonical key -> every spelling an editor may use.
KEY_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("title", "标题"),
    "date": ("date", "发布日期"),
    "category": ("category", "categories", "栏目"),
    "publisher": ("publisher", "发布机构"),
    "written": ("written", "成文日期"),
    "doc_number": ("doc_number", "文号"),
    "index_no": ("index_no", "索引号"),
    "disclosure": ("disclosure", "公开方式"),
    "validity": ("validity", "有效性"),
    "repealed_on": ("repealed_on", "废止日期"),
    "doc_type": ("doc_type", "文件类型"),
    "topics": ("topics", "主题分类"),
    "keywords": ("keywords", "主题词"),
    "interprets": ("interprets", "解读对象"),
    "replaced_by": ("replaced_by", "替代文件"),
    "attachments": ("attachments", "附件"),
    "aliases": ("aliases", "旧地址"),
    "old_urls": ("old_urls", "旧网址"),
    "summary": ("summary", "摘要"),
    "draft": ("draft", "草稿"),
    "pii_allow": ("pii_allow", "允许公开信息"),
}
ALIAS_TO_KEY = {name: key for key, names in KEY_NAMES.items() for name in names}
REQUIRED = ("title", "date", "category", "publisher")
# Chinese label used in messages, so an editor recognises the key.
LABEL = {key: names[-1] for key, names in KEY_NAMES.items()}
LABEL["category"] = "栏目"

ENUMS: dict[str, dict[str, str]] = {
    "disclosure": DISCLOSURES,
    "validity": VALIDITIES,
    "doc_type": DOC_TYPES,
}
# Words editors commonly use besides the contract's own (as `opengov new --doc-type` accepts).
EXTRA_WORDS: dict[str, dict[str, str]] = {
    "doc_type": {"规范性文件": "normative", "其它": "other"},
    "validity": {"已废止": "repealed", "已失效": "expired"},
}
TRUE_WORDS = {True: True, False: False, "是": True, "否": False}


_FULLWIDTH_COLON = re.compile(r"^\s*(?:-\s+)?([^\s:：#\"']+)\s*：")


# Keys that decide publication: a misspelling of one must not publish the item (CONTRACT §1).
GATE_NAMES = ("draft", "disclosure", "草稿", "公开方式")
# A body larger than this is a finding: feeds and search copy it, and no notice is this long.
MAX_BODY_BYTES = 2 * 1024 * 1024
NO_FRONT_MATTER = (
    "文件开头没有前言（front matter）。第一行应为“---”，写完标题、发布日期、栏目、发布机构后再用“---”结束"
)
UNCLOSED_FRONT_MATTER = "前言（front matter）没有结束：第 1 行的“---”之后找不到另一行“---”。请在最后一个“键: 值”之后单独写一行“---”，再写正文"


def _split(text: str) -> tuple[str, str, int] | None | bool:
    """(front matter, body, body's first line); None when there is no front matter,
    False when it opens with ``---`` but never closes."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return front, body, index + 2
    return False


def _fold(name: str) -> str:
    """A key as a careless editor's variants meet: NFKC (full-width letters), case and inner
    spaces, underscores and hyphens ignored."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(ch for ch in folded if not ch.isspace() and ch not in "_-")


def near_gate_key(name: str) -> str | None:
    """The gate key an UNKNOWN key ``name`` is a near miss of, else None.

    Equal after :func:`_fold`, or within two edits (optimal string alignment: a swap of two
    neighbours is one edit) of an English gate key (one edit of a
    Chinese one, whose two or four characters would otherwise match unrelated words). Fail
    closed: an unknown key such as ``data`` (two edits from ``draft``) is flagged too.
    """
    folded = _fold(name)
    for gate in GATE_NAMES:
        allowed = 2 if gate.isascii() else 1
        if folded == gate or (len(folded) > 1 and OSA.distance(folded, gate) <= allowed):
            return gate
    return None


def _misspelt_message(name: str, gate: str) -> str:
    return (
        f"“{name}”像是“{gate}”写错了（大小写、空格或字母不对），系统不认识它，"
        f"这一条目会被当作公开信息发布。请改成“{gate}”，或删除这一行"
    )


MERGE_KEY_MESSAGE = (
    "前言里不能用 YAML 合并键“<<”：它带入的键（如“草稿”“公开方式”）系统不会读取，"
    "条目可能因此被公开发布。请把这些键直接逐行写出"
)


def encoding_problem(raw: bytes) -> str | None:
    """Why ``raw`` is not UTF-8 text, naming the first bad line; None when it is."""
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad_line = raw[: exc.start].count(b"\n") + 1
        return f"文件不是 UTF-8 编码（可能用 GBK 保存，第 {bad_line} 行起无法识别）。请在编辑器里选择“UTF-8”重新保存"
    return None


def file_digest(raw: bytes) -> str:
    """An item file's ``Item.digest``: the same bytes, the same item."""
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def parse_item(raw: bytes, path: str, source: str) -> tuple[Item, list[Finding]]:
    """Read one item. ``path`` is relative to content/, ``source`` to the portal root."""
    item = Item(path=path, source=source, digest=file_digest(raw))
    sink = FileFindings(source)
    front = _front_matter(raw, item, sink)
    if front is None:
        return item, sink.found
    root = _front_matter_mapping(front, sink)
    if root is None:
        return item, sink.found
    nodes = _key_nodes(root, item, sink)
    for key in REQUIRED:
        if key not in nodes:
            names = "或".join(f"“{n}”" for n in KEY_NAMES[key])
            sink.error(1, "missing-key", f"缺少必填项{names}。请在前言里补上")
    for key, (key_node, value_node) in nodes.items():
        _read_value(item, key, key_node, value_node, sink.error, sink.warning)
    return item, sink.found


def _text(raw: bytes, sink: FileFindings) -> str | None:
    """The file as text with ``\n`` line ends; None (and a finding) when it is not UTF-8 text."""
    problem = encoding_problem(raw)
    if problem:
        sink.error(1, "bad-encoding", problem)  # a problem of the whole file (CONTRACT §5: line 1)
        return None
    text = raw.decode("utf-8-sig")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        sink.error(
            line,
            "bad-encoding",
            f"第 {line} 行含有看不见的空字符（NUL），文件可能已损坏或不是纯文本。"
            "请用文本编辑器删除这一字符，或从原文重新复制粘贴后保存为 UTF-8",
        )
        return None
    return text


def _front_matter(raw: bytes, item: Item, sink: FileFindings) -> str | None:
    """The front matter's text, with the body stored in ``item``; None when it cannot be read."""
    text = _text(raw, sink)
    if text is None:
        return None
    parts = _split(text)
    if not isinstance(parts, tuple):
        sink.error(1, "yaml-syntax", NO_FRONT_MATTER if parts is None else UNCLOSED_FRONT_MATTER)
        return None
    front, item.body, item.body_line = parts
    if len(raw) > MAX_BODY_BYTES:
        sink.warning(
            item.body_line,
            "large-item",
            f"正文有 {len(raw) / 1024 / 1024:.1f} MB，超过 {MAX_BODY_BYTES // 1024 // 1024} MB："
            "网页打开很慢，订阅源只带摘要和链接。请把大段数据改为附件（如 Excel 表格）",
        )
    item.front_matter_text = front
    _fullwidth_colons(front, sink)
    return None if sink.failed else front


def _fullwidth_colons(front: str, sink: FileFindings) -> None:
    """``标题：……`` (a full-width colon) is no key for YAML: say so rather than lose the key."""
    for offset, text_line in enumerate(front.split("\n")):
        match = _FULLWIDTH_COLON.match(text_line)
        if match and match.group(1) in ALIAS_TO_KEY:
            sink.error(
                offset + 2,
                "yaml-syntax",
                f"“{match.group(1)}”后面用了中文冒号“：”。请改成英文冒号加一个空格，例如“{match.group(1)}: ……”",
            )


def _front_matter_mapping(front: str, sink: FileFindings) -> yaml.MappingNode | None:
    """The front matter composed (with lines); None (and a finding) unless it is a mapping."""
    try:
        root = compose(front, line_offset=1)
    except YamlError as exc:
        sink.error(exc.line, "yaml-syntax", exc.message)
        return None
    if root is None or not isinstance(root, yaml.MappingNode):
        line = line_of(root, 1) if root is not None else 1
        sink.error(line, "yaml-syntax", "前言应当是“键: 值”的形式，例如“标题: 关于……的通知”")
        return None
    return root


def _key_nodes(
    root: yaml.MappingNode, item: Item, sink: FileFindings
) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """Canonical key -> (key node, value node) of every known key written once; findings for the rest."""
    nodes: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in root.value:
        name = str(key_node.value)
        line = line_of(key_node, 1)
        key = ALIAS_TO_KEY.get(name)
        if key is None and (name == "<<" or key_node.tag == "tag:yaml.org,2002:merge"):
            sink.error(line, "misspelt-key", MERGE_KEY_MESSAGE)
            continue
        gate = near_gate_key(name) if key is None else None
        if gate is not None:
            sink.error(line, "misspelt-key", _misspelt_message(name, gate))
            continue
        if key is None:
            close = difflib.get_close_matches(name, list(ALIAS_TO_KEY), n=1)
            hint = f"，是不是“{close[0]}”？" if close else "。"
            sink.warning(line, "unknown-key", f"不认识的键“{name}”，已忽略{hint}可用的键见编辑手册")
            continue
        if key in nodes:
            sink.error(line, "duplicate-key", _duplicate_message(name, nodes[key][0]))
            continue
        nodes[key] = (key_node, value_node)
        item.lines[key] = line
        _nested_duplicates(value_node, sink.error)
    return nodes


# Keys inside a value's mappings (an attachment's {path, title}) and their Chinese names.
NESTED_ALIASES = {"路径": "path", "标题": "title", "已核查": "reviewed"}


def _duplicate_message(name: str, first: yaml.Node) -> str:
    return f"“{name}”与第 {line_of(first, 1)} 行的“{first.value}”是同一个键，只能写一次。请删除其中一个"


def _nested_duplicates(node: yaml.Node, error: Report, seen_nodes: set[int] | None = None) -> None:
    """A key given twice inside a value (``attachments: - {path: a, path: b}``): ``duplicate-key``."""
    seen_nodes = set() if seen_nodes is None else seen_nodes
    if id(node) in seen_nodes:
        return  # a YAML alias (*name) of a node already walked, perhaps of itself
    seen_nodes.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            _nested_duplicates(child, error, seen_nodes)
    elif isinstance(node, yaml.MappingNode):
        seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            name = str(key_node.value)
            canonical = NESTED_ALIASES.get(name, name)
            if canonical in seen:
                error(line_of(key_node, 1), "duplicate-key", _duplicate_message(name, seen[canonical]))
            else:
                seen[canonical] = key_node
            _nested_duplicates(value_node, error, seen_nodes)


Report = Callable[[int, str, str], None]  # (line, code, message)


@dataclass
class _Value:
    """One key's value as read, with what a reader needs to store it or to say what is wrong."""

    item: Item
    key: str
    line: int
    node: yaml.Node
    value: Any
    error: Report

    @property
    def label(self) -> str:
        return LABEL[self.key]

    def text(self) -> str | None:
        """The value as text, stripped; None when absent or (with a finding) not text."""
        if self.value is None:
            return None
        if isinstance(self.value, list | dict | bool):
            self.error(self.line, "bad-value", f"{self.label}应当是一段文字，而不是列表或是/否")
            return None
        if isinstance(self.node, yaml.ScalarNode) and not isinstance(self.value, str):
            # Text as written: YAML would read 索引号 0012 as the number 10, 1_000 as 1000.
            return str(self.node.value).strip()
        return str(self.value).strip()

    def entries(self) -> list[tuple[Any, int]]:
        """(entry, line) of a list, or of a single scalar given instead of one."""
        if self.value is None:
            return []
        if isinstance(self.node, yaml.SequenceNode):
            return [(construct(n), line_of(n, 1)) for n in self.node.value]
        if isinstance(self.value, str | int | float) and not isinstance(self.value, bool):
            return [(self.value, self.line)]
        self.error(self.line, "bad-value", f"{self.label}应当是一项文字或一个列表")
        return []


def _read_value(
    item: Item, key: str, key_node: yaml.Node, node: yaml.Node, error: Report, warning: Report
) -> None:
    line = line_of(key_node, 1)
    try:
        value = construct(node)
    except yaml.YAMLError:  # e.g. an anchor that contains itself (&a [x, *a])
        error(line, "yaml-syntax", f"{LABEL[key]}的值无法读取（YAML 的 & 和 * 引用了自身）。请直接写出值")
        return
    if value is None and key in REQUIRED and key != "date":  # an empty date is bad-date below
        error(line, "bad-value", f"{LABEL[key]}是必填项，不能留空。请在冒号后写上内容")
        return
    READERS[key](_Value(item, key, line, node, value, error))


def _read_title(v: _Value) -> None:
    title = v.text()
    if title is not None and not title:
        v.error(v.line, "bad-value", "标题不能为空")
    v.item.title = title or ""


def _read_date(v: _Value) -> None:
    if v.value is None:
        if v.key == "date":
            v.error(v.line, "bad-date", "发布日期不能为空")
        return
    if isinstance(v.value, bool | list | dict):
        v.error(v.line, "bad-date", f"{v.label}应当是日期，例如 2017-07-27")
        return
    try:
        setattr(v.item, v.key, parse_date(v.value if not isinstance(v.value, int | float) else str(v.value)))
    except DateError as exc:
        v.error(v.line, "bad-date", f"{v.label}：{exc}")


def _read_category(v: _Value) -> None:
    columns = []
    for entry, entry_line in v.entries():
        if not isinstance(entry, str | int) or isinstance(entry, bool):
            v.error(entry_line, "bad-value", "栏目应当是栏目 id（例如 fiscal）")
            continue
        columns.append((str(entry).strip(), entry_line))
    if not columns and v.value is not None and not isinstance(v.value, dict):
        v.error(v.line, "bad-value", "栏目不能为空，请写至少一个栏目 id")
    v.item.columns = [c for c, _ in columns]
    for index, (_c, entry_line) in enumerate(columns):
        v.item.lines[f"category.{index}"] = entry_line


def _read_text(v: _Value) -> None:
    text = v.text()
    if v.key == "publisher" and text == "":
        v.error(v.line, "bad-value", f"{v.label}是必填项，不能留空。请写发布机构的 id 或完整名称")
    setattr(v.item, v.key, text or None)


def _read_enum(v: _Value) -> None:
    word = v.text()
    if word is None:
        return
    table = ENUMS[v.key]
    reverse = {cn: en for en, cn in table.items()} | EXTRA_WORDS.get(v.key, {})
    chosen = word if word in table else reverse.get(word) or (word.lower() if word.lower() in table else None)
    if chosen is None:
        choices = "、".join(f"{en}（{cn}）" for en, cn in table.items())
        v.error(v.line, "bad-value", f"{v.label}“{word}”无效，只能是：{choices}")
        return
    setattr(v.item, v.key, chosen)


def _read_text_list(v: _Value) -> None:
    entries = []
    for entry, entry_line in v.entries():
        if isinstance(entry, list | dict) or entry is None or isinstance(entry, bool):
            v.error(entry_line, "bad-value", f"{v.label}的每一项都应当是文字")
            continue
        entries.append(str(entry).strip())
        v.item.lines.setdefault(f"{v.key}.{len(entries) - 1}", entry_line)
    setattr(v.item, v.key, entries)


def _read_draft(v: _Value) -> None:
    if v.value not in TRUE_WORDS:
        v.error(v.line, "bad-value", f"草稿应当是 true/false 或 是/否，而不是“{v.value}”")
        return
    v.item.draft = TRUE_WORDS[v.value]


def _read_attachments(v: _Value) -> None:
    for entry, entry_line in v.entries():
        attachment = _attachment(entry, entry_line, v.error)
        if attachment is not None:
            v.item.attachments.append(attachment)


def _attachment(entry: Any, line: int, error: Report) -> Attachment | None:
    """One entry of ``attachments``: a path, or ``{path, title, reviewed}`` (English or Chinese keys)."""
    if isinstance(entry, dict):
        path = entry.get("path") or entry.get("路径")
        title = entry.get("title") or entry.get("标题")
        reviewed = entry.get("reviewed", entry.get("已核查", False))
    else:
        path, title, reviewed = entry, None, False
    if not isinstance(path, str) or not path.strip():
        error(line, "bad-value", "附件应当写成文件路径，或写成 {path: 文件路径, title: 附件名称}")
        return None
    if type(reviewed) not in (bool, str) or reviewed not in TRUE_WORDS:
        error(line, "bad-value", f"附件的“已核查”（reviewed）应当是 true/false 或 是/否，而不是“{reviewed}”")
        reviewed = False
    path = path.strip()
    name = path.rsplit("/", 1)[-1]
    return Attachment(path=path, title=str(title or name), line=line, reviewed=TRUE_WORDS[reviewed])


# Canonical key -> the reader that checks its value and stores it in the item.
READERS: dict[str, Callable[[_Value], None]] = {
    "title": _read_title,
    **dict.fromkeys(("date", "written", "repealed_on"), _read_date),
    "category": _read_category,
    **dict.fromkeys(
        ("publisher", "doc_number", "index_no", "summary", "interprets", "replaced_by"), _read_text
    ),
    **dict.fromkeys(ENUMS, _read_enum),
    **dict.fromkeys(("topics", "keywords", "aliases", "old_urls", "pii_allow"), _read_text_list),
    "draft": _read_draft,
    "attachments": _read_attachments,
}
assert set(READERS) == set(KEY_NAMES), "every key needs a reader"


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, body's first line) of a page, None when it has none (or it never closes)."""
    parts = _split(text)
    return parts if isinstance(parts, tuple) else None
