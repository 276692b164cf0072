"""Previews under `mkdocs serve --dirty`: one saved item refreshes its page, listings and feeds.

Drives MkDocs the way `mkdocs serve --dirty` does: a new config per rebuild, the
same plugin instance (it has `on_startup`), `build(config, dirty=True)`.
"""

from __future__ import annotations

import os
from pathlib import Path

import feedparser
from factories import item_md, make_portal
from mkdocs.commands.build import build
from mkdocs.config import load_config


def _rebuild(root: Path, site: Path, first: bool = False) -> object:
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    if first:
        config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=True)
    return config.plugins["opengov"]


def _portal(tmp_path: Path) -> tuple[Path, Path]:
    items = {
        f"content/fiscal/2024/item-{n:02d}.md": item_md(
            title=f"财政信息第{n}条", date=f"2024-03-{n:02d}", category="budget", index_no=f"X/2024-{n:05d}"
        )
        for n in range(1, 9)
    }
    items["content/news/2024/visit.md"] = item_md(
        title="调研活动", date="2024-04-01", index_no="X/2024-00100"
    )
    root = make_portal(tmp_path / "portal", items, plugin_options={"page_size": 3})
    return root, tmp_path / "site"


def _text(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def test_saved_item_refreshes_page_listings_and_feeds(tmp_path: Path) -> None:
    root, site = _portal(tmp_path)
    plugin = _rebuild(root, site, first=True)
    untouched = site / "fiscal/2024/item-01/index.html"
    stamp = untouched.stat().st_mtime_ns
    os.utime(untouched, ns=(stamp - 10**9, stamp - 10**9))  # a re-render would bump the time

    source = root / "content/fiscal/2024/item-08.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace("财政信息第8条", "改过的标题"), encoding="utf-8"
    )
    _rebuild(root, site)

    assert "改过的标题" in _text(site, "fiscal/2024/item-08/index.html")
    assert "改过的标题" in _text(site, "budget/index.html")  # newest first: page 1 of its column
    assert "改过的标题" in _text(site, "fiscal/index.html")  # and of the parent column
    assert "改过的标题" in _text(site, "departments/czj/index.html")
    feed = feedparser.parse(_text(site, "budget/rss.xml"))
    assert feed.entries[0].title == "改过的标题"
    assert feed.entries[0].get("content") or feed.entries[0].get("summary")
    # A page whose data did not change was not rendered again.
    assert untouched.stat().st_mtime_ns == stamp - 10**9
    assert plugin.build.incremental.previous is not None


def test_item_withdrawn_in_preview_disappears(tmp_path: Path) -> None:
    root, site = _portal(tmp_path)
    _rebuild(root, site, first=True)
    assert (site / "fiscal/2024/item-03/index.html").exists()
    source = root / "content/fiscal/2024/item-03.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace("---\n正文", "disclosure: withheld\n---\n正文"),
        encoding="utf-8",
    )
    _rebuild(root, site)
    assert not (site / "fiscal/2024/item-03/index.html").exists()
    assert "财政信息第3条" not in _text(site, "budget/rss.xml")
    assert all("财政信息第3条" not in p.read_text(encoding="utf-8") for p in site.rglob("index.html"))


def test_catalog_change_rebuilds_everything(tmp_path: Path) -> None:
    root, site = _portal(tmp_path)
    _rebuild(root, site, first=True)
    catalog = root / "content/catalog.yml"
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace("title: 预决算", "title: 预算决算"), "utf-8"
    )
    _rebuild(root, site)
    # The column's new title reaches every page's nav, items included.
    assert "预算决算" in _text(site, "fiscal/2024/item-01/index.html")
    assert "预算决算" in _text(site, "news/2024/visit/index.html")


def test_plain_serve_reuses_unchanged_pages(tmp_path: Path) -> None:
    """`mkdocs serve` without --dirty: fresh folder each time, unchanged pages copied, not rendered."""
    root, site = _portal(tmp_path)
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    before = _text(site, "fiscal/2024/item-01/index.html")
    source = root / "content/fiscal/2024/item-08.md"
    source.write_text(source.read_text(encoding="utf-8").replace("财政信息第8条", "新标题"), encoding="utf-8")
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    build(config)
    plugin = config.plugins["opengov"]
    assert "fiscal/2024/item-01.md" in plugin.build.reused  # copied from the served build
    assert "fiscal/2024/item-08.md" not in plugin.build.reused
    assert _text(site, "fiscal/2024/item-01/index.html") == before
    assert "新标题" in _text(site, "fiscal/2024/item-08/index.html")
    assert "新标题" in _text(site, "budget/index.html")
    assert feedparser.parse(_text(site, "budget/rss.xml")).entries[0].title == "新标题"
    assert not list(tmp_path.glob("site.opengov-*"))


def test_plain_serve_preview_drops_a_withdrawn_item(tmp_path: Path) -> None:
    root, site = _portal(tmp_path)
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    source = root / "content/fiscal/2024/item-03.md"
    source.write_text(
        source.read_text(encoding="utf-8").replace("---\n正文", "draft: true\n---\n正文"), encoding="utf-8"
    )
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(site)))
    assert not (site / "fiscal/2024/item-03/index.html").exists()
    assert (site / "fiscal/2024/item-04/index.html").exists()  # kept from the served build
    assert all("财政信息第3条" not in p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert "财政信息第3条" not in _text(site, "catalog.json")


def test_serve_keeps_the_last_good_site_while_errors_last(tmp_path: Path) -> None:
    """MkDocs' server would hold every request after a failed rebuild: the plugin builds nothing instead."""
    root, site = _portal(tmp_path)
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    # The preview's search index is written in the background (work folders come and go): let it finish.
    worker = config.plugins["opengov"].build.search_thread
    if worker is not None:
        worker.join(timeout=120)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file() and "pagefind" not in p.parts}
    source = root / "content/fiscal/2024/item-02.md"
    good = source.read_text(encoding="utf-8")
    source.write_text(good.replace("category: budget", "category: nope"), encoding="utf-8")
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(site)))  # logs the finding, raises nothing
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file() and "pagefind" not in p.parts}
    assert after == before
    source.write_text(good.replace("财政信息第2条", "改好了"), encoding="utf-8")
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(site)))
    assert "改好了" in _text(site, "fiscal/2024/item-02/index.html")
    assert not list(tmp_path.glob("site.opengov-*"))
