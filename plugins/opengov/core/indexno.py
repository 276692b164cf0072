"""索引号 assignment (CONTRACT §1): the next free number for a publisher and a date.

Pure: reads the loaded :class:`Portal`, never the disk, never MkDocs.

``organization.index_format`` (default ``{code}/{year}-{seq:05d}``) is turned into
a regular expression with the code and year fixed and ``{seq}`` captured, so the
existing numbers of that code and year (published or not) are read back whatever
the office's format. A format without ``{year}`` (or without ``{code}``) numbers
across all years (or all codes), so the result stays unique.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Callable

from .dates import beijing_date
from .model import Portal
from .vocabulary import DEFAULT_INDEX_FORMAT

_FIELDS = ("code", "year", "month", "seq")
# str.format's conversions (``{code!r}``).
_CONVERSIONS: dict[str, Callable[[object], str]] = {"r": repr, "s": str, "a": ascii}


def _fixed_values(code: str, day: dt.date) -> dict[str, object]:
    return {"code": code, "year": day.year, "month": day.month}


def index_pattern(index_format: str, code: str, day: dt.date) -> re.Pattern[str]:
    """A pattern matching the 索引号 of ``code`` in ``day``'s year, capturing ``seq``.

    ``{month}`` matches any month (sequences run per year); ``{seq}`` and
    ``{seq:05d}`` match any run of digits (``{seq:05d}`` still reads ``123456``).
    """
    fixed = _fixed_values(code, day)
    parts: list[str] = []
    seq_seen = False
    for literal, field, spec, conversion in string.Formatter().parse(index_format):
        parts.append(re.escape(literal))
        if field is None:
            continue
        if field == "seq":
            parts.append(r"(?P=seq)" if seq_seen else r"(?P<seq>\d+)")
            seq_seen = True
        elif field == "month":
            parts.append(r"\d{1,2}")
        elif field in fixed:
            value = fixed[field]
            if conversion:
                value = _CONVERSIONS[conversion](value)
            parts.append(re.escape(format(value, spec or "")))
        else:  # the catalog reader rejects other fields; be strict anyway
            raise ValueError(f"index_format 中不认识的占位符 {{{field}}}，可用：{' '.join(_FIELDS)}")
    if not seq_seen:
        raise ValueError("index_format 必须包含 {seq}（顺序号），否则无法编出不重复的索引号")
    return re.compile("".join(parts))


def used_sequences(portal: Portal, code: str, day: dt.date | dt.datetime) -> list[int]:
    """Sequence numbers already taken for ``code`` in ``day``'s year, by every item."""
    index_format = portal.catalog.organization.index_format or DEFAULT_INDEX_FORMAT
    pattern = index_pattern(index_format, code, beijing_date(day))
    found: list[int] = []
    for item in portal.items.values():
        if not item.index_no:
            continue
        match = pattern.fullmatch(item.index_no.strip())
        if match:
            found.append(int(match.group("seq")))
    return found


def next_index_no(portal: Portal, dept_id: str | None, date: dt.date | dt.datetime) -> str:
    """The 索引号 an item of ``dept_id`` dated ``date`` gets: one past the highest used.

    ``{code}`` is the department's code, or the organization's when it has none
    (empty when neither is set).
    """
    day = beijing_date(date)
    index_format = portal.catalog.organization.index_format or DEFAULT_INDEX_FORMAT
    code = portal.catalog.code_for(dept_id) or ""
    seq = max(used_sequences(portal, code, day), default=0) + 1
    taken = {item.index_no.strip() for item in portal.items.values() if item.index_no}
    while True:  # belt and braces: never hand out a number another item already has
        number = index_format.format(**_fixed_values(code, day), seq=seq)
        if number not in taken:
            return number
        seq += 1
