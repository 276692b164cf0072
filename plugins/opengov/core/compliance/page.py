"""The compliance page as one bundle: report, charts, the annual report draft and the 年度报表.

Shared by ``opengov report --html DIR`` (internal use) and the portal's
``/compliance/`` page (``compliance_page: true``), so both show the same thing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..annual import annual_csv, annual_html, build_annual, load_annual_file
from ..charts import column_activity_svg, department_activity_svg
from ..model import Finding, Portal
from ..tableheaders import with_linked_headers
from ..templating import render
from ..yearly import sections, yearly_csv
from .computation import build_report
from .html import render_html
from .report import Report


@dataclass
class ComplianceBundle:
    report: Report
    html: str  # fragment: verdict, lists, charts, annual report
    files: dict[str, bytes] = field(default_factory=dict)  # extra downloads, relative to the page
    findings: list[Finding] = field(default_factory=list)


def compliance_bundle(
    portal: Portal,
    as_of: dt.date,
    *,
    annual_file: Path | None = None,
    annual_rel: str = "",
    base: str = "../",
) -> ComplianceBundle:
    report = build_report(portal, as_of)
    charts = [column_activity_svg(portal, as_of), department_activity_svg(portal, as_of)]
    parts = [render_html(report, base=base, charts=charts)]
    bundle = ComplianceBundle(report=report, html="", findings=list(report.warnings))
    data = None
    if annual_file is not None:
        data, findings = load_annual_file(annual_file, annual_rel or annual_file.name)
        bundle.findings.extend(findings)
    # The annual report covers the last full year (due 31 January / 31 March, 条例第四十九条).
    year = as_of.year - 1
    annual = build_annual(portal, data, year, path=annual_rel or "annual.yml")
    bundle.findings.extend(annual.findings)
    name = f"annual-report-{year}.csv"
    parts.append(
        render("compliance/annual-section.html", title=annual.title, csv=name, annual=annual_html(annual))
    )
    bundle.files[name] = annual_csv(annual, bom=True).encode("utf-8")
    yearly = portal.yearly
    if yearly is not None and yearly.published:
        name = f"yearly-website-report-{yearly.year}.csv"
        html = render("yearly/report.html", report=yearly, sections=sections(yearly), csv=name)
        parts.append(with_linked_headers(html, f"og-yearly-{yearly.year}"))
        bundle.files[name] = yearly_csv(yearly, bom=True).encode("utf-8")
    bundle.html = "\n".join(parts)
    return bundle
