"""The same portal under both engines: MkDocs 1.6 and ProperDocs (its drop-in continuation)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from conftest import check
from factories import item_md, make_portal

ENGINES = ["mkdocs", "properdocs"]


@pytest.mark.parametrize("engine", ENGINES)
def test_smallest_portal_builds_under_each_engine(tmp_path: Path, engine: str) -> None:
    root = make_portal(
        tmp_path,
        {
            "content/fiscal/2024/budget.md": item_md(
                title="2024年预算公开",
                date="2024-03-01",
                category="budget",
                publisher="czj",
                index_no="X/2024-00001",
            ),
            "content/news/2024/visit.md": item_md(
                title="调研活动", date="2024-04-01", index_no="X/2024-00002"
            ),
        },
    )
    done = subprocess.run(
        [sys.executable, "-m", engine, "build"], cwd=root, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    site = root / "site"
    assert "2024年预算公开" in (site / "fiscal/2024/budget/index.html").read_text(encoding="utf-8")
    assert "2024年预算公开" in (site / "fiscal/index.html").read_text(encoding="utf-8")
    feed = feedparser.parse((site / "fiscal/rss.xml").read_bytes())
    assert not feed.bozo and [e.title for e in feed.entries] == ["2024年预算公开"]
    assert (site / "catalog.json").is_file() and (site / "pagefind").is_dir()
    assert not list(tmp_path.glob("site.opengov-*"))  # the atomic swap happened under both


def test_commands_read_properdocs_yml(tmp_path: Path) -> None:
    """ProperDocs asks its users to rename mkdocs.yml: the commands find either file."""
    root = make_portal(tmp_path, {"content/news/a.md": item_md(title="调研活动", index_no="X/2024-00002")})
    (root / "mkdocs.yml").rename(root / "properdocs.yml")
    status, out = check(root)
    assert status == 0, out
    done = subprocess.run(
        [sys.executable, "-m", "properdocs", "build"], cwd=root, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert (root / "site/news/a/index.html").is_file()
