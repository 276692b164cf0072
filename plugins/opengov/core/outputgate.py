"""The last gate over the output (issue 12): the staged site read as its readers get it.

Pure functions, no MkDocs. The source checks (:mod:`validate`) read what editors wrote;
this reads what the site publishes — every page's text and attribute values with entities
decoded, tags and comments removed; feed, JSON and CSV text; the decompressed search
index; every copied attachment — and looks for (a) personal numbers (:mod:`privacy`) and
(b) traces of unpublished items: their 索引号, their titles where no published text
holds the same, a few long sentences of their bodies. Any hit is an error, so the build
fails and the site that is live stays as it was.
"""

from __future__ import annotations

import filecmp
import gc
import gzip
import hashlib
import json
import os
import pickle
import re
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast
from urllib.parse import unquote

import ahocorasick
import cbor2
from lxml import etree
from lxml import html as lxml_html

from .extract import Unreadable
from .frontmatter import file_digest
from .model import Finding, Item, Portal, old_url_file, url_for_path
from .privacy import KIND_NAMES, PiiHit, masked, scan_file, scan_text

__all__ = [
    "Origin",
    "GatePlan",
    "plan_gate",
    "plan_key",
    "run_gate",
    "reader_text",
    "item_origins",
    "page_allow",
]

LEAK = "link-to-unpublished"  # CONTRACT §5 has no code of its own for a leak found in the output
# Shorter titles ("通知", "公告") are shared by chance; shorter sentences are boilerplate.
MIN_TITLE = 8
MIN_SENTENCE = 24
SENTENCES_PER_ITEM = 3
MIN_INDEX_NO = 6

