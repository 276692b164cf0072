"""Scripts, handlers and script URLs in what is published (CONTRACT §5 ``unsafe-html``)."""

from __future__ import annotations

from functools import partial

from ..derived import derived
from ..findings import Findings
from ..frontmatter import encoding_problem, split_front_matter
from ..model import Portal
from ..resolve import Tree
from ..sanitize import unsafe_html


def _unsafe_rows(body: str) -> list[list[object]]:
    return [list(row) for row in unsafe_html(body)]


def check_unsafe_html(portal: Portal, tree: Tree) -> Findings:
    """Scripts, handlers and script URLs in what is published (CONTRACT §5 ``unsafe-html``); the
    build also sanitises the HTML, this gives the editor the line."""
    advice = "网页中不允许脚本、事件属性和 javascript:/vbscript:/data: 网址（图片除外），发布时会被删除。请删去这段代码"
    found = Findings()
    docs_dir, docs_rel = tree.docs_dir, tree.docs_rel
    for item in portal.published:
        # What a body holds depends on the body alone: a build cache keeps it (core/derived.py).
        rows = derived(portal.derived, item, "unsafe", partial(_unsafe_rows, item.body))
        for line, what in rows:
            found.error(
                item.source,
                item.body_line - 1 + line,
                "unsafe-html",
                f"含有不安全的网页代码：{what}。{advice}",
            )
    sources: list[tuple[str, str, int]] = []
    for path in sorted(tree.docs_files):
        if path.endswith(".md"):
            raw = (docs_dir / path).read_bytes()
            if not encoding_problem(raw):
                text = raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
                # Front matter values are text (a title is printed escaped): only the body is HTML.
                parts = split_front_matter(text)
                body, body_line = (parts[1], parts[2]) if parts else (text, 1)
                sources.append((f"{docs_rel}/{path}", body, body_line))
    for source, text, first_line in sources:
        for line, what in unsafe_html(text):
            message = f"含有不安全的网页代码：{what}。{advice}"
            found.error(source, first_line - 1 + line, "unsafe-html", message)
    return found
