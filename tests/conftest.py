"""Shared helpers: write small real portals to disk, build and check them.

Everything here is generic so any test file can reuse it:

- :func:`make_portal` writes ``mkdocs.yml`` (CONTRACT §6, verbatim), a catalog,
  ``docs/index.md`` and any files given (paths relative to the portal root);
- :func:`item_md` renders one disclosure item with front matter;
- :func:`build` runs ``python -m mkdocs build`` in a subprocess,
  :func:`build_inprocess` the same build through MkDocs' Python API;
- :func:`check` runs ``opengov check`` through :func:`opengov.cli.main`;
- :func:`site_files` / :func:`site_bytes` read a built ``site/`` back (``.gz``
  and other gzip streams decompressed), for "leaves no trace" assertions.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# The scripts folder holds helpers the tests share with the benchmarks (browser.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

SITE_URL = "https://example.gov.cn/"
ORG_CODE = "11511325MB12345622"  # passes GB 32100
DEPT_CODE = "11511325MB0000019N"  # passes GB 32100

# CONTRACT §6, word for word.
MKDOCS_YML = """\
site_name: 某某县人民政府信息公开
site_url: https://example.gov.cn/
theme:
  name: material
  language: zh
plugins:
  - opengov
"""

DEFAULT_CATALOG = f"""\
organization:
  name: 示例县人民政府
  code: {ORG_CODE}
columns:
  - id: fiscal
    title: 财政信息
    cadence: monthly
    inspection: notice
    description: 财政收支、预决算
    children:
      - id: budget
        title: 预决算
        cadence: yearly
      - id: funds
        title: 专项资金
  - id: news
    title: 要闻动态
    inspection: news
  - id: policy
    title: 政策文件
  - id: empty
    title: 空白栏目
departments:
  - id: czj
    name: 县财政局
    code: {DEPT_CODE}
  - id: zfb
    name: 县政府办公室
"""

DOCS_INDEX = "# 欢迎\n\n某某县人民政府信息公开门户。\n"

# Every footer mark filled in (no ``missing-footer-mark``): for builds that must pass ``--strict``.
FULL_FOOTER = {
    "sponsor": "某某县人民政府办公室",
    "contact": "电话：0817-1234567",
    "site_code": "5113250001",
    "icp": "蜀ICP备12345678号",
    "police_record": "川公网安备 51132502000001号",
    "gov_badge": "images/gov-badge.png",
    "gov_badge_link": "https://bszs.conac.cn/sitename?method=show&id=1",
    "error_report_url": "https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?sitecode=5113250001",
}
# A 1×1 PNG (a whole one: the output gate reads every image it publishes), for ``docs/images/gov-badge.png``.
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478"
    "9c6360606060000000050001a5f645400000000049454e44ae426082"
)


def _yaml_value(value: object, indent: str = "") -> str:
    """A front matter value as YAML text: strings are written as given (raw YAML)."""
    if isinstance(value, bool):
        return " true" if value else " false"
    if isinstance(value, list | tuple):
        lines = []
        for entry in value:
            if isinstance(entry, Mapping):
                pairs = list(entry.items())
                first = f"{indent}  - {pairs[0][0]}: {pairs[0][1]}"
                rest = [f"{indent}    {k}: {v}" for k, v in pairs[1:]]
                lines.extend([first, *rest])
            else:
                lines.append(f"{indent}  - {entry}")
        return "\n" + "\n".join(lines) if lines else " []"
    return f" {value}"


def item_md(
    title: str = "测试条目",
    date: str | None = "2024-05-01",
    category: str | list[str] | None = "news",
    publisher: str | None = "czj",
    body: str = "正文。\n",
    **fields: object,
) -> str:
    """One item's Markdown. ``None`` leaves a key out; other keys go in the order given.

    String values are raw YAML (quote them yourself where YAML needs it); lists
    become block lists, one element a line; dicts inside lists become mappings.
    """
    pairs: list[tuple[str, object]] = [
        ("title", title),
        ("date", date),
        ("category" if not isinstance(category, list) else "categories", category),
        ("publisher", publisher),
        *fields.items(),
    ]
    lines = ["---"]
    for key, value in pairs:
        if value is None:
            continue
        lines.append(f"{key}:{_yaml_value(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n" + body


def make_portal(
    root: Path,
    items: Mapping[str, str | bytes],
    catalog: str | bytes | None = None,
    mkdocs_extra: str = "",
    plugin_options: Mapping[str, object] | None = None,
    mkdocs_yml: str | None = None,
) -> Path:
    """Write a portal into ``root`` and return ``root``.

    ``items`` maps paths relative to the portal root (``content/news/a.md``,
    ``content/news/data.csv``, ``docs/about.md``) to text (written as UTF-8)
    or bytes (written as given). ``docs/index.md`` is added unless given.
    ``catalog`` replaces :data:`DEFAULT_CATALOG`; ``mkdocs_extra`` is appended
    to the contract's ``mkdocs.yml``; ``plugin_options`` turns ``- opengov``
    into ``- opengov: {options}``; ``mkdocs_yml`` replaces the file entirely.
    """
    root.mkdir(parents=True, exist_ok=True)
    if mkdocs_yml is None:
        mkdocs_yml = MKDOCS_YML
        if plugin_options:
            options = "".join(
                f"      {k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in plugin_options.items()
            )
            mkdocs_yml = mkdocs_yml.replace("  - opengov\n", "  - opengov:\n" + options)
        mkdocs_yml += mkdocs_extra
    (root / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")
    files: dict[str, str | bytes] = {
        "content/catalog.yml": DEFAULT_CATALOG if catalog is None else catalog,
        "docs/index.md": DOCS_INDEX,
    }
    files.update(items)
    for rel_path, data in files.items():
        target = root / rel_path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_bytes(data.encode("utf-8"))
    (root / "content").mkdir(exist_ok=True)
    (root / "docs").mkdir(exist_ok=True)
    return root


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("PYTHONUTF8", "1")
    env["NO_COLOR"] = "1"
    env["NO_MKDOCS_2_WARNING"] = "1"  # Material's end-of-life banner
    return env


def build(root: Path, strict: bool = False, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m mkdocs build`` in ``root``, as an administrator runs it."""
    command = [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []), *args]
    return subprocess.run(
        command, cwd=root, capture_output=True, text=True, encoding="utf-8", env=_env(), timeout=300
    )


