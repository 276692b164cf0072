"""The report's figures: table 二 from the published items, the rest from the checked YAML."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..dates import beijing_date
from ..model import Finding, Portal
from .schema import APPLICANTS, DOC_TYPE_ROWS, REVIEW_RESULTS, REVIEW_ROWS, SCHEMA, TABLE3_ROWS
from .validation import Validator, get, raw_line


@dataclass
class AnnualReport:
    year: int
    organization: str = ""
    has_data: bool = False  # False: no YAML given; the office's tables are left blank
    overview: str = ""
    problems: str = ""
    other_matters: str = ""
    # doc_type -> {"issued", "repealed", "effective"}
    policy: dict[str, dict[str, int]] = field(default_factory=dict)
    # licensing/penalties/coercion (counts), fees (万元); None when not filled in
    active: dict[str, float | int | None] = field(default_factory=dict)
    # key path (joined with "/") -> 7 numbers: the six applicant columns and 总计
    applications: dict[str, list[int]] = field(default_factory=dict)
    # review/litigation_direct/litigation_after_review -> 5 numbers incl. 总计
    reviews: dict[str, list[int]] = field(default_factory=dict)
    processing_fees: dict[str, float | int] | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.organization}{self.year}年政府信息公开工作年度报告"

    @property
    def balanced(self) -> bool:
        """Table 三: 一 + 二 == 三（七）总计 + 四 in every column (True when no data)."""
        if not self.has_data:
            return True
        a = self.applications
        return all(
            a["new"][i] + a["carried_over"][i] == a["results/total"][i] + a["carried_forward"][i]
            for i in range(7)
        )

    def application_row(self, key_path: tuple[str, ...]) -> list[int] | None:
        return self.applications.get("/".join(key_path)) if self.has_data else None


def policy_counts(portal: Portal, year: int) -> dict[str, dict[str, int]]:
    """Table 二 rows 规章 / 行政规范性文件 from the published items."""
    end = dt.date(year, 12, 31)
    out = {doc_type: {"issued": 0, "repealed": 0, "effective": 0} for doc_type, _ in DOC_TYPE_ROWS}
    for item in portal.published:
        counts = out.get(item.doc_type)
        issued = beijing_date(item.date)
        if counts is None or issued is None:
            continue
        ended = beijing_date(item.repealed_on)
        if issued.year == year:
            counts["issued"] += 1
        if ended is not None and ended.year == year:
            counts["repealed"] += 1
        if issued <= end:
            if ended is not None:
                in_force = ended > end
            else:
                in_force = item.validity not in ("repealed", "expired")
            if in_force:
                counts["effective"] += 1
    return out


def build_annual(
    portal: Portal, data: dict[str, Any] | None, year: int, *, path: str = "annual.yml"
) -> AnnualReport:
    """The annual report for ``year``: table 二's policy rows from ``portal``, the rest from ``data``.

    ``data`` is the parsed YAML (best from :func:`load_annual_text`, which keeps
    line numbers; a plain dict works, with findings at line 1), or None.
    Findings (code ``bad-annual-report``, at ``path``) are in ``report.findings``.
    """
    report = AnnualReport(year=year, organization=portal.catalog.organization.name)
    report.policy = policy_counts(portal, year)
    if data is None:
        report.active = {"licensing": None, "penalties": None, "coercion": None, "fees": None}
        return report

    checker = Validator(path)
    tree = checker.mapping(data, SCHEMA, [], int(getattr(data, "line", 1)))
    report.has_data = True
    _check_year(checker, data, tree, year)
    _fill_texts(report, tree)
    report.applications = application_rows(tree.get("applications", {}))
    _check_balance(checker, report.applications, raw_line(data, ("applications", "carried_forward")))
    report.reviews = review_rows(tree.get("reviews", {}))
    report.findings = sorted(checker.findings, key=lambda f: (f.line, f.severity, f.message))
    return report


def _check_year(checker: Validator, data: Any, tree: dict[str, Any], year: int) -> None:
    if "year" in tree and tree["year"] != year:
        checker.error(
            raw_line(data, ("year",)),
            f"文件写的年度是 {tree['year']} 年，正在生成的是 {year} 年的年度报告；"
            f"请换用 {year} 年的数据文件或改正年度。",
        )


def _fill_texts(report: AnnualReport, tree: dict[str, Any]) -> None:
    """The office's paragraphs, table 二's other rows and the processing fees."""
    report.overview = tree.get("overview", "")
    report.problems = tree.get("problems", "")
    report.other_matters = tree.get("other_matters", "")
    active = tree.get("active", {})
    report.active = {k: active.get(k) for k in ("licensing", "penalties", "coercion", "fees")}
    report.processing_fees = tree.get("processing_fees") or None


def application_rows(apps: dict[str, Any]) -> dict[str, list[int]]:
    """Table 三: each row's six columns and 总计, keyed by its path joined with "/"; 三（七） computed."""
    rows: dict[str, list[int]] = {}
    zero = [0] * len(APPLICANTS)
    total = [0] * len(APPLICANTS)
    for key_path, _labels in TABLE3_ROWS:
        if key_path == ("results", "total"):
            continue
        cells = get(apps, key_path) or zero
        if key_path[0] == "results":
            total = [a + b for a, b in zip(total, cells, strict=True)]
        rows["/".join(key_path)] = [*cells, sum(cells)]
    rows["results/total"] = [*total, sum(total)]
    return rows


def _check_balance(checker: Validator, a: dict[str, list[int]], line: int) -> None:
    """The template's identity, column by column, reported at the balancing row.

    The 总计 column is the sum of the six, so it balances whenever they all do:
    only the six are reported.
    """
    for i, (_key, column) in enumerate(APPLICANTS):
        left = a["new"][i] + a["carried_over"][i]
        right = a["results/total"][i] + a["carried_forward"][i]
        if left != right:
            checker.error(
                line,
                f"第三部分（收到和处理政府信息公开申请情况）“{column}”一列不平：本年新收 {a['new'][i]} 件"
                f" + 上年结转 {a['carried_over'][i]} 件 = {left} 件，"
                f"应等于办理结果总计 {a['results/total'][i]} 件"
                f" + 结转下年度 {a['carried_forward'][i]} 件 = {right} 件；请核对这一列的各项数字。",
            )


def review_rows(reviews: dict[str, Any]) -> dict[str, list[int]]:
    """Table 四: each row's four results and 总计."""
    rows: dict[str, list[int]] = {}
    for key, _label in REVIEW_ROWS:
        cells = reviews.get(key) or [0] * len(REVIEW_RESULTS)
        rows[key] = [*cells, sum(cells)]
    return rows
