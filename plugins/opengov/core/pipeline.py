"""The portal's pipeline: read → resolve → publish → checks (then the site layer: plan → outputs).

Each stage is a function of the previous stage's value and returns a new one; no stage
changes what an earlier one made. Where each stage lives:

1. read: ``loader.py`` (items, catalog), ``docs_tree.py`` (docs pages and files);
2. resolve: ``resolve.py`` (references made canonical, broken ones reported);
3. publish: ``publish.py`` (the disclosure gate, the files published items carry, relations);
4. checks: ``checks/`` (addresses, links, privacy, unsafe HTML, 索引号, empty columns…);
5. plan and 6. outputs: ``opengov/site/`` (pages, nav, feeds, exports, search, the output gate).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from .checks import run_checks
from .docs_tree import read_docs_tree
from .frontmatter import parse_item
from .history import GitLog, build_ledger
from .model import Portal, relative_posix
from .publish import carried_files, published_items, relations
from .resolve import Tree, resolve_items


def assemble_portal(
    read: Portal,
    docs_dir: Path,
    page_size: int,
    site_url: str | None,
    git_log: GitLog | None = None,
    archive_until: dt.date | None = None,
) -> Portal:
    """The portal as published and checked, from the portal as read (``read.published`` empty)."""
    root = Path(read.root)
    content = root / read.content_dir
    docs_rel = relative_posix(docs_dir, root)
    docs_files, docs_findings = read_docs_tree(docs_dir, docs_rel, (content, docs_dir))
    tree = Tree(read.content_dir, content, docs_dir, docs_rel, docs_files, read.derived)
    catalog_failed = any(f.path == read.catalog.path and f.severity == "error" for f in read.findings)
    resolution = resolve_items(read.items, read.catalog, catalog_failed, tree)
    published = published_items(resolution.items.values(), read.moment)
    paths = {item.path for item in published}
    carried = carried_files(resolution, paths)
    interpretations, replaces = relations(published, paths)
    content_rel = read.content_dir.strip("/")
    ledger = build_ledger(
        git_log or GitLog(problem=""),
        published,
        lambda raw, path: parse_item(raw, path, f"{content_rel}/{path}" if content_rel else path)[0],
        read.moment,
        archive_until,
    )
    portal = replace(
        read,
        items=resolution.items,
        published=published,
        copied_files=carried.paths,
        file_referrers=carried.referrers,
        interpretations=interpretations,
        replaces=replaces,
        view_cache={},
        ledger=ledger,
    )
    checked = run_checks(portal, read.items, resolution, tree, page_size, site_url)
    findings = [*read.findings, *docs_findings, *resolution.findings, *checked.findings]
    return replace(
        portal,
        findings=findings,
        copied_files=checked.carried.paths,
        file_referrers=checked.carried.referrers,
    )
