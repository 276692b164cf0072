"""The report as HTML: :func:`render_html` (a fragment) and :func:`html_document` (a whole page)."""

from __future__ import annotations

from ..dates import cn_day
from ..templating import render
from .report import Report
from .rules import CADENCE_NAMES, RULE_NAMES


def render_html(report: Report, *, base: str = "../", charts: list[str] | tuple[str, ...] = ()) -> str:
    """The report as an HTML fragment (no scripts), e.g. for the ``/compliance/`` page.

    ``base`` is prepended to site-relative item and column URLs (``../`` from
    ``/compliance/``); ``charts`` are SVG strings (see :mod:`..charts`) shown
    after the verdict.
    """
    return render(
        "compliance/fragment.html",
        report=report,
        as_of_cn=cn_day(report.as_of),
        base=base,
        charts=charts,
        rule_names=RULE_NAMES,
        cadence_names=CADENCE_NAMES,
    )


def html_document(title: str, body: str) -> str:
    """A self-contained HTML page around a fragment: inline CSS, no scripts, no other host."""
    return render("compliance/document.html", title=title, body=body)
