"""Shared helpers: build and check portals, read built sites back; the fixtures.

The portals themselves (on disk and in memory) come from ``tests/factories.py``; its names
are also importable from here, as older tests do. Everything here is generic:

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
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from factories import (  # noqa: F401  (re-exported: tests import them from here too)
    DEFAULT_CATALOG,
    DEPT_CODE,
    DOCS_INDEX,
    FULL_FOOTER,
    MKDOCS_YML,
    ORG_CODE,
    PNG_1X1,
    SITE_URL,
    item_md,
    make_portal,
)
from lxml import etree

from opengov.browser import CHROMIUM, CHROMIUM_ARGS


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


def opengov_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``opengov …`` as a real process (the installed console script), with no terminal."""
    return subprocess.run(
        ["opengov", *args],
        cwd=root,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_env(),
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def check_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``opengov check`` as a real process."""
    return opengov_cli(root, "check", *args)


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


ATOM_RNC = Path(__file__).parent / "data" / "atom.rnc"


@pytest.fixture(scope="session")
def atom_schema() -> etree.RelaxNG:
    """RFC 4287's RELAX NG schema (its appendix B, in RNC), compiled for lxml."""
    import rnc2rng

    rng = rnc2rng.dumps(rnc2rng.load(str(ATOM_RNC)))
    # rnc2rng declares the RNC's `namespace local = ""` as xmlns:local="", which
    # XML namespaces forbid; the grammar itself only uses nsName ns="".
    rng = re.sub(r'\s+xmlns:local=""', "", rng)
    return etree.RelaxNG(etree.fromstring(rng.encode("utf-8")))


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
