"""The build cache ``mkdocs build`` keeps between runs (issue 17): a one-item edit re-renders
what shows that item, and every other page is the very bytes of the last good build.

No engine imports. The cache folder (``cache_dir``, default ``.cache/opengov/``) holds
``build/state.json`` (JSON only, never pickle: a damaged or planted file cannot run code)
and ``build/objects/``, the rendered pages by content digest. A page is reused only when

* the *token* is the same: everything every page depends on (the catalog, the engine's
  settings, mkdocs.yml, the docs pages, every template, the plugin's code, the versions of
  the libraries that render), see :func:`sources_digest`;
* its own fingerprint is the same (``SitePages.fingerprints``: the item, its relations and
  attachments, a listing's rows);
* its stored bytes still have the digest recorded (else the cache is damaged: a warning,
  and the page is rendered).

What the cache holds of an item is dropped with the item: after each good build every
object no page of the new build refers to is deleted, so a withdrawn item's page (or
feed text) does not outlive the build that withdrew it. The output gate's verdict on a
stored page is kept too, for the same gate plan only (:func:`opengov.core.outputgate.plan_key`).
"""

from __future__ import annotations

import functools
import gc
import hashlib
import json
import logging
import os
import shutil
import stat
import sysconfig
import types
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from ..core.frontmatter import file_digest
from ..core.loader import ParseCache
from ..search.bundle import link_or_copy
from .incremental import remove_output

log = logging.getLogger("opengov")

FORMAT = 1
STATE = "state.json"
# The libraries whose version changes what a page or the index holds.
RENDERERS = (
    "opengov",
    "mkdocs",
    "mkdocs-material",
    "markdown",
    "pymdown-extensions",
    "jinja2",
    "markupsafe",
    "nh3",
    "babel",
    "pagefind",
    "pagefind-bin-extended",
)
PACKAGE_DIR = Path(__file__).resolve().parent.parent


def tree_digest(folders: Iterable[Path | str]) -> str:
    """Every file under ``folders`` (names and bytes), in a stable order; missing folders count as empty.

    A folder of an installed distribution (a theme in site-packages: Material's is 14,000
    files) counts by what pip recorded of it instead: its version and its ``RECORD`` (every
    file's hash), read in milliseconds.
    """
    h = hashlib.blake2b(digest_size=16)
    for number, top in enumerate(folders):
        top = Path(top)
        h.update(f"\0{number}\0".encode())  # not the path: a checkout elsewhere is the same
        installed = _installed(top)
        if installed is not None:
            h.update(installed.encode("utf-8", "surrogatepass"))
            continue
        for folder, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                path = Path(folder, name)
                try:
                    data = path.read_bytes()
                except OSError:
                    data = b"\0unreadable"
                h.update(path.relative_to(top).as_posix().encode("utf-8", "surrogatepass") + b"\0")
                h.update(file_digest(data).encode())
    return h.hexdigest()


def _installed(folder: Path) -> str | None:
    """The distribution (name, version, RECORD's digest) that installed ``folder``, or None."""
    try:
        resolved = folder.resolve()
    except OSError:
        return None
    for base in {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}:
        try:
            top = resolved.relative_to(Path(base).resolve()).parts[0]
        except (ValueError, IndexError, OSError):
            continue
        # The dist-info whose RECORD lists files of ``top``: the one that installed them.
        for info in sorted(Path(base).glob("*.dist-info")):
            try:
                record = (info / "RECORD").read_text(encoding="utf-8")
            except OSError:
                continue
            if f"\n{top}/" in "\n" + record:
                return f"{info.name}:{file_digest(record.encode())}"
        return None
    return None


