"""Jinja helpers the plugin gives the theme: a compiled-template cache and template filters."""

from __future__ import annotations

import jinja2
import jinja2.bccache
from markupsafe import Markup, escape


class MemoryBytecodeCache(jinja2.BytecodeCache):
    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


def human_size(size: int | None) -> str:
    """File sizes the way people read them: 12.3 KB."""
    if size is None:
        return "大小未知"
    value = float(size)
    for unit in ("B", "KB", "MB"):
        if value < 1024 or unit == "MB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"  # pragma: no cover


def break_after_slash(value: object) -> Markup:
    """A 索引号 like ``11341122003876542D/2026-00007`` wraps after its slash, never mid-number."""
    return Markup("/<wbr>").join(escape(part) for part in str(value).split("/"))
