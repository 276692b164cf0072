"""An imported item's body as Markdown: from the manifest's 正文 (text or HTML) or a 正文文件.

- HTML (a former portal's article) is cleaned by the portal's sanitiser (nh3, the allow-list
  of core/sanitize.py) and written as Markdown by markdownify; Word's indentation goes.
- Text becomes paragraphs, every character kept as text (escaped).
- A .docx is read as ``opengov new --from`` reads it (its body without banner and signature);
  its images are returned for saving beside the item. A .md file is taken as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core.extract import decode
from ..core.sanitize import sanitize
from .docx_blocks import Image, read_docx
from .markdown import escape, to_markdown
from .redhead import read_parts

BODY_SUFFIXES = (".docx", ".html", ".htm", ".txt", ".md")
_TAG = re.compile(r"<(?:p|div|br|table|h[1-6]|span|ul|ol|li|img|a|strong|b|font)\b", re.IGNORECASE)
_INDENT = re.compile(r"^[\u3000\u00a0]+", re.MULTILINE)


@dataclass
class Body:
    markdown: str
    images: list[tuple[str, bytes]] = field(default_factory=list)  # (file name, data)


def looks_like_html(text: str) -> bool:
    return bool(_TAG.search(text))


def html_to_markdown(html: str) -> str:
    from markdownify import markdownify

    markdown = markdownify(sanitize(html), heading_style="ATX", bullets="-", strip=["span", "font"])
    markdown = _INDENT.sub("", markdown)
    return re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"


def text_to_markdown(text: str) -> str:
    paragraphs = [escape(" ".join(line.split())) for line in text.splitlines() if line.strip()]
    return "\n\n".join(paragraphs) + "\n" if paragraphs else ""


def body_from_text(text: str) -> Body:
    return Body(html_to_markdown(text) if looks_like_html(text) else text_to_markdown(text))


def body_from_file(path: Path, image_stem: str) -> Body:
    """The body a 正文文件 holds; images named ``<image_stem>-<n>.<ext>``. Raises OSError,
    UnicodeError or DocumentError for a file that cannot be read."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        images: list[tuple[str, bytes]] = []

        def name(image: Image) -> str:
            images.append((f"{image_stem}-{len(images) + 1}{image.suffix}", image.data))
            return images[-1][0]

        return Body(to_markdown(read_parts(read_docx(path)).body, name), images)
    text = decode(path.read_bytes())
    if suffix in (".html", ".htm"):
        return Body(html_to_markdown(text))
    if suffix == ".md":
        return Body(text if text.endswith("\n") else text + "\n")
    return Body(text_to_markdown(text))