def stable(value: object, root: str = "") -> object:
    """Settings as plain values that print the same in every run (no object addresses): mappings,
    sequences and scalars as they are, any other object as its type's name. Paths inside
    ``root`` (the portal folder) are written relative to it: a checkout elsewhere (a CI
    runner's) keeps its cache."""
    if isinstance(value, str):
        return value.replace(root, "<portal>") if root else value
    if isinstance(value, int | float | bool) or value is None:
        return value
    if isinstance(value, Mapping):
        return sorted((str(k), stable(v, root)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return [stable(v, root) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(repr(stable(v, root)) for v in value)
    if hasattr(value, "items") and callable(value.items):  # a Config (a UserDict)
        return stable(dict(value.items()), root)
    if isinstance(value, types.ModuleType):  # a `hooks:` file: what it does is its code
        source = getattr(value, "__file__", None)
        try:
            return file_digest(Path(source).read_bytes()) if source else value.__name__
        except OSError:
            return value.__name__
    return type(value).__name__


def versions() -> str:
    """The renderers' versions, and those of every installed MkDocs plugin and Markdown extension
    (another plugin of the site, or an extension, changes pages too)."""
    found = []
    for name in RENDERERS:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=-")
    plugins = set()
    for group in ("mkdocs.plugins", "markdown.extensions"):
        for point in metadata.entry_points(group=group):
            dist = point.dist
            plugins.add(f"{point.name}:{dist.name}={dist.version}" if dist else point.name)
    return ",".join(found + sorted(plugins))


@functools.cache
def package_digest() -> str:
    """The plugin's own code and templates, and the renderers' versions (once per process)."""
    return versions() + "|" + tree_digest([PACKAGE_DIR])


def sources_digest(theme_dirs: Iterable[str], docs_dir: Path, config_file: Path | None) -> str:
    """What every page depends on beside the catalog and the settings: the plugin's own code
    and templates, the theme's, the docs pages (titles in every page's nav), mkdocs.yml."""
    try:
        config = config_file.read_bytes() if config_file else b""
    except OSError:
        config = b""
    parts = [package_digest(), tree_digest([*theme_dirs, docs_dir]), file_digest(config)]
    return "|".join(parts)


@dataclass
class StoredPage:
    fingerprint: str
    output: str  # where the page is written, relative to the site folder
    digest: str  # of its bytes: the object's name


@dataclass
class CacheState:
    token: str = ""
    pages: dict[str, StoredPage] = field(default_factory=dict)  # src_uri -> page
    feed_html: dict[str, tuple[str, str]] = field(
        default_factory=dict
    )  # item path -> (fingerprint, body HTML)
    gate_plan: str = ""
    gate_clean: dict[str, str] = field(default_factory=dict)  # output path -> digest the gate passed
    feeds: dict[str, tuple[str, str]] = field(default_factory=dict)  # feed path -> (memo key, object)

    def to_json(self) -> str:
        data = {
            "format": FORMAT,
            "token": self.token,
            "pages": {uri: [p.fingerprint, p.output, p.digest] for uri, p in sorted(self.pages.items())},
            "feed_html": {path: list(entry) for path, entry in sorted(self.feed_html.items())},
            "gate_plan": self.gate_plan,
            "gate_clean": dict(sorted(self.gate_clean.items())),
            "feeds": {path: list(entry) for path, entry in sorted(self.feeds.items())},
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> CacheState:
        """Raises ValueError (or KeyError, TypeError) for anything but what :meth:`to_json` writes."""
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("format")
        pages = {}
        for uri, (fingerprint, output, digest) in data["pages"].items():
            _check_name(digest)
            pages[str(uri)] = StoredPage(str(fingerprint), _safe_rel(output), digest)
        feed_html = {str(p): (_text(fp), _text(html)) for p, (fp, html) in data["feed_html"].items()}
        gate_clean = {}
        for out, digest in data["gate_clean"].items():
            _check_name(digest)
            gate_clean[_safe_rel(out)] = digest
        feeds = {}
        for path, (key, digest) in data["feeds"].items():
            _check_name(digest)
            feeds[_safe_rel(path)] = (str(key), digest)
        return cls(str(data["token"]), pages, feed_html, str(data["gate_plan"]), gate_clean, feeds)


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("text")
    return value


def _check_name(digest: object) -> None:
    if not isinstance(digest, str) or len(digest) != 32 or not all(c in "0123456789abcdef" for c in digest):
        raise ValueError("digest")


def _safe_rel(output: object) -> str:
    """A page's output path as recorded: relative, inside the site (a planted ``../`` is damage)."""
    if not isinstance(output, str) or output.startswith("/") or ".." in output.split("/") or "\\" in output:
        raise ValueError("output")
    return output


class BuildCache:
    """One portal's cache folder: what the last good build rendered, and the bytes."""

    def __init__(self, folder: Path, token: str | None) -> None:
        """``token`` None: read the state as it is (:class:`Prefetch`), judge it later (:meth:`accept`)."""
        self.folder = folder
        self.objects = folder / "objects"
        self.token = token or ""
        self.loaded = CacheState()  # the state file as read
        self.previous = CacheState()  # what this build may use: the loaded state if its token matches
        self.damaged: list[str] = []  # what was found wrong, for one warning
        self._read()
        if token is not None:
            self.accept(token)

    def accept(self, token: str) -> None:
        self.token = token
        # Another token: the settings, templates or plugin changed: nothing is reused (no warning).
        self.previous = self.loaded if self.loaded.token == token else CacheState()

    def _read(self) -> None:
        path = self.folder / STATE
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        except (OSError, UnicodeDecodeError) as exc:
            self._damage(f"{path} 无法读取（{exc}）")
            return
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            data = None
        if isinstance(data, dict) and data.get("format") != FORMAT and isinstance(data.get("format"), int):
            return  # written by another version of the plugin: not used (no warning)
        try:
            state = CacheState.from_json(text)
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            self._damage(f"{path} 内容无效")
            return
        self.loaded = state

    def _damage(self, what: str) -> None:
        self.damaged.append(what)
        log.warning("opengov: 构建缓存已损坏，已忽略：%s；本次完整构建，并重新写入缓存", what)

    def gate_clean(self, plan: str) -> dict[str, str]:
        """What the gate passed last time under this same plan: every file it read, and the
        stored pages (passed by the build that rendered them)."""
        previous = self.previous
        if previous.gate_plan != plan:
            return {}
        return {**{page.output: page.digest for page in previous.pages.values()}, **previous.gate_clean}

    def object_path(self, digest: str) -> Path:
        return self.objects / digest[:2] / digest

    # -- reuse ---------------------------------------------------------------------------------

    def reusable(
        self,
        fingerprints: Mapping[str, str],
        outputs: Mapping[str, str],
        candidates: Iterable[str],
        needs_html: Mapping[str, str],
        intact: Collection[str] | None = None,
    ) -> dict[str, StoredPage]:
        """The candidate pages whose stored copy is what this build would render, checked.

        ``needs_html``: src_uri -> item path of pages whose body HTML a feed carries: only
        reused when that HTML is stored too. ``intact``: the digests a :class:`Prefetch`
        has checked already (else each page is read and checked here).
        """
        wanted: dict[str, StoredPage] = {}
        for uri in candidates:
            stored = self.previous.pages.get(uri)
            if (
                stored is None
                or stored.fingerprint != fingerprints.get(uri)
                or stored.output != outputs.get(uri)
            ):
                continue
            path = needs_html.get(uri)
            if path is not None and self.previous.feed_html.get(path, ("",))[0] != stored.fingerprint:
                continue
            wanted[uri] = stored
        if intact is None:
            found = {uri: stored for uri, stored in wanted.items() if self._intact(stored)}
        else:
            found = {uri: stored for uri, stored in wanted.items() if stored.digest in intact}
        bad = len(wanted) - len(found)
        if bad:
            self._damage(f"{bad} 个已存页面缺失或内容与记录不符，这些页面重新生成")
        return found

    def feeds(self) -> dict[str, tuple[str, bytes]]:
        """The feeds the last build rendered, by path: (memo key, bytes), each checked."""
        found = {}
        for path, (key, digest) in self.previous.feeds.items():
            try:
                data = self.object_path(digest).read_bytes()
            except OSError:
                continue
            if file_digest(data) == digest:
                found[path] = (key, data)
        return found

    def _intact(self, stored: StoredPage) -> bool:
        """The object is a plain file here (no link out of the cache) with the recorded bytes."""
        path = self.object_path(stored.digest)
        if self.objects.is_symlink() or path.parent.is_symlink() or not _regular(path):
            return False
        try:
            return file_digest(path.read_bytes()) == stored.digest
        except OSError:
            return False

    def feed_html(self, path: str, fingerprint: str) -> str | None:
        entry = self.previous.feed_html.get(path)
        return entry[1] if entry is not None and entry[0] == fingerprint else None

    def link_into(self, site_dir: Path, pages: Iterable[StoredPage]) -> None:
        """The reused pages into the staged site (hard links: no copy of the bytes).

        Plain ``os`` calls: at 10,000 pages pathlib's overhead was most of a warm build's second.
        """
        site, objects = str(site_dir), str(self.objects)
        made: set[str] = set()
        for page in pages:
            target = os.path.join(site, page.output)
            folder = os.path.dirname(target)
            if folder not in made:
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
            link_or_copy(os.path.join(objects, page.digest[:2], page.digest), target)

    def link_checked(self, site_dir: Path, pages: Iterable[StoredPage]) -> set[str]:
        """Link each page whose stored bytes have their digest; returns the digests that had not."""
        pages = list(pages)
        bad = {page.digest for page in pages if not self._intact(page)}
        self.link_into(site_dir, [page for page in pages if page.digest not in bad])
        return bad

    # -- after a good build --------------------------------------------------------------------

    def store(
        self, state: CacheState, site_dir: Path, rendered: Iterable[str], digests: Mapping[str, str] = {}
    ) -> None:
        """Record the build: ``rendered`` are the src_uris whose page this build wrote (their
        bytes are taken from ``site_dir``; ``digests``: output path -> digest, those the output
        gate read already); then drop every object nothing refers to."""
        for uri in rendered:
            page = state.pages[uri]
            known = digests.get(page.output)
            page.digest = known if known is not None else file_digest((site_dir / page.output).read_bytes())
            target = self.object_path(page.digest)
            if not target.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                link_or_copy(site_dir / page.output, target)
        state.token = self.token
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self.folder / f".{STATE}.tmp"
        temporary.write_text(state.to_json(), encoding="utf-8")
        os.replace(temporary, self.folder / STATE)
        keep = {page.digest for page in state.pages.values()}
        keep.update(digest for _key, digest in state.feeds.values())
        self._collect(keep)
        self.previous = state

    def _collect(self, keep: set[str]) -> None:
        """Delete every object no page refers to. A symbolic link is removed, never followed:
        a planted ``objects/zz -> /elsewhere`` must not empty the folder it points to."""
        if self.objects.is_symlink() or not self.objects.is_dir():
            _remove_entry(self.objects)
            return
        for bucket in self.objects.iterdir():
            if bucket.is_symlink() or not bucket.is_dir():
                _remove_entry(bucket)
                continue
            for entry in bucket.iterdir():
                if entry.name not in keep or not _regular(entry):
                    _remove_entry(entry)
            if not any(bucket.iterdir()):
                bucket.rmdir()

    def add_object(self, data: bytes) -> str:
        digest = file_digest(data)
        target = self.object_path(digest)
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(digest + ".tmp")
            temporary.write_bytes(data)
            os.replace(temporary, target)
        return digest


def _regular(path: Path) -> bool:
    """A regular file itself, not a symbolic link to one."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _remove_entry(path: Path) -> None:
    """Remove a file, a link (not what it points to) or a folder; a missing one is fine."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            path.unlink()
        except FileNotFoundError:
            pass


class Prefetch:
    """The last build's pages linked, by a forked child, into a folder beside the new site while
    the parent reads the portal; the plan then unlinks the pages it renders anew and the folder
    becomes the new site (:meth:`adopt`). 11,500 folders and links then cost no wall time.

    Every page is checked against its digest before it is linked; the child reports those
    that were not (and so were not linked).
    """

    def __init__(self, cache: BuildCache, folder: Path) -> None:
        self.cache = cache
        self.folder = folder
        self.pages = dict(cache.loaded.pages)  # src_uri -> page, as the child links them
        read_end, write_end = os.pipe()
        gc.freeze()  # the child touches (and so copies) none of the heap's pages
        pid = os.fork()
        if pid == 0:
            status = 1
            try:
                os.close(read_end)
                bad = cache.link_checked(folder, self.pages.values())
                with os.fdopen(write_end, "w") as pipe:
                    json.dump(sorted(bad), pipe)
                status = 0
            finally:
                os._exit(status)
        gc.unfreeze()
        os.close(write_end)
        self.pid: int | None = pid
        self.read_end = read_end
        self.bad: set[str] | None = None

    def wait(self) -> set[str] | None:
        """The digests that are intact and linked; None when the child failed (use none of them)."""
        if self.pid is not None:
            pid, self.pid = self.pid, None
            with os.fdopen(self.read_end, encoding="utf-8") as pipe:
                data = pipe.read()
            _pid, status = os.waitpid(pid, 0)
            try:
                self.bad = set(json.loads(data)) if status == 0 else None
            except ValueError:
                self.bad = None
        if self.bad is None:
            return None
        return {page.digest for page in self.pages.values()} - self.bad

    def adopt(self, work: Path, reused: Mapping[str, StoredPage]) -> bool:
        """Keep the links of ``reused``, drop the rest, make the folder ``work`` (the engine's
        emptied output folder). False when that cannot be done (then the caller links)."""
        if self.wait() is None:
            return False
        try:
            for uri, page in self.pages.items():
                if uri not in reused:  # rendered anew, or gone (or never linked: damaged)
                    remove_output(self.folder, page.output)
            os.rename(self.folder, work)  # over the empty folder the engine cleaned
        except OSError:
            return False
        return True


PARSED = "parsed.json"


def load_parsed(folder: Path, cache: ParseCache) -> None:
    """The items parsed by the last good build, when the same code parsed them."""
    path = folder / PARSED
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return
    except (OSError, ValueError, RecursionError) as exc:
        log.warning("opengov: 构建缓存已损坏，已忽略：%s 无法读取（%s）", path, exc)
        return
    if not isinstance(data, dict) or data.get("code") != package_digest():
        return  # another version of the plugin parsed them
    try:
        cache.load(data.get("entries"))
    except (ValueError, TypeError, KeyError, AttributeError):
        log.warning("opengov: 构建缓存已损坏，已忽略：%s 内容无效", path)


def save_parsed(folder: Path, cache: ParseCache, published: Collection[str]) -> None:
    data = {"code": package_digest(), "entries": cache.dump(published)}
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".{PARSED}.tmp"
    temporary.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(temporary, folder / PARSED)
