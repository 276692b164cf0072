"""HTML safety, spreadsheet-safe exports and the plugin options as MkDocs reads them (issue 13)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from conftest import build, item_md, make_portal

from opengov.core.csvsafe import safe_cell

FORMULAS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"]


def test_catalog_csv_cells_that_start_like_a_formula_are_quoted(tmp_path: Path) -> None:
    items = {
        f"content/news/f{i}.md": item_md(title=json.dumps(text), doc_number=json.dumps(text))
        for i, text in enumerate(FORMULAS)
    }
    root = make_portal(tmp_path, items)
    result = build(root)
    assert result.returncode == 0, result.stderr
    text = (root / "site/catalog.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    titles = {row[1] for row in rows[1:]}
    numbers = {row[5] for row in rows[1:]}
    assert titles == {"'" + t for t in FORMULAS} == numbers
    # The JSON export keeps the text as written.
    data = json.loads((root / "site/catalog.json").read_text(encoding="utf-8"))
    records = data["items"] if isinstance(data, dict) else data
    assert {r["title"] for r in records} == set(FORMULAS)


def test_tab_and_carriage_return_starts_are_quoted_too() -> None:
    # Titles lose leading whitespace when read, so these cells are shown on the rule itself.
    assert [safe_cell(v) for v in ("\tx", "\rx", "x=1", "", 3)] == ["'\tx", "'\rx", "x=1", "", 3]
