"""Unsafe markup in Markdown bodies (``unsafe-html``) and the allow-list sanitiser for their HTML.

Finding uses a real HTML parser on the body with code masked (links.mask_code), so the line
of each tag is known; cleaning is nh3's (a kept sanitiser), never a regex.
"""

from __future__ import annotations

import html as htmllib
import re
from html.parser import HTMLParser

import nh3

from .links import mask_code

_DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "base", "meta"}
_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset"}
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
_INLINE = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)>]*?)>?(?:\s+[\"'(][^)]*)?\)")
# Browsers drop ASCII whitespace and control characters inside a scheme.
_IGNORED = re.compile(r"[\x00-\x20\x7f]+")


def _scheme(url: str) -> str | None:
    """The dangerous scheme ``url`` starts with, after entity decoding and dropping whitespace."""
    text = _IGNORED.sub("", htmllib.unescape(url)).lower()
    return next((s for s in _BAD_SCHEMES if text.startswith(s)), None)


def _data_image(url: str) -> bool:
    return _IGNORED.sub("", htmllib.unescape(url)).lower().startswith("data:image/")


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag in _DANGEROUS_TAGS:
            self.found.append((line, f"<{tag}> 标签"))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((line, f"事件属性 {name}="))
            elif name in _URL_ATTRS and value:
                scheme = _scheme(value)
                if scheme and not (
                    scheme == "data:" and tag == "img" and name == "src" and _data_image(value)
                ):
                    self.found.append((line, f"<{tag} {name}> 中的 {scheme} 网址"))

    handle_startendtag = handle_starttag


def unsafe_html(text: str) -> list[tuple[int, str]]:
    """(1-based line, description) of every unsafe tag, handler or URL in a Markdown body."""
    masked = mask_code(text)
    found: list[tuple[int, str]] = []
    for number, line in enumerate(masked.split("\n"), 1):
        if "](" in line:
            for match in _INLINE.finditer(line):
                target = match.group(1).strip()
                scheme = _scheme(target)
                image = match.group(0).startswith("!")
                if scheme and not (scheme == "data:" and image and _data_image(target)):
                    found.append((number, f"链接中的 {scheme} 网址"))
    if "<" in masked:
        parser = _Finder()
        parser.feed(masked)
        parser.close()
        found += parser.found
    return sorted(found)


_TAGS = {
    *"a abbr b blockquote br caption code col colgroup dd del details div dl dt em figcaption figure".split(),
    *"h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp small span strong sub summary sup".split(),
    *"table tbody td tfoot th thead tr u ul var time dfn cite center font section article aside nav".split(),
    *"header footer main picture source audio video track map area input label".split(),
}
_ATTRS = {
    "*": {"class", "id", "title", "lang", "dir", "align", "style", "role", "aria-label", "aria-hidden"},
    "a": {"href", "name", "target", "rel", "download"},
    "img": {"src", "alt", "width", "height", "loading", "srcset", "sizes"},
    "source": {"src", "srcset", "type", "media", "sizes"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "details": {"open"},
    "abbr": {"title"},
    "time": {"datetime"},
    "input": {"type", "checked", "disabled"},
    "video": {"src", "controls", "width", "height", "poster"},
    "audio": {"src", "controls"},
    "track": {"src", "kind", "srclang", "label"},
    "area": {"href", "alt", "shape", "coords"},
    "map": {"name"},
    "q": {"cite"},
    "blockquote": {"cite"},
}


def _filter(tag: str, attr: str, value: str) -> str | None:
    # nh3 checks a srcset as one URL: judge each of its candidates.
    if attr == "srcset" and any(_scheme(part.strip().split(" ")[0]) for part in value.split(",")):
        return None
    # nh3 allows data: for every URL once listed: keep it for images only.
    if attr in _URL_ATTRS and _scheme(value) == "data:" and not (tag == "img" and _data_image(value)):
        return None
    return value


def sanitize(html: str) -> str:
    """``html`` with only allow-listed tags, attributes and URL schemes (data: for images)."""
    return nh3.clean(
        html,
        tags=_TAGS,
        clean_content_tags={"script", "style"},
        attributes=_ATTRS,
        attribute_filter=_filter,
        link_rel=None,
        url_schemes={"http", "https", "mailto", "tel", "data"},
    )
