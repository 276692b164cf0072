"""Stage 4 of the pipeline (read → resolve → publish → **checks** → plan → outputs).

Each check is a pure function of the published portal that returns its findings; this
module runs them in the order their inputs are known.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from ..findings import Findings
from ..model import Item, Portal
from ..publish import Carried
from ..resolve import Resolution, Tree
from .addresses import check_addresses
from .columns import check_empty_columns
from .history import check_history
from .html import check_unsafe_html
from .items import check_index_numbers, check_item, check_replacement_cycles
from .links import check_references, check_site_links
from .privacy import check_privacy, check_published_texts


@dataclass
class Checked:
    findings: Findings
    carried: Carried  # every file the site carries: the published items' and their site links'


def run_checks(
    portal: Portal,
    written: dict[str, Item],
    resolution: Resolution,
    tree: Tree,
    page_size: int,
    site_url: str | None,
) -> Checked:
    """``portal`` is published (stage 3); ``written`` holds the items as read, for messages."""
    found = Findings()
    for item in portal.items.values():
        found += check_item(item, item.date is not None and portal.moment < item.date)
    found += check_references(portal, written, resolution)
    found += check_replacement_cycles(portal.items)
    found += check_index_numbers(portal.items)
    address_findings, owners = check_addresses(portal, tree.docs_files, page_size, tree.docs_rel)
    found += address_findings
    base_path = urlsplit(site_url or "/").path or "/"
    link_findings, linked = check_site_links(portal, resolution, owners, tree, base_path)
    found += link_findings
    carried = Carried(set(portal.copied_files), {k: list(v) for k, v in portal.file_referrers.items()})
    for path in sorted(linked.paths):
        for referrer in linked.referrers[path]:
            carried.add(path, referrer)
    found += check_privacy(portal, carried, tree.content)
    found += check_published_texts(portal, tree)
    found += check_unsafe_html(portal, tree)
    found += check_empty_columns(portal)
    found += check_history(portal)
    return Checked(found, carried)