def build_inprocess(root: Path, strict: bool = False) -> None:
    """The same build through MkDocs' Python API (faster; raises on failure)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    with contextlib.chdir(root):
        config = load_config(config_file=str(root / "mkdocs.yml"), strict=strict)
        mkdocs_build(config)


def check(root: Path, *args: str) -> tuple[int, str]:
    """``opengov check`` through the CLI's ``main``: (exit status, standard output)."""
    from opengov.cli import main

    out = io.StringIO()
    with contextlib.chdir(root), contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        try:
            status = main(["check", *args])
        except SystemExit as exc:  # argparse usage errors
            status = int(exc.code or 0)
    return status, out.getvalue()


def check_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``opengov check`` as a real process (the installed console script)."""
    return subprocess.run(
        ["opengov", "check", *args],
        cwd=root,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_env(),
        timeout=120,
    )


def findings(output: str) -> list[str]:
    """The finding lines (``path:line: severity CODE: message``) of ``opengov check``."""
    return [line for line in output.splitlines() if ": error " in line or ": warning " in line]


def finding_heads(output: str) -> list[str]:
    """Each finding without its message: ``path:line: severity CODE``."""
    return [line.split(": ", 2)[0] + ": " + line.split(": ", 2)[1] for line in findings(output)]


def _maybe_gunzip(data: bytes) -> bytes:
    if data[:2] != b"\x1f\x8b":
        return data
    try:
        return gzip.decompress(data)
    except (OSError, EOFError):
        return data


def site_files(site: Path) -> dict[str, bytes]:
    """Every file under ``site`` by POSIX path, gzip streams decompressed."""
    return {
        path.relative_to(site).as_posix(): _maybe_gunzip(path.read_bytes())
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def snapshot(site: Path) -> dict[str, bytes]:
    """Every file's raw bytes under ``site`` (for "left exactly as it was")."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def grep_site(site: Path, needles: Iterable[str]) -> list[tuple[str, str]]:
    """(file, needle) for each needle found in a file's bytes or its path (UTF-8 and URL-escaped)."""
    from urllib.parse import quote

    hits = []
    files = site_files(site)
    for needle in needles:
        forms = {needle.encode("utf-8"), quote(needle).encode("ascii")}
        forms.add(json.dumps(needle).strip('"').encode("ascii"))  # \uXXXX escapes in JSON
        for name, data in files.items():
            if any(form in data or form in name.encode("utf-8") for form in forms):
                hits.append((name, needle))
    return hits


@pytest.fixture
def portal_dir(tmp_path: Path) -> Path:
    return tmp_path / "portal"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless, one per test module (never a downloaded browser)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (.ci/run installs it)")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class LocalTab:
    """A browser tab that refuses, and records, every request to another host, and records
    script errors; ``close()`` fails on either."""

    def __init__(
        self, browser: object, base: str, width: int = 1280, height: int = 900, **options: object
    ) -> None:
        self.base = base
        self.foreign: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(
            viewport={"width": width, "height": height}, locale="zh-CN", **options
        )
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _route(self, route: object) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def close(self) -> None:
        self.context.close()
        assert not self.foreign, f"requests to other hosts: {self.foreign}"
        assert not self.errors, f"script errors: {self.errors}"
