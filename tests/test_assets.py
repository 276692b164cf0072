"""Our CSS and JavaScript are minified at build time (issue 18), and a copy in the cache folder
that differs from what the shipped sources minify to is never published."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import build
from factories import item_md, make_portal

from opengov.site.assets import minified_assets

SOURCE = Path(__file__).resolve().parents[1] / "plugins/opengov/mkdocs_plugin/assets"


def test_published_assets_are_minified_and_still_parse(tmp_path: Path) -> None:
    root = make_portal(tmp_path / "portal", {"content/news/a.md": item_md(title="一条")})
    result = build(root)
    assert result.returncode == 0, result.stderr
    published = root / "site/assets/opengov"
    sources = sorted(p for p in SOURCE.rglob("*") if p.suffix in {".js", ".css"})
    assert len(sources) >= 10
    for source in sources:
        out = published / source.relative_to(SOURCE)
        text = out.read_text("utf-8")
        assert out.stat().st_size < 0.9 * source.stat().st_size, f"{out.name} is not minified"
        assert "\n  " not in text and "/* " not in text, f"{out.name} keeps indentation or comments"
        if source.suffix == ".js":
            # ES modules and classic scripts alike must still parse after minification.
            module = tmp_path / f"check-{source.stem}.mjs"
            module.write_text(text, "utf-8")
            if shutil.which("node"):
                checked = subprocess.run(["node", "--check", str(module)], capture_output=True, text=True)
                assert checked.returncode == 0, f"{out.name}: {checked.stderr}"
    # The search page's modules still import one another by their names.
    assert "./engine.js" in (published / "search/page.js").read_text("utf-8") + (
        published / "search/loader.js"
    ).read_text("utf-8")


def test_a_tampered_or_stale_cached_copy_is_replaced(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = minified_assets(SOURCE, cache)
    good = (first / "portal.js").read_bytes()
    (first / "portal.js").write_text("alert('not ours')", "utf-8")
    (first / "gone.js").write_text("stale", "utf-8")
    (first / "search/engine.js").unlink()
    (first / "opengov.css").unlink()
    (first / "opengov.css").mkdir()  # a folder where a file belongs
    (first / "opengov.css/x").write_text("y", "utf-8")
    again = minified_assets(SOURCE, cache)
    assert (again / "portal.js").read_bytes() == good
    assert not (again / "gone.js").exists()
    assert (again / "search/engine.js").is_file()
    assert sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file()) == sorted(
        p.relative_to(SOURCE) for p in SOURCE.rglob("*") if p.is_file()
    )


@pytest.mark.parametrize("name", ["portal.css", "portal.js"])
def test_minifying_twice_gives_the_same_bytes(tmp_path: Path, name: str) -> None:
    """Reproducible output: two builds publish byte-identical assets."""
    a = minified_assets(SOURCE, tmp_path / "a") / name
    b = minified_assets(SOURCE, tmp_path / "b") / name
    assert a.read_bytes() == b.read_bytes()
