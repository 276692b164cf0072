"""The compliance monitor: working days, CONTRACT §7 rules, the annual report, charts.

Hand-computed calendar facts used below (checked against chinese_calendar 1.11):
National Day 2025 is 2025-10-01..08 off; 2025-09-28 (Sun) and 2025-10-11 (Sat)
are 调休 working days; 2025-09-27 (Sat) and 2025-10-12 (Sun) are days off.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from factories import at
from factories import memory_catalog as make_catalog
from factories import memory_item as make_item
from factories import memory_portal as make_portal
from lxml import etree

from opengov.core import annual, charts
from opengov.core.compliance import (
    CADENCE_DAYS,
    build_report,
    fail_on,
    parse_fail_on,
    render_html,
    render_text,
)
from opengov.core.model import Catalog
from opengov.core.workdays import WorkCalendar

D = dt.date


def simple_catalog(**kw) -> Catalog:
    return make_catalog(("news", "none", "none", None), **kw)


# -- working days ------------------------------------------------------------------


class TestWorkCalendar:
    def test_national_day_2025(self):
        cal = WorkCalendar()
        assert cal.is_workday(D(2025, 9, 28))  # Sunday, 调休
        assert cal.is_workday(D(2025, 10, 11))  # Saturday, 调休
        assert not cal.is_workday(D(2025, 9, 27))
        assert not any(cal.is_workday(D(2025, 10, d)) for d in range(1, 9))
        assert not cal.is_workday(D(2025, 10, 12))
        # After 9-26: 9-28, 9-29, 9-30, 10-09, 10-10, 10-11 = 6
        assert cal.working_days_between(D(2025, 9, 26), D(2025, 10, 11)) == 6
        assert cal.working_days_between(D(2025, 9, 26), D(2025, 10, 12)) == 6
        assert cal.out_of_range_years == set()

    def test_start_excluded_end_included_and_empty_spans(self):
        cal = WorkCalendar()
        assert cal.working_days_between(D(2025, 10, 9), D(2025, 10, 10)) == 1  # Thu -> Fri
        assert cal.working_days_between(D(2025, 10, 10), D(2025, 10, 10)) == 0
        assert cal.working_days_between(D(2025, 10, 10), D(2025, 10, 9)) == 0

    def test_accepts_datetimes(self):
        cal = WorkCalendar()
        assert cal.working_days_between(at(D(2025, 9, 26)), at(D(2025, 10, 11))) == 6

    def test_across_years(self):
        cal = WorkCalendar()
        # 2024-12-31 (Tue) -> 2025-01-03 (Fri): 01-01 off, 01-02, 01-03 -> 2
        assert cal.working_days_between(D(2024, 12, 30), D(2025, 1, 3)) == 3
        # a long span equals the sum of its parts
        whole = cal.working_days_between(D(2010, 3, 1), D(2024, 5, 6))
        parts = cal.working_days_between(D(2010, 3, 1), D(2017, 1, 1)) + cal.working_days_between(
            D(2017, 1, 1), D(2024, 5, 6)
        )
        assert whole == parts

    def test_catalog_overrides(self):
        cal = WorkCalendar(holidays={D(2025, 10, 9)}, workdays={D(2025, 10, 12)})
        assert not cal.is_workday(D(2025, 10, 9))
        assert cal.is_workday(D(2025, 10, 12))
        # 9-28, 9-29, 9-30, 10-10, 10-11, 10-12
        assert cal.working_days_between(D(2025, 9, 26), D(2025, 10, 12)) == 6

    def test_day_in_both_lists_is_a_day_off(self):
        cal = WorkCalendar(holidays={D(2025, 10, 13)}, workdays={D(2025, 10, 13)})
        assert not cal.is_workday(D(2025, 10, 13))

    def test_out_of_range_falls_back_to_monday_to_friday(self):
        cal = WorkCalendar()
        assert cal.is_workday(D(2027, 1, 1))  # a Friday: statutory New Year unknown
        assert not cal.is_workday(D(2027, 1, 2))
        assert cal.out_of_range_years == {2027}
        # 2027-01-04 (Mon) -> 02-01 (Mon): four full weeks = 20
        assert cal.working_days_between(D(2027, 1, 4), D(2027, 2, 1)) == 20
        assert cal.working_days_between(D(2027, 1, 4), D(2027, 2, 2)) == 21

    def test_out_of_range_with_catalog_additions_and_mixed_years(self):
        cal = WorkCalendar(holidays={D(2027, 1, 1)}, workdays={D(2027, 2, 7)})
        # 2026-12-31 (statutory workday), 2027-01-01 off (catalog), 2027-01-04
        assert cal.working_days_between(D(2026, 12, 30), D(2027, 1, 4)) == 2
        assert cal.is_workday(D(2027, 2, 7))  # a Sunday made a workday
        assert cal.out_of_range_years == {2027}
        before = WorkCalendar()
        before.working_days_between(D(2003, 12, 30), D(2004, 1, 5))
        assert before.out_of_range_years == {2003}


# -- the report rules ----------------------------------------------------------------


class TestPublishDeadline:
    def report_for(self, written, day, **cat):
        item = make_item("news/a.md", day, written=written)
        portal = make_portal(simple_catalog(**cat), [item])
        return build_report(portal, D(2027, 12, 31))

    def test_exactly_20_working_days_is_on_time(self):
        # after 9-26: 9-28,29,30, 10-9,10,11,13,14,15,16,17,20,21,22,23,24,27,28,29,30 = 20
        assert self.report_for(D(2025, 9, 26), D(2025, 10, 30)).late == ()

    def test_21_working_days_is_late(self):
        report = self.report_for(D(2025, 9, 26), D(2025, 10, 31))
        assert [(e.path, e.rule, e.working_days) for e in report.late] == [
            ("content/news/a.md", "publish-20-workdays", 21)
        ]
        assert report.late[0].written == "2025-09-26"
        assert report.late[0].date == "2025-10-31"

    def test_catalog_holiday_makes_it_on_time(self):
        assert self.report_for(D(2025, 9, 26), D(2025, 10, 31), holidays={D(2025, 10, 20)}).late == ()

    def test_catalog_workday_makes_it_late(self):
        report = self.report_for(D(2025, 9, 26), D(2025, 10, 30), workdays={D(2025, 10, 12)})
        assert [e.working_days for e in report.late] == [21]

    def test_written_after_date_is_not_late(self):
        assert self.report_for(D(2025, 11, 1), D(2025, 10, 1)).late == ()

    def test_beijing_date_of_an_offset_timestamp(self):
        # 2025-10-30 20:00 UTC is 2025-10-31 04:00 Beijing: 21 working days
        item = make_item("news/a.md", D(2025, 10, 30), written=D(2025, 9, 26))
        item.date = dt.datetime(2025, 10, 30, 20, 0, tzinfo=dt.UTC)
        report = build_report(make_portal(simple_catalog(), [item]), D(2025, 12, 31))
        assert [e.working_days for e in report.late] == [21]

    def test_year_2027_falls_back_with_warning(self):
        ok = self.report_for(D(2027, 1, 4), D(2027, 2, 1))
        assert ok.late == ()
        late = self.report_for(D(2027, 1, 4), D(2027, 2, 2))
        assert [e.working_days for e in late.late] == [21]
        assert len(late.warnings) == 1
        warning = late.warnings[0]
        assert (warning.path, warning.line, warning.severity, warning.code) == (
            "content/catalog.yml",
            1,
            "warning",
            "calendar-out-of-range",
        )
        assert "2027年" in warning.message and "周一至周五" in warning.message

    def test_no_warning_inside_the_data(self):
        assert self.report_for(D(2025, 9, 26), D(2025, 10, 31)).warnings == ()


class TestInterpretation:
    def portal(self, interp_day, as_of_items=()):
        policy = make_item("news/policy.md", D(2025, 9, 30), doc_type="normative")
        interp = make_item("news/jd.md", interp_day, interprets="news/policy.md")
        return make_portal(simple_catalog(), [policy, interp, *as_of_items])

    def test_three_working_days_is_on_time(self):
        # after 9-30: 10-09, 10-10, 10-11 (Saturday, 调休) = 3
        report = build_report(self.portal(D(2025, 10, 11)), D(2025, 12, 31))
        assert report.late == () and report.missing_interpretation == ()

    def test_four_working_days_is_late(self):
        report = build_report(self.portal(D(2025, 10, 13)), D(2025, 12, 31))
        assert [(e.path, e.rule, e.working_days, e.policy) for e in report.late] == [
            ("content/news/jd.md", "interpret-3-workdays", 4, "content/news/policy.md")
        ]
        assert report.missing_interpretation == ()

    def test_holiday_week_does_not_count(self):
        # 10-01..08 are off: an interpretation on 10-09 is 1 working day after
        assert build_report(self.portal(D(2025, 10, 9)), D(2025, 12, 31)).late == ()

    def test_missing_interpretation(self):
        reg = make_item("news/reg.md", D(2025, 3, 3), doc_type="regulation")
        other = make_item("news/other.md", D(2025, 3, 3))
        norm = make_item("news/norm.md", D(2025, 3, 3), doc_type="normative")
        jd = make_item("news/jd.md", D(2025, 3, 4), interprets="news/norm.md")
        report = build_report(make_portal(simple_catalog(), [reg, other, norm, jd]), D(2025, 12, 31))
        assert [e.to_json_dict() for e in report.missing_interpretation] == [
            {
                "path": "content/news/reg.md",
                "title": "标题news/reg.md",
                "url": "news/reg/",
                "doc_type": "regulation",
                "date": "2025-03-03",
            }
        ]

    def test_interpretation_after_as_of_does_not_count(self):
        portal = self.portal(D(2025, 10, 13))
        report = build_report(portal, D(2025, 10, 10))
        assert [e.path for e in report.missing_interpretation] == ["content/news/policy.md"]
        assert report.late == ()  # the late interpretation is not yet published
        assert report.item_count == 1


class TestAsOf:
    def test_items_after_as_of_are_ignored(self):
        old = make_item("news/old.md", D(2025, 1, 2))
        new = make_item("news/new.md", D(2025, 3, 1), written=D(2024, 1, 1))
        portal = make_portal(simple_catalog(), [old, new])
        report = build_report(portal, D(2025, 2, 28))
        assert report.late == ()
        assert report.newest == D(2025, 1, 2)
        assert report.item_count == 1
        assert not report.passed  # 57 days without anything new
        later = build_report(portal, D(2025, 3, 1))
        assert later.passed and [e.rule for e in later.late] == ["publish-20-workdays"]

    def test_as_of_is_inclusive(self):
        item = make_item("news/a.md", D(2025, 3, 1))
        report = build_report(make_portal(simple_catalog(), [item]), D(2025, 3, 1))
        assert report.item_count == 1 and report.newest == D(2025, 3, 1)


class TestColumns:
    @pytest.mark.parametrize("cadence", sorted(CADENCE_DAYS))
    def test_thresholds(self, cadence):
        limit = CADENCE_DAYS[cadence]
        as_of = D(2025, 6, 30)
        catalog = make_catalog(("c", cadence, "none", None))
        fresh = make_portal(catalog, [make_item("c/a.md", as_of - dt.timedelta(days=limit), "c")])
        assert build_report(fresh, as_of).overdue_columns == ()
        stale = make_portal(catalog, [make_item("c/a.md", as_of - dt.timedelta(days=limit + 1), "c")])
        entries = build_report(stale, as_of).overdue_columns
        assert [(e.column, e.cadence, e.days) for e in entries] == [("c", cadence, limit + 1)]

    def test_monthly_45_vs_46(self):
        catalog = make_catalog(("fiscal", "monthly", "none", None))
        as_of = D(2025, 6, 30)
        on_time = make_portal(catalog, [make_item("f/a.md", D(2025, 5, 16), "fiscal")])
        assert build_report(on_time, as_of).overdue_columns == ()
        late = make_portal(catalog, [make_item("f/a.md", D(2025, 5, 15), "fiscal")])
        assert [e.to_json_dict() for e in build_report(late, as_of).overdue_columns] == [
            {
                "column": "fiscal",
                "cadence": "monthly",
                "last": "2025-05-15",
                "days": 46,
                "limit": 45,
                "title": "栏目fiscal",
            }
        ]

    def test_yearly_and_none(self):
        catalog = make_catalog(("y", "yearly", "none", None), ("n", "none", "none", None))
        as_of = D(2025, 6, 30)
        items = [make_item("y/a.md", D(2024, 6, 1), "y"), make_item("n/a.md", D(2010, 1, 1), "n")]
        report = build_report(make_portal(catalog, items), as_of)
        assert report.overdue_columns == ()  # 394 days; cadence none is never overdue
        items[0].date = at(D(2024, 5, 30))  # 396 days
        assert [e.column for e in build_report(make_portal(catalog, items), as_of).overdue_columns] == ["y"]

    def test_blank_not_overdue_and_descendants_count(self):
        catalog = make_catalog(
            ("parent", "monthly", "none", None),
            ("child", "yearly", "none", "parent"),
            ("empty", "monthly", "none", None),
            ("quiet", "none", "none", None),
        )
        as_of = D(2025, 6, 30)
        report = build_report(make_portal(catalog, [make_item("c/a.md", D(2025, 4, 1), "child")]), as_of)
        assert report.blank_columns == ("empty", "quiet")  # any cadence, catalog order
        assert [(e.column, e.last, e.days) for e in report.overdue_columns] == [
            ("parent", "2025-04-01", 90)
        ]  # the child (yearly) is fine, the empty column is blank only


def news_portal(stale_news: int, stale_notice: int, blank: int, fresh_days: int = 0):
    """A portal with a fresh column plus the requested stale/blank inspection columns."""
    as_of = D(2025, 6, 30)
    specs = [("home", "none", "none", None)]
    items = [make_item("home/a.md", as_of - dt.timedelta(days=fresh_days), "home")]
    for n in range(stale_news):
        specs.append((f"news{n}", "none", "news", None))
        items.append(make_item(f"n{n}/a.md", as_of - dt.timedelta(days=15), f"news{n}"))
    for n in range(stale_notice):
        specs.append((f"notice{n}", "none", "notice", None))
        items.append(make_item(f"t{n}/a.md", as_of - dt.timedelta(days=184), f"notice{n}"))
    for n in range(blank):
        specs.append((f"blank{n}", "none", "none", None))
    return make_portal(make_catalog(*specs), items), as_of


class TestVerdict:
    def test_passes(self):
        portal, as_of = news_portal(4, 0, 4, fresh_days=14)
        report = build_report(portal, as_of)
        assert report.passed and report.verdict.to_json_dict() == {"pass": True, "reasons": []}

    def test_newest_item_15_days_old_fails(self):
        portal, as_of = news_portal(0, 0, 0, fresh_days=15)
        report = build_report(portal, as_of)
        assert not report.passed
        assert len(report.verdict.reasons) == 1 and "15 天" in report.verdict.reasons[0]

    def test_no_item_at_all_fails(self):
        portal = make_portal(simple_catalog(), [])
        report = build_report(portal, D(2025, 6, 30))
        assert not report.passed
        assert report.blank_columns == ("news",)
        assert "没有任何已发布的信息" in report.verdict.reasons[0]

    def test_five_not_updated_columns_fail_four_pass(self):
        assert build_report(*news_portal(4, 0, 0)).passed
        report = build_report(*news_portal(3, 2, 0))
        assert not report.passed
        assert len(report.not_updated_columns) == 5
        assert "5 个栏目未按时更新" in report.verdict.reasons[0]

    def test_inspection_windows_are_inclusive(self):
        as_of = D(2025, 6, 30)
        specs = [("home", "none", "none", None)]
        items = [make_item("home/a.md", as_of, "home")]
        for n in range(5):
            specs.append((f"news{n}", "none", "news", None))
            items.append(make_item(f"n{n}/a.md", as_of - dt.timedelta(days=14), f"news{n}"))
            specs.append((f"notice{n}", "none", "notice", None))
            items.append(make_item(f"t{n}/a.md", as_of - dt.timedelta(days=183), f"notice{n}"))
        report = build_report(make_portal(make_catalog(*specs), items), as_of)
        assert report.not_updated_columns == () and report.passed

    def test_blank_news_columns_count_as_not_updated(self):
        as_of = D(2025, 6, 30)
        specs = [("home", "none", "none", None)] + [(f"news{n}", "none", "news", None) for n in range(4)]
        items = [make_item("home/a.md", as_of, "home")]
        report = build_report(make_portal(make_catalog(*specs), items), as_of)
        assert report.passed  # 4 blank news columns: 4 not updated, 4 blank
        specs.append(("notice0", "none", "notice", None))
        report = build_report(make_portal(make_catalog(*specs), items), as_of)
        assert not report.passed
        assert len(report.verdict.reasons) == 2  # 5 not updated and 5 blank
        assert report.not_updated_columns[0].to_json_dict() == {
            "column": "news0",
            "inspection": "news",
            "last": None,
            "days": None,
            "limit": 14,
            "title": "栏目news0",
        }

    def test_five_blank_columns_fail_four_pass(self):
        assert build_report(*news_portal(0, 0, 4)).passed
        report = build_report(*news_portal(0, 0, 5))
        assert not report.passed
        assert len(report.verdict.reasons) == 1
        assert "5 个空白栏目" in report.verdict.reasons[0]

    def test_all_three_reasons(self):
        report = build_report(*news_portal(5, 0, 5, fresh_days=20))
        assert len(report.verdict.reasons) == 3


class TestOutputs:
    def sample(self):
        catalog = make_catalog(("news", "realtime", "news", None), ("fiscal", "monthly", "notice", None))
        items = [
            make_item("news/a.md", D(2025, 10, 31), written=D(2025, 9, 26)),
            make_item("news/reg.md", D(2025, 9, 30), doc_type="regulation"),
        ]
        return build_report(make_portal(catalog, items), D(2025, 11, 20))

    def test_json_keys(self):
        data = self.sample().to_json_dict()
        for key in ("as_of", "late", "missing_interpretation", "overdue_columns", "blank_columns", "verdict"):
            assert key in data
        assert data["as_of"] == "2025-11-20"
        assert data["late"][0]["path"] == "content/news/a.md"
        assert data["late"][0]["rule"] == "publish-20-workdays"
        assert data["late"][0]["working_days"] == 21
        assert data["missing_interpretation"] == [
            {
                "path": "content/news/reg.md",
                "title": "标题news/reg.md",
                "url": "news/reg/",
                "doc_type": "regulation",
                "date": "2025-09-30",
            }
        ]
        assert data["overdue_columns"][0]["column"] == "news"
        assert data["overdue_columns"][0]["last"] == "2025-10-31"
        assert data["blank_columns"] == ["fiscal"]
        assert data["verdict"]["pass"] is False and isinstance(data["verdict"]["reasons"], list)
        json.dumps(data, ensure_ascii=False)

    def test_text(self):
        text = render_text(self.sample())
        for heading in (
            "发布超期（共 1 条）",
            "缺少政策解读（共 1 条）",
            "栏目更新超期（共 1 个）",
            "空白栏目（共 1 个）",
        ):
            assert heading in text
        assert "总体结论：不合格" in text
        assert "21 个工作日" in text and "content/news/reg.md" in text

    def test_html_is_well_formed(self):
        svg = charts.column_activity_svg(
            make_portal(make_catalog(("a", "none", "none", None)), []), D(2025, 1, 1)
        )
        fragment = render_html(self.sample(), charts=[svg])
        root = etree.fromstring(fragment.encode())
        assert root.get("class") == "og-compliance"
        assert "<script" not in fragment
        assert 'href="../news/a/"' in fragment

    def test_fail_on(self):
        report = self.sample()
        assert fail_on(report, {"late"}) and fail_on(report, {"veto"}) and fail_on(report, {"blank"})
        assert not fail_on(report, set())
        clean = build_report(
            make_portal(simple_catalog(), [make_item("news/a.md", D(2025, 6, 30))]), D(2025, 6, 30)
        )
        assert not fail_on(clean, set(parse_fail_on("late,missing-interpretation,overdue,blank,veto")))
        with pytest.raises(ValueError):
            parse_fail_on("late,bogus")


# -- the annual report -----------------------------------------------------------------


EXAMPLE = Path(annual.__file__).with_name("annual_example.yml")


class TestAnnual:
    def portal(self):
        items = [
            make_item("p/r1.md", D(2024, 3, 1), doc_type="regulation"),
            make_item("p/n-old.md", D(2020, 5, 1), doc_type="normative"),
            make_item(
                "p/n-rep.md",
                D(2021, 5, 1),
                doc_type="normative",
                validity="repealed",
                repealed_on=D(2024, 6, 1),
            ),
            make_item("p/n-new.md", D(2024, 12, 31), doc_type="normative"),
            make_item("p/n-next.md", D(2025, 1, 1), doc_type="normative"),
            make_item(
                "p/n-later.md",
                D(2019, 1, 1),
                doc_type="normative",
                validity="expired",
                repealed_on=D(2025, 3, 1),
            ),
            make_item("p/n-gone.md", D(2018, 1, 1), doc_type="normative", validity="repealed"),
            make_item("p/other.md", D(2024, 3, 1)),
        ]
        return make_portal(make_catalog(("p", "none", "none", None)), items)

    def test_policy_counts(self):
        report = annual.build_annual(self.portal(), None, 2024)
        assert report.policy == {
            "regulation": {"issued": 1, "repealed": 0, "effective": 1},
            # issued: n-new; repealed: n-rep; in force at 2024-12-31: n-old, n-new, n-later
            "normative": {"issued": 1, "repealed": 1, "effective": 3},
        }
        assert report.findings == [] and not report.has_data

    def test_example_file_is_valid_and_balanced(self):
        data, findings = annual.load_annual_file(EXAMPLE, "content/annual.yml")
        assert findings == []
        report = annual.build_annual(self.portal(), data, 2024, path="content/annual.yml")
        assert report.findings == []
        assert report.balanced
        assert report.applications["new"] == [10, 2, 0, 0, 1, 0, 13]
        assert report.applications["results/total"] == [10, 2, 0, 0, 1, 0, 13]
        assert report.reviews["litigation_direct"] == [0, 0, 0, 1, 1]
        assert report.active["fees"] == 12.5

    def test_identity_failure_has_line_number(self):
        text = EXAMPLE.read_text(encoding="utf-8").replace("carried_forward:  [1,", "carried_forward:  [2,")
        line = next(
            n for n, row in enumerate(text.splitlines(), 1) if row.lstrip().startswith("carried_forward:")
        )
        data, findings = annual.load_annual_text(text, "content/annual.yml")
        assert findings == []
        report = annual.build_annual(self.portal(), data, 2024, path="content/annual.yml")
        assert not report.balanced
        assert [(f.path, f.line, f.severity, f.code) for f in report.findings] == [
            ("content/annual.yml", line, "error", "bad-annual-report")
        ]
        assert "自然人" in report.findings[0].message and "11" in report.findings[0].message

    def test_validation_messages(self):
        text = (
            "year: 2023\n"  # 1: wrong year
            "active:\n"
            "  licensing: 十二\n"  # 3: not a number
            "applications:\n"
            "  new: [1, 0, 0]\n"  # 5: wrong width
            "  本年新收申请数: [1, 0, 0, 0, 0, 0]\n"  # 6: alias of `new` given twice
            "  carried_over: {自然人: 1, total: 2}\n"  # 7: total disagrees
            "bogus: 1\n"  # 8: unknown key (warning)
        )
        data, findings = annual.load_annual_text(text, "annual.yml")
        assert findings == []
        report = annual.build_annual(self.portal(), data, 2024, path="annual.yml")
        got = [(f.line, f.severity) for f in report.findings]
        assert (1, "error") in got and (3, "error") in got and (5, "error") in got
        assert (6, "error") in got and (7, "error") in got and (8, "warning") in got
        assert all(f.code == "bad-annual-report" for f in report.findings)

    def test_chinese_keys_and_plain_dicts(self):
        text = "依申请公开:\n  本年新收申请数: {自然人: 1}\n  办理结果:\n    予以公开: [1, 0, 0, 0, 0, 0]\n"
        data, findings = annual.load_annual_text(text, "a.yml")
        report = annual.build_annual(self.portal(), data, 2024, path="a.yml")
        assert findings == [] and report.findings == [] and report.balanced
        assert report.applications["new"] == [1, 0, 0, 0, 0, 0, 1]
        # a plain dict (no line information): findings at line 1
        plain = {"applications": {"new": [1, 0, 0, 0, 0, 0]}}
        report = annual.build_annual(self.portal(), plain, 2024, path="a.yml")
        assert [(f.line, f.code) for f in report.findings] == [(1, "bad-annual-report")]

    def test_yaml_syntax_and_duplicates(self):
        data, findings = annual.load_annual_text("overview: a\nactive:\n  licensing: [1\n", "a.yml")
        assert data is None and findings[0].code == "bad-annual-report" and findings[0].line >= 3
        data, findings = annual.load_annual_text("overview: a\noverview: b\n", "a.yml")
        assert data is None and findings[0].line == 2

    def test_csv_in_template_order(self):
        data, _ = annual.load_annual_file(EXAMPLE)
        report = annual.build_annual(self.portal(), data, 2024)
        text = annual.annual_csv(report)
        order = [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "第二十条第（一）项",
            "规章,1,0,1",
            "行政规范性文件,1,1,3",
            "第二十条第（五）项",
            "行政许可,120",
            "行政处罚,35",
            "行政强制,2",
            "行政事业性收费,12.5",
            "三、收到和处理政府信息公开申请情况",
            "一、本年新收政府信息公开申请数量,,,10,2,0,0,1,0,13",
            "（七）总计,,10,2,0,0,1,0,13",
            "四、结转下年度继续办理,,,1,0,0,0,0,0,1",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项",
        ]
        positions = [text.index(s) for s in order]
        assert positions == sorted(positions)
        assert annual.annual_csv(report, bom=True).startswith("\ufeff")

    def test_html_is_well_formed_without_data(self):
        fragment = annual.annual_html(annual.build_annual(self.portal(), None, 2024))
        root = etree.fromstring(fragment.encode())
        assert root.get("class") == "og-annual"
        assert len(root.findall(".//table")) == 3
        assert "<script" not in fragment and "（待填写）" in fragment


# -- charts --------------------------------------------------------------------------------


SVG = "{http://www.w3.org/2000/svg}"


class TestCharts:
    def portal(self):
        catalog = make_catalog(
            ("fiscal", "none", "none", None),
            ("budget", "none", "none", "fiscal"),
            ("news", "none", "none", None),
            departments=("czj", "zfb"),
        )
        items = [
            make_item("f/a.md", D(2025, 6, 3), "budget"),
            make_item("f/b.md", D(2025, 6, 20), "fiscal", publisher="zfb"),
            make_item("f/c.md", D(2024, 1, 5), "news"),
            make_item("f/old.md", D(2023, 6, 30), "news"),  # outside the 24 months
            make_item("f/future.md", D(2025, 7, 1), "news"),  # after as_of
        ]
        return make_portal(catalog, items)

    def test_month_window(self):
        window = charts.month_window(D(2025, 6, 30), 24)
        assert window[0] == (2023, 7) and window[-1] == (2025, 6) and len(window) == 24

    def test_counts(self):
        window, series = charts.monthly_counts(self.portal(), D(2025, 6, 30))
        assert [label for label, _ in series] == ["栏目fiscal", "栏目news"]
        assert series[0][1][-1] == 2 and sum(series[0][1]) == 2
        assert sum(series[1][1]) == 1 and series[1][1][window.index((2024, 1))] == 1
        _, by_dept = charts.monthly_counts(self.portal(), D(2025, 6, 30), by="department")
        assert [(label, sum(c)) for label, c in by_dept] == [("部门czj", 2), ("部门zfb", 1)]

    @pytest.mark.parametrize("fn", [charts.column_activity_svg, charts.department_activity_svg])
    def test_well_formed_accessible_svg(self, fn):
        svg = fn(self.portal(), D(2025, 6, 30))
        root = etree.fromstring(svg.encode())
        assert root.tag == f"{SVG}svg" and root.get("role") == "img"
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None and desc is not None
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert "发布情况" in title.text and "合计" in desc.text
        bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
        assert len(bars) in (2, 3)
        assert "script" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")

    def test_empty_catalog(self):
        svg = charts.column_activity_svg(make_portal(make_catalog(), []), D(2025, 6, 30))
        root = etree.fromstring(svg.encode())
        assert "暂无数据" in etree.tostring(root, encoding="unicode")
