"""Dates as editors write them (CONTRACT §1 Dates), read into Beijing time."""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from typing import overload

from babel import Locale
from babel.dates import format_date

from .model import BEIJING

_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_CN_DAY = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_LOCAL_TIME = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$")

ACCEPTED_FORMS = "2017-07-27、2017-7-27、2017年7月27日、2017-07-27 10:00 或带时区的 ISO 8601 时间"


class DateError(ValueError):
    """A date that does not parse or does not exist; the message is for editors."""


def parse_date(value: object) -> dt.datetime:
    """Parse a date value into an aware datetime in Beijing time.

    A date alone means 00:00 Beijing time; a time without offset is Beijing time.
    """
    if isinstance(value, dt.datetime):
        return to_beijing(value)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=BEIJING)
    if not isinstance(value, str):
        raise DateError(f"“{value}”不是日期。请写成 {ACCEPTED_FORMS}")
    text = value.strip()
    for pattern in (_DAY, _CN_DAY, _LOCAL_TIME):
        match = pattern.match(text)
        if match:
            # A date alone (3 groups) or a time without seconds: the missing fields are 0.
            year, month, day, hour, minute, second = (
                int(p or 0) for p in (*match.groups(), None, None, None)[:6]
            )
            try:
                return dt.datetime(year, month, day, hour, minute, second, tzinfo=BEIJING)
            except ValueError:
                raise DateError(f"日期“{text}”不存在（请核对年、月、日，例如 2 月没有 30 日）") from None
    if "T" in text or "+" in text or text.endswith("Z"):
        try:
            stamp = dt.datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            return to_beijing(stamp)
    raise DateError(f"无法识别日期“{text}”。请写成 {ACCEPTED_FORMS}")


def to_beijing(stamp: dt.datetime) -> dt.datetime:
    """``stamp`` in Beijing time; a time without an offset already is Beijing time (CONTRACT §1)."""
    return (stamp if stamp.tzinfo else stamp.replace(tzinfo=BEIJING)).astimezone(BEIJING)


@overload
def beijing_date(stamp: None) -> None: ...
@overload
def beijing_date(stamp: dt.date) -> dt.date: ...
@overload
def beijing_date(stamp: dt.date | None) -> dt.date | None: ...


def beijing_date(stamp: dt.date | None) -> dt.date | None:
    """The Beijing calendar date of a model timestamp; a plain date is its own date."""
    if isinstance(stamp, dt.datetime):  # a datetime is a date too: test it first
        return to_beijing(stamp).date()
    return stamp


def iso_day(stamp: dt.date | None) -> str | None:
    """``YYYY-MM-DD`` of a date or (Beijing-time) datetime, or None."""
    day = beijing_date(stamp)
    return day.isoformat() if day else None


def cn_day(stamp: dt.date | None) -> str:
    """``2017年7月27日`` for people; empty when there is no date."""
    day = beijing_date(stamp)
    return "" if day is None else _cn_format(day)


_ZH = Locale.parse("zh_CN")


@functools.lru_cache(maxsize=8192)
def _cn_format(day: dt.date) -> str:
    # A parsed Locale, not the string "zh_CN": babel would parse that again on every call (~100 µs).
    return format_date(day, "long", locale=_ZH)


# The build's moment for reproducible builds and tests (ISO 8601; without an offset, Beijing time).
NOW_VARIABLE = "OPENGOV_NOW"


def beijing_now() -> dt.datetime:
    """Now in Beijing time, or the moment ``OPENGOV_NOW`` names."""
    fixed = os.environ.get(NOW_VARIABLE, "").strip()
    if fixed:
        return to_beijing(dt.datetime.fromisoformat(fixed))
    return dt.datetime.now(BEIJING)


def beijing_today() -> dt.date:
    return beijing_now().date()
