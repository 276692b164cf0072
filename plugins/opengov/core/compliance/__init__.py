"""The compliance report (CONTRACT §7): deadlines, interpretations, column freshness, verdict.

Pure functions over a loaded :class:`~opengov.core.model.Portal`; no MkDocs.

Modules: :mod:`.rules` (limits, names, counted items, ``--fail-on``), :mod:`.report` (the typed
report and its entries), :mod:`.computation` (:func:`build_report`), :mod:`.text`, :mod:`.html`
(Jinja templates in ``core/templates/compliance``), :mod:`.page` (the ``/compliance/`` bundle).

Rules, as the contract states them, with the readings this module fixes:

- Only items of ``portal.published`` dated on or before ``as_of`` count (dates
  are Beijing-time calendar dates). The portal must therefore have been loaded
  with a build date on or after ``as_of``: items scheduled after the portal's
  own date are not in ``portal.published``.
- ``publish-20-workdays``: more than 20 working days after ``written`` up to and
  including ``date`` (条例第二十六条). Exactly 20 is on time.
- ``interpret-3-workdays``: an item whose ``interprets`` names a policy that
  counts (published on or before ``as_of``) and whose ``date`` is more than 3
  working days after the policy's ``date``.
- ``missing_interpretation``: a counted ``regulation``/``normative`` item that no
  counted item interprets.
- ``overdue_columns``: calendar days from the newest counted item of the column
  or its descendants to ``as_of`` greater than the cadence's limit (realtime 14,
  weekly 10, monthly 45, quarterly 120, yearly 395; ``none`` never). A column
  without any counted item is blank, never overdue.
- ``blank_columns``: every column (any cadence) without a counted item in it or
  its descendants.
- ``verdict`` fails when any of these holds (the 政府网站检查 单项否决 items):
  1. the newest counted item of the whole portal is more than 14 days old, or
     there is none;
  2. 5 or more columns are "not updated": ``inspection: news`` columns with
     nothing in the last 14 days, ``inspection: notice`` columns with nothing
     in the last 183 days. "Nothing in the last N days" means the newest item
     is more than N days old **or there is no item at all**: a blank news or
     notice column counts here too (and also as a blank column below);
  3. 5 or more blank columns.

Entry points: :func:`build_report`, :meth:`Report.to_json_dict`,
:func:`render_text`, :func:`render_html`, :func:`html_document`,
:func:`fail_on` / :func:`parse_fail_on`, :func:`compliance_bundle`.
"""

from .computation import build_report
from .html import html_document, render_html
from .page import ComplianceBundle, compliance_bundle
from .report import (
    LateEntry,
    LateInterpretation,
    LatePublication,
    MissingInterpretation,
    NotUpdatedColumn,
    OverdueColumn,
    Report,
    Verdict,
)
from .rules import (
    CADENCE_DAYS,
    CADENCE_NAMES,
    FAIL_ON_KINDS,
    INSPECTION_DAYS,
    INTERPRET_LIMIT,
    PUBLISH_LIMIT,
    counted_items,
    fail_on,
    parse_fail_on,
)
from .text import render_text

__all__ = [
    "CADENCE_DAYS",
    "CADENCE_NAMES",
    "FAIL_ON_KINDS",
    "INSPECTION_DAYS",
    "INTERPRET_LIMIT",
    "PUBLISH_LIMIT",
    "ComplianceBundle",
    "LateEntry",
    "LateInterpretation",
    "LatePublication",
    "MissingInterpretation",
    "NotUpdatedColumn",
    "OverdueColumn",
    "Report",
    "Verdict",
    "build_report",
    "compliance_bundle",
    "counted_items",
    "fail_on",
    "html_document",
    "parse_fail_on",
    "render_html",
    "render_text",
]
