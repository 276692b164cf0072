"""The pipeline (core/pipeline.py): read → resolve → publish → checks, each stage a new value."""

from __future__ import annotations

from pathlib import Path

from conftest import item_md, make_portal

from opengov.core.loader import LoadOptions, ParseCache, load_portal
from opengov.core.publish import passes_gate

CSV = "名称,金额\n甲,1\n"


def _portal(root: Path) -> Path:
    return make_portal(
        root,
        {
            "content/news/a.md": item_md(title="政策原文", doc_type="normative", attachments=["a.csv"]),
            "content/news/a.csv": CSV,
            "content/news/b.md": item_md(
                title="政策解读", publisher="县财政局", interprets="./news/a.md", aliases=["./news/old-b.md"]
            ),
            "content/news/draft.md": item_md(title="草稿", draft="true"),
        },
    )


def test_later_stages_never_change_what_was_read(tmp_path: Path) -> None:
    """The published portal holds resolved copies; the parse cache keeps what each file says."""
    root = _portal(tmp_path)
    cache = ParseCache()
    for _build in range(2):  # the second load reuses the cached parses
        portal = load_portal(LoadOptions(root=root), cache=cache)
        assert not portal.errors, [f.format() for f in portal.errors]
        b, a = portal.items["news/b.md"], portal.items["news/a.md"]
        assert (b.interprets, b.publisher, b.aliases) == ("news/a.md", "czj", ["news/old-b.md"])
        assert (a.attachments[0].path, a.attachments[0].size) == ("news/a.csv", len(CSV.encode()))
        assert portal.interpretations == {"news/a.md": ["news/b.md"]}
        assert portal.copied_files == {"news/a.csv"}
    cached_b, _ = cache.parse(str(root / "content/news/b.md"), "news/b.md", "content/news/b.md")
    assert (cached_b.interprets, cached_b.publisher, cached_b.aliases) == (
        "./news/a.md",
        "县财政局",
        ["./news/old-b.md"],
    )
    cached_a, _ = cache.parse(str(root / "content/news/a.md"), "news/a.md", "content/news/a.md")
    assert (cached_a.attachments[0].path, cached_a.attachments[0].size) == ("a.csv", None)


def test_the_disclosure_gate_alone_decides_what_is_published(tmp_path: Path) -> None:
    portal = load_portal(LoadOptions(root=_portal(tmp_path)))
    assert [i.path for i in portal.published] == ["news/a.md", "news/b.md"]  # same day: by path
    assert all(passes_gate(i, portal.moment) for i in portal.published)
    assert not passes_gate(portal.items["news/draft.md"], portal.moment)
    assert not portal.is_published("news/draft.md")
