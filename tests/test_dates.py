"""core/dates.py: the one place that turns model timestamps into Beijing dates and texts."""

from __future__ import annotations

import datetime as dt

from opengov.core.dates import beijing_date, cn_day, iso_day, to_beijing
from opengov.core.model import BEIJING

UTC = dt.UTC


def test_to_beijing_reads_a_naive_time_as_beijing_and_converts_an_aware_one() -> None:
    assert to_beijing(dt.datetime(2024, 1, 1, 9)) == dt.datetime(2024, 1, 1, 9, tzinfo=BEIJING)
    assert to_beijing(dt.datetime(2024, 1, 1, 20, tzinfo=UTC)).isoformat() == "2024-01-02T04:00:00+08:00"


def test_beijing_date_takes_the_calendar_day_in_beijing() -> None:
    # 2024-01-01 20:00 UTC is already 2 January in Beijing.
    assert beijing_date(dt.datetime(2024, 1, 1, 20, tzinfo=UTC)) == dt.date(2024, 1, 2)
    assert beijing_date(dt.datetime(2024, 1, 1, 23, 59)) == dt.date(2024, 1, 1)
    assert beijing_date(dt.date(2024, 3, 5)) == dt.date(2024, 3, 5)
    assert beijing_date(None) is None


def test_iso_and_chinese_texts_of_dates_and_datetimes() -> None:
    stamp = dt.datetime(2024, 1, 1, 20, tzinfo=UTC)
    assert iso_day(stamp) == "2024-01-02" and iso_day(dt.date(2017, 7, 27)) == "2017-07-27"
    assert iso_day(None) is None
    assert cn_day(stamp) == "2024年1月2日" and cn_day(dt.date(2017, 7, 27)) == "2017年7月27日"
    assert cn_day(None) == ""
