"""Working days by the Chinese statutory calendar plus the office's own additions.

The statutory calendar (法定节假日 and 调休 working days) comes from the
``chinese-calendar`` package, which knows a fixed range of years (2004–2026 in
1.11). The catalog's ``calendar`` section adds days off (``holidays``) and
extra working days (``workdays``); both override the statutory calendar. A day
listed in both is a day off: the office said it did not work, so no deadline
runs on it.

Outside the years the package knows, a day is a working day when it is Monday
to Friday (then the catalog's additions), and its year is recorded in
``WorkCalendar.out_of_range_years`` so the report can warn
(``calendar-out-of-range``). Nothing here raises for an unknown year.

Counting is cached per year: the first question about a year classifies all of
its days once, and later questions are a subtraction of prefix sums.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import chinese_calendar

from .dates import beijing_date

__all__ = ["WorkCalendar", "statutory_years"]


def statutory_years() -> tuple[int, int]:
    """First and last year the statutory calendar data covers."""
    years = [d.year for d in chinese_calendar.holidays]
    return min(years), max(years)


_FIRST_YEAR, _LAST_YEAR = statutory_years()
_STATUTORY_HOLIDAYS = frozenset(chinese_calendar.holidays)
_STATUTORY_WORKDAYS = frozenset(chinese_calendar.workdays)


class WorkCalendar:
    """Which days are working days, and how many lie between two dates."""

    def __init__(self, holidays: Iterable[dt.date] = (), workdays: Iterable[dt.date] = ()) -> None:
        self.holidays: frozenset[dt.date] = frozenset(beijing_date(d) for d in holidays)
        self.workdays: frozenset[dt.date] = frozenset(beijing_date(d) for d in workdays)
        self.out_of_range_years: set[int] = set()
        self._day_cache: dict[dt.date, bool] = {}
        # year -> cumulative working-day counts: prefix[i] = working days among
        # the first i days of the year (prefix[0] == 0).
        self._prefix: dict[int, list[int]] = {}

    @classmethod
    def for_catalog(cls, catalog: object) -> WorkCalendar:
        """A calendar with a catalog's ``holidays`` and ``workdays`` additions."""
        return cls(getattr(catalog, "holidays", ()), getattr(catalog, "workdays", ()))

    # -- single days -------------------------------------------------------

    def _statutory(self, day: dt.date) -> bool:
        if _FIRST_YEAR <= day.year <= _LAST_YEAR:
            # chinese_calendar.is_workday's own rule, on its public tables: it
            # re-derives the supported range on every call, which is slow.
            return day in _STATUTORY_WORKDAYS or (day.weekday() < 5 and day not in _STATUTORY_HOLIDAYS)
        self.out_of_range_years.add(day.year)
        return day.weekday() < 5

    def is_workday(self, day: dt.date) -> bool:
        day = beijing_date(day)
        cached = self._day_cache.get(day)
        if cached is not None:
            return cached
        if day in self.holidays:
            result = False
        elif day in self.workdays:
            result = True
        else:
            result = self._statutory(day)
        self._day_cache[day] = result
        return result

    # -- spans ---------------------------------------------------------------

    def _year_prefix(self, year: int) -> list[int]:
        prefix = self._prefix.get(year)
        if prefix is None:
            start = dt.date(year, 1, 1).toordinal()
            end = dt.date(year, 12, 31).toordinal()
            prefix = [0]
            total = 0
            for ordinal in range(start, end + 1):
                total += self.is_workday(dt.date.fromordinal(ordinal))
                prefix.append(total)
            self._prefix[year] = prefix
        return prefix

    def _rank(self, day: dt.date) -> int:
        """Working days from 1 January of ``day``'s year up to and including ``day``."""
        return self._year_prefix(day.year)[day.timetuple().tm_yday]

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end``; 0 if ``end <= start``."""
        start, end = beijing_date(start), beijing_date(end)
        if end <= start:
            return 0
        if start.year == end.year:
            return self._rank(end) - self._rank(start)
        count = self._year_prefix(start.year)[-1] - self._rank(start)
        for year in range(start.year + 1, end.year):
            count += self._year_prefix(year)[-1]
        return count + self._rank(end)
