"""Jinja helpers the plugin gives the theme: a compiled-template cache and template filters."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

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


# Copies of Material partials that call Material's (unescaped) macros: escaping there would print
# the macros' HTML as text. What they print of ours (titles, site_name) arrives escaped as Markup.
UNESCAPED_COPIES = frozenset({"partials/nav.html"})


def autoescape_for(env: jinja2.Environment, templates_dir: Path) -> Callable[[str | None], bool]:
    """Autoescape every template the plugin ships; Material's own stay as Material compiles them.

    Material prints ``page.content`` and its partials' HTML unescaped by design, so the switch is
    per template: ours escape every value, and trusted HTML is marked with ``|safe`` or Markup.
    """
    root = str(templates_dir.resolve())
    decided: dict[str, bool] = {}

    def autoescape(name: str | None) -> bool:
        if name is None or name in UNESCAPED_COPIES:
            return False
        if name not in decided:
            try:
                assert env.loader is not None  # MkDocs' environment always has one
                _source, filename, _uptodate = env.loader.get_source(env, name)
            except jinja2.TemplateNotFound:
                filename = None
            decided[name] = bool(filename and str(Path(filename).resolve()).startswith(root))
        return decided[name]

    return autoescape


def render_once() -> Callable[[str, Callable[[], object]], object]:
    """A template global that renders a macro once per key per build (templates/partials/nav.html)."""
    rendered: dict[str, object] = {}

    def og_cached(key: str, render: Callable[[], object]) -> object:
        if key not in rendered:
            rendered[key] = render()
        return rendered[key]

    return og_cached
