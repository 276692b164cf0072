"""The annual-report YAML is read as front matter is (issue 14): ``no``, ``on``, dates and
numbers written as text stay the words the office wrote; only ``true``/``false`` are booleans."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import check, findings
from factories import annual_report_portal, item_md

from opengov.core import annual
from opengov.core.loader import LoadOptions, load_portal

ANNUAL = """\
overview: no
problems: 2024-01-01
other_matters: 1.50
active:
  licensing: yes
  penalties: 3
"""


ITEMS = {"content/news/a.md": item_md(title="no", date="2024-05-01")}


def test_annual_text_is_read_as_written_like_front_matter(portal_dir: Path) -> None:
    portal = load_portal(LoadOptions(root=annual_report_portal(portal_dir, ANNUAL, ITEMS)))
    [item] = portal.items.values()
    assert item.title == "no"  # front matter: ``no`` is text
    data, problems = annual.load_annual_file(portal_dir / "annual.yml", "annual.yml")
    assert problems == []
    report = annual.build_annual(portal, data, 2024, path="annual.yml")
    assert (report.overview, report.problems, report.other_matters) == ("no", "2024-01-01", "1.50")
    # ``yes`` is text, not the count 1 (YAML 1.1's boolean would have been refused as "True").
    [problem] = [f for f in report.findings if f.line == 5]
    assert "现在是“yes”" in problem.message and report.active["penalties"] == 3


def test_check_reports_the_annual_value_as_written(portal_dir: Path) -> None:
    status, out = check(annual_report_portal(portal_dir, ANNUAL, ITEMS))
    assert status == 1
    assert [line for line in findings(out) if line.startswith("annual.yml:")] == [
        "annual.yml:5: error bad-annual-report: “主动公开→行政许可”应是不小于 0 的整数，现在是“yes”。"
    ]


def test_report_page_shows_the_overview_as_written(portal_dir: Path) -> None:
    root = annual_report_portal(portal_dir, ANNUAL, ITEMS)
    (root / "annual.yml").write_text(ANNUAL.replace("  licensing: yes\n", ""), encoding="utf-8")
    result = subprocess.run(
        ["opengov", "report", "--as-of", "2025-02-01", "--html", "out"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    page = (root / "out/index.html").read_text(encoding="utf-8")
    assert "<p>no</p>" in page and "<p>False</p>" not in page
    assert "<p>1.50</p>" in page
