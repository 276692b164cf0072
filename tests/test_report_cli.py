"""``opengov report --html DIR`` as a real process (issue 13: a bad path is exit 2 with nothing printed)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from factories import item_md, make_portal
from lxml import html


def _report(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["opengov", "report", *args], cwd=root, capture_output=True, text=True)


def test_html_report_is_written_into_a_new_folder(portal_dir: Path) -> None:
    make_portal(portal_dir, {"content/news/a.md": item_md()})
    result = _report(portal_dir, "--html", "out/report")
    assert result.returncode == 0, result.stderr
    page = html.fromstring((portal_dir / "out/report/index.html").read_bytes())
    assert "合规检查报告" in page.findtext(".//title")
    assert result.stdout.strip()


@pytest.mark.parametrize(
    ("target", "words"),
    [("blocker", "已是一个文件"), ("blocker/inner", "是文件而不是文件夹")],
)
def test_bad_html_path_is_a_usage_error_with_nothing_printed(
    portal_dir: Path, target: str, words: str
) -> None:
    make_portal(portal_dir, {"content/news/a.md": item_md()})
    (portal_dir / "blocker").write_text("不是文件夹")
    result = _report(portal_dir, "--html", target)
    assert result.returncode == 2
    assert result.stdout == ""
    assert words in result.stderr and "Traceback" not in result.stderr
    assert (portal_dir / "blocker").read_text() == "不是文件夹"
