"""CSV cells that a spreadsheet cannot run as formulas (the OWASP CSV-injection rule).

Offices open the exported CSV files in Excel, where a cell beginning with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is read as a formula; such cells get a leading ``'``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """``value`` with a ``'`` in front when it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """A :func:`csv.writer` whose text cells are passed through :func:`safe_cell`."""

    def __init__(self, stream: Any, **kwargs: Any) -> None:
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row: Iterable[object]) -> Any:
        return self._writer.writerow([safe_cell(cell) for cell in row])
