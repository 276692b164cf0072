"""The compliance report and its entries, typed; ``to_json_dict()`` is the CONTRACT §7 object."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any, Literal

from ..dates import iso_day
from ..model import Finding


class _Entry:
    """JSON of an entry: its fields, in declaration order (the order the contract's JSON has)."""

    def to_json_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]


@dataclass(frozen=True, kw_only=True)
class _Late(_Entry):
    path: str
    rule: str = field(default="", init=False)  # each kind's own, second in its JSON
    working_days: int
    limit: int
    title: str
    url: str


@dataclass(frozen=True, kw_only=True)
class LatePublication(_Late):
    """``publish-20-workdays``: published too long after it was written."""

    rule: Literal["publish-20-workdays"] = field(default="publish-20-workdays", init=False)
    written: str
    date: str


@dataclass(frozen=True, kw_only=True)
class LateInterpretation(_Late):
    """``interpret-3-workdays``: an interpretation published too long after its policy."""

    rule: Literal["interpret-3-workdays"] = field(default="interpret-3-workdays", init=False)
    date: str
    policy: str
    policy_title: str
    policy_date: str


LateEntry = LatePublication | LateInterpretation


@dataclass(frozen=True, kw_only=True)
class MissingInterpretation(_Entry):
    path: str
    title: str
    url: str
    doc_type: str
    date: str | None


@dataclass(frozen=True, kw_only=True)
class OverdueColumn(_Entry):
    column: str
    cadence: str
    last: str
    days: int
    limit: int
    title: str


@dataclass(frozen=True, kw_only=True)
class NotUpdatedColumn(_Entry):
    """Verdict condition 2: an ``inspection`` column with nothing new in its window (or nothing)."""

    column: str
    inspection: str
    last: str | None
    days: int | None
    limit: int
    title: str


@dataclass(frozen=True, kw_only=True)
class Backdated(_Entry):
    """伪造发稿日期: dated more than a day before the commit that first published it."""

    path: str
    date: str
    first_published: str  # ISO time, Beijing
    commit: str
    days: int
    title: str
    url: str


@dataclass(frozen=True, kw_only=True)
class DateCorrection(_Entry):
    """A published item's date changed by a later commit (``from``/``to`` in its JSON)."""

    path: str
    old: str
    new: str
    commit: str
    when: str  # ISO time of the commit, Beijing
    title: str
    url: str

    def to_json_dict(self) -> dict[str, Any]:
        out = super().to_json_dict()
        return {"path": out.pop("path"), "from": out.pop("old"), "to": out.pop("new"), **out}


@dataclass(frozen=True)
class Verdict:
    passed: bool = True
    reasons: tuple[str, ...] = ()

    def to_json_dict(self) -> dict[str, Any]:
        return {"pass": self.passed, "reasons": list(self.reasons)}


@dataclass(frozen=True, kw_only=True)
class Report:
    """The compliance report. ``to_json_dict()`` is the CONTRACT §7 object."""

    as_of: dt.date
    late: tuple[LateEntry, ...] = ()
    missing_interpretation: tuple[MissingInterpretation, ...] = ()
    overdue_columns: tuple[OverdueColumn, ...] = ()
    blank_columns: tuple[str, ...] = ()
    verdict: Verdict = Verdict()
    warnings: tuple[Finding, ...] = ()
    # Additions (the contract allows more keys):
    organization: str = ""
    newest: dt.date | None = None  # newest counted item of the whole portal
    item_count: int = 0  # counted items
    not_updated_columns: tuple[NotUpdatedColumn, ...] = ()  # verdict condition 2
    column_titles: dict[str, str] = field(default_factory=dict)
    backdated: tuple[Backdated, ...] = ()
    date_changes: tuple[DateCorrection, ...] = ()
    recent_backdated: int = 0  # backdated items first published in the 12 months to as_of
    yearly_report_missing: bool = False  # CONTRACT §7: after 31 January, last year's 年度报表

    @property
    def passed(self) -> bool:
        return self.verdict.passed

    def column_label(self, cid: str) -> str:
        title = self.column_titles.get(cid)
        return f"{title}（{cid}）" if title else cid

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "late": [e.to_json_dict() for e in self.late],
            "missing_interpretation": [e.to_json_dict() for e in self.missing_interpretation],
            "overdue_columns": [e.to_json_dict() for e in self.overdue_columns],
            "blank_columns": list(self.blank_columns),
            "backdated": [e.to_json_dict() for e in self.backdated],
            "date_changes": [e.to_json_dict() for e in self.date_changes],
            "yearly_report_missing": self.yearly_report_missing,
            "verdict": self.verdict.to_json_dict(),
            "newest": iso_day(self.newest),
            "items": self.item_count,
            "not_updated_columns": [e.to_json_dict() for e in self.not_updated_columns],
            "warnings": [w.as_dict() for w in self.warnings],
        }