# Text that the browser shows on its own line: a separator there keeps two table cells or
# paragraphs from being read as one long number, while inline markup (<span>, <em>, a
# comment) inside a number joins back up, as on the screen.
_BLOCK = re.compile(
    rb"<(?=/?(?:p|div|li|ul|ol|dl|dt|dd|td|th|tr|thead|tbody|table|caption|h[1-6]|br|hr|"
    rb"section|article|header|footer|nav|main|aside|blockquote|pre|figure|figcaption|"
    rb"details|summary|option|form|label|title|meta|link|script|style)[\s/>])",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
_MARKDOWN_NOISE = frozenset("[]()<>|*_`&#=\\{}~^")
_GZIP = b"\x1f\x8b"
_PAGEFIND = b"pagefind_dcd"
_NUMBER_WORD = re.compile(r"[+\d]\d*[\dxX]?")
# Pagefind's own program files (not built from any page) and styles: nothing an editor wrote.
_PROGRAM_SUFFIXES = (".js", ".mjs", ".css", ".wasm", ".map", ".woff", ".woff2", ".ttf", ".eot")


@dataclass(frozen=True)
class Origin:
    """Where an output file's text comes from: a source file and the allow-list it may use."""

    source: str  # e.g. content/fiscal/a.md, docs/index.md (relative to the portal folder)
    allow: tuple[str, ...] = ()


@dataclass
class GatePlan:
    """What the gate knows before reading the output (see :func:`plan_gate`)."""

    origins: dict[str, Origin]  # output path (POSIX, relative to the site) -> origin
    # Every page shows other items' text (listings, the home page, related items, feeds), so
    # the gate lets through what any published item or docs page allows; the source check
    # holds each item to its own list.
    allow_all: tuple[str, ...]
    attachments: dict[str, tuple[str, tuple[str, ...]]]  # output path -> (source, allow)
    skip: frozenset[str]  # theme and program files: nothing from the portal's sources
    markers: ahocorasick.Automaton | None
    unpublished_pages: dict[str, str] = field(default_factory=dict)  # output path -> item source


def _squash(text: str) -> str:
    """Text as compared for traces: no whitespace at all (HTML re-wraps and indents it)."""
    return _SPACE.sub("", text)


def _sentences(body: str) -> list[str]:
    """The longest plain sentences of a body: ones without Markdown or HTML syntax, which the
    page shows exactly as written."""
    found = []
    for part in _SENTENCE_END.split(body):
        part = _squash(part)
        if len(part) >= MIN_SENTENCE and not _MARKDOWN_NOISE.intersection(part):
            found.append(part)
    found.sort(key=len, reverse=True)
    return found[:SENTENCES_PER_ITEM]


def _traces(item: Item) -> Iterator[tuple[str, str]]:
    if item.index_no and len(_squash(item.index_no)) >= MIN_INDEX_NO:
        yield _squash(item.index_no), f"索引号“{item.index_no}”"
    if len(_squash(item.title)) >= MIN_TITLE:
        yield _squash(item.title), f"标题“{item.title}”"
    for sentence in _sentences(item.body):
        yield sentence, f"正文中的“{sentence[:16]}…”"


def page_allow(meta: Mapping[str, object]) -> tuple[str, ...]:
    """A docs page's own allow-list (front matter ``pii_allow`` / ``允许公开信息``)."""
    value = meta.get("pii_allow", meta.get("允许公开信息"))
    if isinstance(value, str | int):
        return (str(value),)
    if isinstance(value, list):
        return tuple(str(v) for v in value if v is not None)
    return ()


def item_origins(portal: Portal) -> dict[str, Origin]:
    """The output files each published item is the source of: its page and its old addresses."""
    origins = {}
    for item in portal.published:
        origin = Origin(item.source, tuple(item.pii_allow))
        origins[item.url + "index.html"] = origin
        for alias in item.aliases:
            origins[url_for_path(alias) + "index.html"] = origin
        for url in item.old_urls:
            origins[old_url_file(url)] = origin
    return origins


def plan_gate(
    portal: Portal,
    origins: dict[str, Origin],
    skip: Iterable[str],
    published_texts: Iterable[str] = (),
) -> GatePlan:
    """Everything the gate needs from the sources. ``published_texts`` are the other texts the
    site shows on purpose (docs pages, the catalog): a trace found there is no leak."""
    published = {item.path for item in portal.published}
    automaton = ahocorasick.Automaton()
    for item in portal.items.values():
        if item.path in published:
            continue
        for needle, what in _traces(item):
            if needle not in automaton:
                automaton.add_word(needle, (needle, item.source, what))
    if len(automaton):
        automaton.make_automaton()
        # A trace that published text holds too (a title cited in a published item, a
        # sentence every notice repeats) is no leak when it shows up.
        shared: set[str] = set()
        texts = [f"{item.title}\n{item.front_matter_text}\n{item.body}" for item in portal.published]
        for text in [*texts, *published_texts]:
            for _end, (needle, _source, _what) in automaton.iter(_squash(text)):
                shared.add(needle)
        if shared:
            kept = ahocorasick.Automaton()
            for needle, value in automaton.items():
                if needle not in shared:
                    kept.add_word(needle, value)
            automaton = kept
            if len(automaton):
                automaton.make_automaton()
    allow_all = tuple(dict.fromkeys(a for origin in origins.values() for a in origin.allow))
    attachments = {}
    for path in portal.copied_files:
        referrers = [portal.items[p] for p in portal.file_referrers.get(path, ()) if p in portal.items]
        allow = tuple(a for r in referrers for a in r.pii_allow)
        attachments[path] = (f"{portal.content_dir}/{path}", allow)
    unpublished_pages = {
        item.url + "index.html": item.source
        for item in portal.items.values()
        if item.path not in published and item.url + "index.html" not in origins
    }
    return GatePlan(
        origins=origins,
        allow_all=allow_all,
        attachments=attachments,
        skip=frozenset(skip),
        markers=automaton if len(automaton) else None,
        unpublished_pages=unpublished_pages,
    )


def plan_key(plan: GatePlan) -> str:
    """What a page's verdict depends on beside its bytes: the allow-list and the traces looked
    for. A build cache may keep a page's clean verdict while this stays the same."""
    h = hashlib.blake2b(digest_size=16)
    h.update(json.dumps(plan.allow_all, ensure_ascii=False).encode())
    if plan.markers is not None:
        for needle in sorted(str(key) for key in plan.markers.keys()):
            h.update(b"\0" + needle.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


# --------------------------------------------------------------------------- reading


def _attribute_values(root: etree._Element) -> list[str]:
    # An attribute path yields only strings; lxml's stubs type every XPath result alike.
    return cast(list[str], root.xpath("//@*"))


def _html_blocks(data: bytes) -> list[str]:
    """A page as its reader gets it: the shown text (entities decoded, tags and comments gone,
    blocks on their own lines), then every attribute value, then the comments' own text."""
    data = _BLOCK.sub(b"\n<", data)
    try:
        root = lxml_html.document_fromstring(data)
    except (etree.ParserError, ValueError):
        return [data.decode("utf-8", "replace")]
    shown = etree.tostring(root, method="text", encoding="unicode")
    attributes = "\n".join(_attribute_values(root))
    if "%" in attributes:  # tel:%31%33… dials the number it hides
        attributes += "\n" + unquote(attributes)
    comments = "\n".join(c.text or "" for c in root.iter(etree.Comment))
    return [shown, attributes, comments]


def _markup_strings(strings: Iterable[str]) -> list[str]:
    """Strings of a feed or JSON file as blocks: plain ones one per line, HTML inside them
    (feed content) read as a page."""
    plain: list[str] = []
    blocks: list[str] = []
    for text in strings:
        if "<" in text or "&" in text:
            blocks.extend(_html_blocks(text.encode("utf-8")))
        else:
            plain.append(text)
    return ["\n".join(plain), *blocks]


def _xml_blocks(data: bytes) -> list[str]:
    try:
        root = etree.fromstring(
            data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        )
    except etree.XMLSyntaxError:
        return _html_blocks(data)
    strings = [*root.itertext(), *_attribute_values(root)]
    strings += [c.text or "" for c in root.iter(etree.Comment)]
    return _markup_strings(strings)


def _json_strings(value: object, numbers: bool = True) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield str(key)
            yield from _json_strings(inner, numbers)
    elif isinstance(value, list | tuple):
        for inner in value:
            yield from _json_strings(inner, numbers)
    elif isinstance(value, bytes):
        yield value.decode("utf-8", "ignore")
    elif numbers and value is not None:
        yield str(value)


def _json_blocks(data: bytes) -> list[str]:
    try:
        value = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return [data.decode("utf-8", "replace")]
    return _markup_strings(_json_strings(value))


def _decompressed(data: bytes) -> bytes:
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error):
        return data


def reader_text(name: str, data: bytes) -> list[str] | None:
    """The text of a generated output file as its readers get it, or None for a file that is
    not text (an attachment or image, read by :func:`privacy.scan_file`)."""
    if data[:2] == _GZIP:
        data = _decompressed(data)
        name = name.removesuffix(".gz")
    if data.startswith(_PAGEFIND):  # Pagefind's files, after gunzip: JSON fragments, CBOR index
        data = data[len(_PAGEFIND) :]
        if data[:1] == b"{":
            return _json_blocks(data)
        try:
            value = cbor2.loads(data)
        except (cbor2.CBORDecodeError, ValueError, EOFError):
            return [data.decode("utf-8", "ignore")]
        # The index's words (its numbers are positions, not text). Pagefind drops the hyphens
        # of a 索引号 and glues its parts into one word, which no reader sees; the pages and
        # fragments hold every word as shown, so here only words that are numbers are judged.
        return ["\n".join(w for w in _json_strings(value, numbers=False) if _NUMBER_WORD.fullmatch(w))]
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name.rsplit("/", 1)[-1] else ""
    if suffix in ("html", "htm"):
        return _html_blocks(data)
    if suffix in ("xml", "rss", "atom", "svg", "opml"):
        return _xml_blocks(data)
    if suffix in ("json", "webmanifest"):
        return _json_blocks(data)
    if suffix in ("csv", "tsv", "txt", "md", "pf_meta", "pf_index", "pf_fragment", "pagefind"):
        return [data.decode("utf-8", "ignore")]
    return None


# --------------------------------------------------------------------------- judging


def _neutral(line: bytes) -> bool:
    """A line that cannot change how the lines around it read (no open tag, quote or comment
    carried over): only such lines are read once for the whole site."""
    return (
        line.count(b"<") == line.count(b">")
        and b"<!--" not in line
        and b"-->" not in line
        and not line.count(b'"') % 2
        and not line.count(b"'") % 2
    )


class _Reader:
    """Reads a site's pages once per distinct line: the header, the navigation and the footer
    repeat on every page (about nine tenths of a portal's bytes), their text is the same each
    time, so it is judged on the first page that shows it."""

    def __init__(self) -> None:
        self.seen: set[bytes] = set()

    def unseen(self, data: bytes) -> bytes:
        seen = self.seen
        kept = [line for line in data.split(b"\n") if line not in seen]
        seen.update(line for line in kept if _neutral(line))
        return b"\n".join(kept)


def _source_line(root: Path, source: str, text: str) -> int | None:
    """The line of ``source`` where ``text`` is written as is, or None."""
    try:
        written = (root / source).read_text("utf-8", "replace")
    except OSError:
        return None
    at = written.find(text)
    return written.count("\n", 0, at) + 1 if at >= 0 else None


class _Judge:
    def __init__(self, plan: GatePlan, site: Path, root: Path, clean: Mapping[str, str]) -> None:
        self.plan = plan
        self.site = site
        self.root = root
        self.reader = _Reader()
        self.findings: list[Finding] = []
        self.clean = clean  # output path -> digest of bytes this plan found clean before
        self.digests: dict[str, str] = {}  # of every file read (not the attachments)

    def pii(self, out: str, hit: PiiHit, what: str = "") -> None:
        origin = self.plan.origins.get(out)
        shown = masked(hit.text)
        kind = KIND_NAMES.get(hit.code, "个人信息")
        fix = "公开前必须隐去：请在源文件中找到它，用 * 替换中间的数字；确需公开的请写进“允许公开信息”（pii_allow）"
        line = _source_line(self.root, origin.source, hit.text) if origin else None
        if origin and line:
            message = f"生成的网页“{out}”{what}含有疑似{kind}“{shown}”，{fix}"
            self.findings.append(Finding(origin.source, line, "error", hit.code, message))
            return
        # Split in the source (markup, entities, invisible characters): the output path, and
        # the source that produced it.
        by = f"（由 {origin.source} 生成）" if origin else ""
        message = (
            f"生成的网站文件{by}{what}含有疑似{kind}“{shown}”（源文件中被格式、实体或不可见字符拆开），{fix}"
        )
        self.findings.append(Finding(out, 1, "error", hit.code, message))

    def leak(self, out: str, source: str, what: str) -> None:
        origin = self.plan.origins.get(out)
        by = f"（由 {origin.source} 生成）" if origin else ""
        message = (
            f"生成的网站文件{by}中出现了未公开条目 {source} 的{what}。未公开的信息不得出现在网站上："
            "请删去对它的引用，或核实该条目是否应当公开"
        )
        self.findings.append(Finding(out, 1, "error", LEAK, message))

    def text(self, out: str, blocks: list[str]) -> None:
        allow = self.plan.allow_all
        seen: set[tuple[str, str]] = set()
        for block in blocks:
            for hit in scan_text(block, allow):
                if (hit.code, hit.text) not in seen:
                    seen.add((hit.code, hit.text))
                    self.pii(out, hit)
        if self.plan.markers is None:
            return
        leaked: set[str] = set()
        for block in blocks:
            for _end, (needle, source, what) in self.plan.markers.iter(_squash(block)):
                if needle not in leaked:
                    leaked.add(needle)
                    self.leak(out, source, what)

    def file(self, out: str) -> None:
        path = self.site / out
        attachment = self.plan.attachments.get(out)
        if attachment is not None:
            source, allow = attachment
            if filecmp.cmp(path, self.root / source, shallow=False):
                return  # the very bytes the source check read
            self.binary(out, path, allow)
            return
        data = path.read_bytes()
        digest = self.digests[out] = file_digest(data)
        if self.clean.get(out) == digest:
            return  # the very bytes this plan judged before (a build cache's record)
        if out.endswith((".html", ".htm")) and data[:2] != _GZIP:
            data = self.reader.unseen(data)
        blocks = reader_text(out, data)
        if blocks is not None:
            self.text(out, blocks)
        else:
            self.binary(out, path, self.plan.allow_all)

    def binary(self, out: str, path: Path, allow: tuple[str, ...]) -> None:
        try:
            hits = scan_file(path, allow)
        except Unreadable as exc:
            # Fail closed: a file the site carries that may hold text nobody has read.
            origin = self.plan.origins.get(out)
            message = f"网站文件“{out}”无法做隐私检查：{exc.reason}"
            self.findings.append(
                Finding(origin.source if origin else out, 1, "error", "unchecked-attachment", message)
            )
            return
        for hit in hits:
            self.pii(out, hit, f"的{hit.where or f'第 {hit.line} 行'}")


def site_files(site: Path) -> Iterator[str]:
    """Every file under ``site`` (POSIX paths relative to it), in a stable order."""
    for folder, dirs, files in os.walk(site):
        dirs.sort()
        rel = os.path.relpath(folder, site)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        for name in sorted(files):
            yield prefix + name


def _program_file(out: str) -> bool:
    """Pagefind's own program, styles and WebAssembly: written by the indexer, not from pages."""
    return out.startswith("pagefind/") and (
        out.endswith(_PROGRAM_SUFFIXES) or out.startswith("pagefind/wasm.")
    )


Verdicts = tuple[list[Finding], dict[str, str]]


def _judge_all(
    plan: GatePlan, site: Path, root: Path, names: list[str], clean: Mapping[str, str]
) -> Verdicts:
    judge = _Judge(plan, site, root, clean)
    for out in names:
        if out not in plan.skip and not _program_file(out):
            judge.file(out)
    return judge.findings, judge.digests


# Below this many files a second process costs more than it saves.
PARALLEL_FROM = 2000


def _judge_in_two(
    plan: GatePlan, site: Path, root: Path, names: list[str], clean: Mapping[str, str]
) -> Verdicts:
    """Half the files in a forked child, half here: the gate is most of a build's second core.

    Fails closed: whatever the child does not hand back in full is judged here again."""
    mine, theirs = names[0::2], names[1::2]
    read_end, write_end = os.pipe()
    # A build's heap is hundreds of MB: frozen, the collector in neither process touches (and
    # so copies) the other's pages.
    gc.freeze()
    pid = os.fork()
    if pid == 0:  # the child: judge, hand the findings back, leave without cleanup handlers
        status = 1
        try:
            gc.disable()
            os.close(read_end)
            with os.fdopen(write_end, "wb") as pipe:
                pickle.dump(_judge_all(plan, site, root, theirs, clean), pipe)
            status = 0
        finally:
            os._exit(status)
    gc.unfreeze()
    os.close(write_end)
    findings, digests = _judge_all(plan, site, root, mine, clean)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _pid, status = os.waitpid(pid, 0)
    try:
        theirs_found = pickle.loads(data) if status == 0 else None
    except (pickle.UnpicklingError, EOFError, ValueError):
        theirs_found = None
    if theirs_found is None:
        theirs_found = _judge_all(plan, site, root, theirs, clean)
    return findings + theirs_found[0], {**digests, **theirs_found[1]}


def run_gate(
    plan: GatePlan,
    site: Path,
    root: Path,
    files: Iterable[str] | None = None,
    *,
    parallel: bool = False,
    clean: Mapping[str, str] | None = None,
    digests: dict[str, str] | None = None,
) -> list[Finding]:
    """The findings of the gate over the staged site ``site`` (``files``: only these);
    ``root`` is the portal folder that sources are named relative to. ``parallel``: the
    caller runs no other thread, so half the files may be read in a forked process.
    ``clean``: output path -> digest of the bytes an earlier run *of this same plan*
    (:func:`plan_key`) found clean: such a file is not judged again. ``digests`` receives
    the digest of every file read, for the next run's ``clean``."""
    names = list(site_files(site) if files is None else files)
    two = parallel and len(names) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1 and hasattr(os, "fork")
    judge = _judge_in_two if two else _judge_all
    findings, read = judge(plan, site, root, names, clean or {})
    if digests is not None:
        digests.update(read)
    present = set(names)
    for out, source in sorted(plan.unpublished_pages.items()):
        if out in present:
            message = f"未公开的条目仍有页面“{out}”留在网站中。请完整重新构建（不要用 --dirty），或核实该条目是否应当公开"
            findings.append(Finding(source, 1, "error", LEAK, message))
    return sorted(findings, key=lambda f: (f.path, f.line, f.code, f.message))
