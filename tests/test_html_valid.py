"""Valid HTML (issue 18): the W3C Nu HTML checker (vnu.jar, installed by .ci/run from npm, run
with Debian's Java) over the demo's whole built site. No error may come from our templates or
assets; Material's own markup keeps what stock Material has, and no more per page."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
VNU_JAR = Path(os.environ.get("OPENGOV_VNU_JAR", REPO / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar"))

# Material's base.html writes its two state checkboxes with autocomplete="off" (so Firefox does
# not restore an open drawer on back navigation); the checker allows autocomplete only on text-like
# inputs. Stock Material has both on every page; they are not ours to change.
MATERIAL_OWN = ('id="__drawer" autocomplete="off"', 'id="__search" autocomplete="off"')


def _vnu(site: Path) -> list[dict[str, str]]:
    if not VNU_JAR.exists() or shutil.which("java") is None:
        if os.environ.get("OPENGOV_REQUIRE_VNU"):
            pytest.fail(f"vnu.jar or java missing ({VNU_JAR}); .ci/run installs both")
        pytest.skip("the Nu HTML checker is not installed here (.ci/run installs it)")
    done = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--skip-non-html", str(site)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return [m for m in json.loads(done.stderr)["messages"] if m["type"] == "error"]


def _build(root: Path, mkdocs_yml: str, folders: tuple[str, ...]) -> Path:
    root.mkdir()
    (root / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")
    for folder in folders:
        shutil.copytree(REPO / folder, root / folder)
    env = dict(os.environ, NO_COLOR="1", NO_MKDOCS_2_WARNING="1", PYTHONUTF8="1")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    return root / "site"


def _pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    base = tmp_path_factory.mktemp("vnu")
    ours = _build(base / "demo", (REPO / "mkdocs.yml").read_text("utf-8"), ("content", "docs"))
    stock_yml = (
        "site_name: 示例县人民政府信息公开\nsite_url: https://www.example.gov.cn/\n"
        "theme:\n  name: material\n  language: zh\n  font: false\nplugins: []\n"
    )
    stock = _build(base / "stock", stock_yml, ("docs",))
    return {
        "ours": _vnu(ours),
        "our_pages": _pages(ours),
        "stock": _vnu(stock),
        "stock_pages": _pages(stock),
        "site": ours,
    }


def test_no_error_comes_from_our_markup(checked: dict[str, object]) -> None:
    errors = checked["ours"]
    assert isinstance(errors, list)
    ours = [e for e in errors if not any(mark in e.get("extract", "") for mark in MATERIAL_OWN)]
    summary = Counter(f"{e['message'][:120]} @ {e.get('extract', '').strip()[:80]}" for e in ours)
    assert not ours, "\n".join(f"{n}× {text}" for text, n in summary.most_common(20))


def test_every_page_type_was_checked_and_is_no_worse_than_stock_material(checked: dict[str, object]) -> None:
    site = checked["site"]
    assert isinstance(site, Path)
    for page in (
        "index.html", "fiscal/index.html", "fiscal/page/2/index.html", "departments/czj/index.html",
        "catalog/index.html", "policies/index.html", "search/index.html", "compliance/index.html",
        "404.html", "guide/index.html",
    ):  # fmt: skip
        assert (site / page).is_file(), page
    items = [p for p in site.rglob("index.html") if p.parent.parent.name.isdigit()]
    assert len(items) > 50  # item pages (/<column>/<year>/<name>/)
    ours = len(checked["ours"]) / checked["our_pages"]  # type: ignore[arg-type, operator]
    stock = len(checked["stock"]) / checked["stock_pages"]  # type: ignore[arg-type, operator]
    assert stock > 0  # the checker ran on stock Material and found its known errors
    assert ours <= stock, f"{ours:.2f} errors per page against stock Material's {stock:.2f}"
