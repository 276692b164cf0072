"""What a build prints: findings and real problems, not MkDocs' notes about the portal's own pages."""

from __future__ import annotations

from pathlib import Path

from conftest import build
from factories import item_md, make_portal


def test_links_from_docs_pages_to_generated_pages_draw_no_mkdocs_note(tmp_path: Path) -> None:
    root = make_portal(
        tmp_path,
        {
            "content/news/a.md": item_md(title="一条动态"),
            "docs/index.md": "# 首页\n\n[目录](catalog/) [机构](departments/) [搜索](search/) [动态](news/) [一节](catalog/#top)\n",
            "docs/guide.md": "# 指南\n\n[目录](../catalog/) [条目](../news/a/) [没有的页面](../nowhere/)\n",
        },
    )
    result = build(root)
    assert result.returncode == 0, result.stderr
    log = result.stderr
    targets = ("'catalog/'", "'departments/'", "'search/'", "'news/'", "'../catalog/'", "'../news/a/'")
    for target in (*targets, "'catalog/#top'"):
        assert f"unrecognized relative link {target}" not in log
    # A link to a page that exists nowhere is still MkDocs' to report.
    assert "unrecognized relative link '../nowhere/'" in log
