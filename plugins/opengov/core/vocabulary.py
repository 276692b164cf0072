"""The portal's shared vocabulary, written once: every other module imports it from here.

Enumerations map the English value (what ``catalog.json`` and the code use) to the Chinese
word (what editors may write and readers see), CONTRACT §1 and §2.
"""

from __future__ import annotations

import mimetypes

CADENCES = ("none", "realtime", "weekly", "monthly", "quarterly", "yearly")
INSPECTIONS = ("none", "news", "notice")
DISCLOSURES = {"proactive": "主动公开", "on_request": "依申请公开", "withheld": "不予公开"}
VALIDITIES = {"effective": "有效", "expired": "失效", "repealed": "废止"}
# Validities that mean a document is no longer in force.
LAPSED_VALIDITIES = ("repealed", "expired")
DOC_TYPES = {"regulation": "规章", "normative": "行政规范性文件", "other": "其他"}
# Policy documents: they need an interpretation and are counted in the annual report.
POLICY_DOC_TYPES = ("regulation", "normative")

# ``organization.index_format`` when the catalog gives none (CONTRACT §1 索引号).
DEFAULT_INDEX_FORMAT = "{code}/{year}-{seq:05d}"

# Ids that would collide with the portal's own pages (CONTRACT §2).
RESERVED_IDS = frozenset(
    {
        "catalog",
        "departments",
        "search",
        "page",
        "feeds",
        "compliance",
        "assets",
        "pagefind",
        "stylesheets",
        "javascripts",
        "policies",
        "changes",
    }
)

# The portal's own pages at reserved addresses (MkDocs ``src_uri``).
DEPARTMENTS_PAGE = "departments/index.md"
CATALOG_PAGE = "catalog/index.md"
# The current-policy library (现行有效政策文件库).
POLICIES_PAGE = "policies/index.md"
# The search page: not listed in the sitemap and not itself indexed for search.
SEARCH_PAGE = "search/index.md"

# Attachment formats Python's own table lacks or gets wrong on some systems.
ATTACHMENT_TYPES = {
    ".csv": "text/csv",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".ofd": "application/ofd",
}
UNKNOWN_TYPE = "application/octet-stream"

# Exit codes of every ``opengov`` command.
EXIT_OK = 0
EXIT_FAILED = 1  # the command ran and the portal failed it: errors found, a check failed, nothing written
EXIT_USAGE = 2


def attachment_mime(name: str) -> str:
    """The media type of an attachment file, by its suffix."""
    dot = name.rfind(".")
    suffix = name[dot:].lower() if dot > 0 else ""
    return ATTACHMENT_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or UNKNOWN_TYPE
