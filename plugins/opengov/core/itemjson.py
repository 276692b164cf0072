"""Parsed items as JSON and back, for the build cache's parse results (never pickle: a
cache file that was tampered with must not be able to run code). Pure functions.

Only the item as read from its file (``frontmatter.parse_item``) and that file's findings
are written; anything unexpected on the way back raises ``ValueError``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from .model import Attachment, Finding, Item

_DATES = ("date", "written", "repealed_on")
_ITEM_FIELDS = {f.name: f for f in dataclasses.fields(Item)}
_ATTACHMENT_FIELDS = {f.name for f in dataclasses.fields(Attachment)}
_FINDING_FIELDS = ("path", "line", "severity", "code", "message")


def item_to_json(item: Item, findings: list[Finding]) -> dict[str, Any]:
    # By hand, not dataclasses.asdict (its deep copies were most of a 10,000-item dump).
    data = {name: getattr(item, name) for name in _ITEM_FIELDS}
    data["attachments"] = [{name: getattr(a, name) for name in _ATTACHMENT_FIELDS} for a in item.attachments]
    for name in _DATES:
        value = data[name]
        data[name] = value.isoformat() if value is not None else None
    return {"item": data, "findings": [[getattr(f, n) for n in _FINDING_FIELDS] for f in findings]}


def item_from_json(data: object) -> tuple[Item, list[Finding]]:
    if not isinstance(data, dict) or set(data) != {"item", "findings"}:
        raise ValueError("entry")
    fields = data["item"]
    if not isinstance(fields, dict) or set(fields) != set(_ITEM_FIELDS):
        raise ValueError("item fields")
    values = dict(fields)
    for name in _DATES:
        raw = values[name]
        if raw is not None:
            when = dt.datetime.fromisoformat(_text(raw))
            if when.tzinfo is None:
                raise ValueError("naive date")
            values[name] = when
    attachments = []
    for entry in _list(values["attachments"]):
        if not isinstance(entry, dict) or set(entry) != _ATTACHMENT_FIELDS:
            raise ValueError("attachment")
        if not all(_is(entry[name], kind) for name, kind in _ATTACHMENT_KINDS.items()):
            raise ValueError("attachment field")
        attachments.append(Attachment(**entry))
    values["attachments"] = attachments
    for name, kind in _KINDS.items():
        if not _is(values[name], kind):
            raise ValueError(f"{name}: {kind}")
    item = Item(**values)
    findings = []
    for row in data["findings"]:
        if not isinstance(row, list) or len(row) != len(_FINDING_FIELDS):
            raise ValueError("finding")
        path, line, severity, code, message = row
        if severity not in ("error", "warning") or not isinstance(line, int):
            raise ValueError("finding")
        findings.append(Finding(_text(path), line, severity, _text(code), _text(message)))
    return item, findings


# What each field holds once read back: a value of another type is damage, never used (a
# string where a list belongs would be read letter by letter, a "yes" where a bool belongs
# would publish or hide an item).
_KINDS = {
    "path": "str",
    "source": "str",
    "title": "str",
    "columns": "list[str]",
    "publisher": "str?",
    "doc_number": "str?",
    "index_no": "str?",
    "disclosure": "str",
    "validity": "str?",
    "doc_type": "str",
    "topics": "list[str]",
    "keywords": "list[str]",
    "interprets": "str?",
    "replaced_by": "str?",
    "aliases": "list[str]",
    "old_urls": "list[str]",
    "summary": "str?",
    "draft": "bool",
    "pii_allow": "list[str]",
    "body": "str",
    "body_line": "int",
    "lines": "dict[str,int]",
    "front_matter_text": "str",
    "digest": "str",
}
_ATTACHMENT_KINDS = {
    "path": "str",
    "title": "str",
    "line": "int",
    "size": "int?",
    "mime": "str",
    "reviewed": "bool",
}


def _is(value: object, kind: str) -> bool:
    if kind.endswith("?"):
        return value is None or _is(value, kind[:-1])
    if kind == "str":
        return isinstance(value, str)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "list[str]":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == "dict[str,int]":
        return isinstance(value, dict) and all(_is(v, "int") for v in value.values())
    raise AssertionError(kind)


def _list(value: object) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError("list")
    return value


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("text")
    return value
