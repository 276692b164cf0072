"""Side doors to publication (issues 12 and 13): misspelt gate keys, merge keys, overlapping
content/docs folders, file-reading Markdown extensions, front matter that never closes, NUL
bytes and huge items."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build, check, check_cli, findings, grep_site, snapshot
from factories import item_md, make_portal
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

SECRET = "内部绝密XYZ"


def _secret_item(key_line: str) -> str:
    return f"---\ntitle: 不应公开{SECRET}\ndate: 2024-05-01\ncategory: news\npublisher: czj\n{key_line}\n---\n正文。\n"


@pytest.mark.parametrize(
    "key_line",
    [
        "Draft: true",
        "DRAFT: true",
        "草 稿: 是",
        "dis closure: withheld",
        "discolsure: withheld",
        "drafts: true",
        "darft: true",
        "disclosur: withheld",
        "ｄｒａｆｔ: true",
        "公开方法: 不予公开",
    ],
)
def test_misspelt_gate_key_is_an_error_at_its_line(portal_dir: Path, key_line: str) -> None:
    make_portal(portal_dir, {"content/news/a.md": _secret_item(key_line)})
    status, out = check(portal_dir)
    assert status == 1
    [line] = [f for f in findings(out) if "misspelt-key" in f]
    assert line.startswith("content/news/a.md:6: error misspelt-key:")
    assert "会被当作公开信息发布" in line


def test_yaml_merge_key_is_misspelt_key(portal_dir: Path) -> None:
    make_portal(portal_dir, {"content/news/a.md": _secret_item("<<: {draft: true}")})
    status, out = check(portal_dir)
    assert status == 1
    assert any(f.startswith("content/news/a.md:6: error misspelt-key:") and "<<" in f for f in findings(out))
    assert build(portal_dir).returncode != 0
    assert not (portal_dir / "site").exists()


def test_only_near_misses_of_gate_keys_are_errors(portal_dir: Path) -> None:
    fields = {
        "data": "x",
        "remark": "y",
        "备注": "z",
        "author": "w",
        "disclosure": "proactive",
        "Draft": "true",
    }
    make_portal(portal_dir, {"content/news/a.md": item_md(**fields)})
    status, out = check(portal_dir)
    assert status == 1
    unknown = [f.split(": ", 1)[0] for f in findings(out) if "unknown-key" in f]
    misspelt = [f.split(": ", 1)[0] for f in findings(out) if "misspelt-key" in f]
    assert unknown == [f"content/news/a.md:{line}" for line in (6, 7, 8, 9)]
    assert misspelt == ["content/news/a.md:11"]


def test_content_dir_inside_docs_dir_is_a_configuration_error(portal_dir: Path) -> None:
    make_portal(
        portal_dir,
        {"docs/content/news/a.md": item_md(draft=True, title=f"草稿{SECRET}")},
        plugin_options={"content_dir": "docs/content", "catalog": "content/catalog.yml"},
    )
    (portal_dir / "docs/content/catalog.yml").write_text((portal_dir / "content/catalog.yml").read_text())
    status, _out = check(portal_dir)
    assert status == 2
    result = build(portal_dir)
    assert result.returncode != 0 and "不能相同或互相包含" in result.stdout + result.stderr
    assert not (portal_dir / "site").exists()


def test_docs_dir_equal_to_content_dir_is_a_configuration_error(portal_dir: Path) -> None:
    make_portal(portal_dir, {"content/news/a.md": item_md()}, mkdocs_extra="docs_dir: ./content/\n")
    (portal_dir / "content/index.md").write_text("# 首页\n")
    status, _out = check(portal_dir)
    assert status == 2
    assert build(portal_dir).returncode != 0


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"content_dir": "../outside"}, "在门户文件夹"),
        ({"catalog": "/etc/passwd"}, "在门户文件夹"),
        ({"content_dir": "nothere"}, "找不到 content_dir 文件夹"),
    ],
)
def test_content_and_catalog_must_lie_in_the_portal(
    portal_dir: Path, options: dict[str, str], words: str
) -> None:
    make_portal(portal_dir / "p", {"content/news/a.md": item_md()}, plugin_options=options)
    (portal_dir / "outside").mkdir()
    (portal_dir / "outside/catalog.yml").write_text((portal_dir / "p/content/catalog.yml").read_text())
    checked = check_cli(portal_dir / "p")
    assert checked.returncode == 2 and words in checked.stderr
    result = build(portal_dir / "p")
    assert result.returncode != 0 and words in result.stdout + result.stderr
    assert not (portal_dir / "p/site").exists()


def test_plugin_listed_twice_is_a_configuration_error(portal_dir: Path) -> None:
    make_portal(portal_dir, {"content/news/a.md": item_md()})
    yml = portal_dir / "mkdocs.yml"
    yml.write_text(yml.read_text().replace("  - opengov\n", "  - opengov\n  - opengov\n"))
    checked = check_cli(portal_dir)
    assert checked.returncode == 2 and "写了 2 次 opengov" in checked.stderr
    assert build(portal_dir).returncode != 0
    assert not (portal_dir / "site").exists()


@pytest.mark.parametrize(
    "extra",
    [
        "markdown_extensions:\n  - pymdownx.snippets\n",
        "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: ['.']\n",
        "markdown_extensions:\n  pymdownx.snippets:\n    base_path: ['.']\n",
    ],
)
def test_file_reading_extension_is_refused(portal_dir: Path, extra: str) -> None:
    make_portal(
        portal_dir,
        {
            "content/news/a.md": item_md(body="公开正文。\n"),
            "content/secret/x.md": item_md(title="机密", disclosure="withheld", body=f"{SECRET}\n"),
            "docs/about.md": '# 关于\n\n--8<-- "content/secret/x.md"\n',
        },
    )
    assert build(portal_dir).returncode == 0
    before = snapshot(portal_dir / "site")
    (portal_dir / "mkdocs.yml").write_text((portal_dir / "mkdocs.yml").read_text() + extra)
    status, _out = check(portal_dir)
    assert status == 2
    result = build(portal_dir)
    assert result.returncode != 0 and "snippets" in result.stdout + result.stderr
    assert snapshot(portal_dir / "site") == before
    assert grep_site(portal_dir / "site", [SECRET]) == []


def test_unterminated_front_matter_says_the_closing_line_is_missing(portal_dir: Path) -> None:
    make_portal(portal_dir, {"content/news/a.md": "---\ntitle: 标题\ndate: 2024-05-01\n\n正文\n"})
    status, out = check(portal_dir)
    assert status == 1
    [line] = [f for f in findings(out) if f.startswith("content/news/a.md")]
    assert line.startswith("content/news/a.md:1: error yaml-syntax:") and "没有结束" in line


def test_nul_byte_is_a_chinese_message_at_its_line(portal_dir: Path) -> None:
    raw = item_md(title="标题\x00有空字符").encode()
    make_portal(portal_dir, {"content/news/a.md": raw})
    status, out = check(portal_dir)
    assert status == 1
    [line] = [f for f in findings(out) if f.startswith("content/news/a.md")]
    assert line.startswith("content/news/a.md:2: error bad-encoding:") and "空字符" in line


def test_huge_item_is_a_warning_and_feeds_carry_only_its_summary(portal_dir: Path) -> None:
    paragraph = "这是一段很长的公开数据说明文字，用于检查订阅源不会重复整篇正文。" * 20 + "\n\n"
    body = paragraph * 3000  # about 5 MB
    make_portal(portal_dir, {"content/news/big.md": item_md(summary="大条目摘要", body=body)})
    status, out = check(portal_dir)
    assert status == 0
    assert any(f.startswith("content/news/big.md:8: warning large-item:") for f in findings(out))
    assert build(portal_dir).returncode == 0
    site = portal_dir / "site"
    feeds = [p for p in site.rglob("*.xml") if p.name in ("rss.xml", "atom.xml")]
    assert feeds
    texts = [feed.read_text(encoding="utf-8") for feed in feeds]
    assert all(len(text) < 100_000 for text in texts)
    assert all(
        "大条目摘要" in text and "news/big/" in text
        for text in texts
        if "<item>" in text or "<entry>" in text
    )


def test_html_comments_are_never_published(portal_dir: Path) -> None:
    body = (
        "## 小标题 <!-- 内部备注：标题XYZ -->\n\n"
        "第一段 <!-- 内部备注：行内XYZ --> 继续。\n\n<!-- 内部备注：整段XYZ -->\n\n"
        "| 项目 | 金额 |\n|---|---|\n| 办公 <!-- 内部备注：表格XYZ --> | 10 |\n\n"
        "`<!-- 代码示例 -->`\n"
    )
    make_portal(
        portal_dir,
        {
            "content/news/a.md": item_md(body=body),
            "docs/about.md": "# 关于\n\n<!-- 内部备注：文档XYZ -->\n\n关于本站。\n",
        },
    )
    result = build(portal_dir)
    assert result.returncode == 0, result.stderr
    site = portal_dir / "site"
    assert grep_site(site, ["内部备注", "标题XYZ", "行内XYZ", "整段XYZ", "表格XYZ", "文档XYZ"]) == []
    page = (site / "news/a/index.html").read_text(encoding="utf-8")
    assert "第一段" in page and "继续。" in page and "&lt;!-- 代码示例 --&gt;" in page
    assert "关于本站" in (site / "about/index.html").read_text(encoding="utf-8")
    assert "继续。" in (site / "rss.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("now", "published"), [("17:59", False), ("18:00", True), ("18:01", True)])
def test_scheduling_by_time_of_day_in_beijing_time(
    portal_dir: Path, monkeypatch: pytest.MonkeyPatch, now: str, published: bool
) -> None:
    make_portal(
        portal_dir,
        {
            "content/news/evening.md": item_md(title="傍晚发布的通知", date='"2030-06-01 18:00"'),
            "content/news/morning.md": item_md(title="早上的通知", date="2030-06-01"),
        },
    )
    monkeypatch.setenv("OPENGOV_NOW", f"2030-06-01T{now}:00+08:00")
    status, out = check(portal_dir)
    assert status == 0
    scheduled = [f for f in findings(out) if "scheduled" in f]
    if published:
        assert scheduled == []
    else:
        [line] = scheduled
        assert line.startswith("content/news/evening.md:3: warning scheduled:") and "2030-06-01 18:00" in line
    assert build(portal_dir).returncode == 0
    site = portal_dir / "site"
    assert (site / "news/evening/index.html").exists() is published
    assert (site / "news/morning/index.html").exists()
    assert bool(grep_site(site, ["傍晚发布的通知"])) is published


def test_a_build_at_midnight_utc_is_the_same_beijing_moment(
    portal_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 10:00 UTC is 18:00 in Beijing: the item is due.
    make_portal(portal_dir, {"content/news/evening.md": item_md(date='"2030-06-01 18:00"')})
    monkeypatch.setenv("OPENGOV_NOW", "2030-06-01T09:59:00Z")
    assert any("scheduled" in f for f in findings(check(portal_dir)[1]))
    monkeypatch.setenv("OPENGOV_NOW", "2030-06-01T10:00:00Z")
    assert not any("scheduled" in f for f in findings(check(portal_dir)[1]))


WITHDRAWN_TITLE = "即将撤回的通知甲乙丙"


def _withdrawable(**fields: object) -> dict[str, str]:
    return {
        "content/news/keep.md": item_md(title="保留的通知", body="保留正文。\n"),
        "content/news/gone.md": item_md(
            title=WITHDRAWN_TITLE,
            body="正文见附件：[名单](gone-list.csv)\n",
            attachments=["gone-list.csv"],
            aliases=["news/old-gone.md"],
            **fields,
        ),
        "content/news/gone-list.csv": "姓名,金额\n撤回附件专用词,10\n",
    }


@pytest.mark.parametrize(
    "withdraw",
    [
        lambda text: text.replace("title:", "draft: true\ntitle:", 1),
        lambda text: text.replace("title:", "disclosure: withheld\ntitle:", 1),
        None,  # the file is deleted
    ],
    ids=["draft", "withheld", "deleted"],
)
def test_dirty_build_removes_every_output_of_a_withdrawn_item(portal_dir: Path, withdraw: object) -> None:
    make_portal(portal_dir, _withdrawable())
    assert build(portal_dir).returncode == 0
    site = portal_dir / "site"
    for path in ("news/gone/index.html", "news/gone-list.csv", "news/old-gone/index.html"):
        assert (site / path).exists(), path
    assert any(name.startswith("pagefind/") for name, _ in grep_site(site, [WITHDRAWN_TITLE]))
    item = portal_dir / "content/news/gone.md"
    if withdraw is None:
        item.unlink()
    else:
        item.write_text(withdraw(item.read_text(encoding="utf-8")), encoding="utf-8")  # type: ignore[operator]
    result = build(portal_dir, False, "--dirty")
    assert result.returncode == 0, result.stderr
    assert not (site / "news/gone").exists() and not (site / "news/old-gone").exists()
    assert not (site / "news/gone-list.csv").exists()
    assert grep_site(site, [WITHDRAWN_TITLE, "撤回附件专用词", "news/gone/"]) == []
    assert (site / "news/keep/index.html").exists()


def test_dirty_build_keeps_an_attachment_another_published_item_uses(portal_dir: Path) -> None:
    files = _withdrawable()
    files["content/news/keep.md"] = item_md(title="保留的通知", body="同一附件：[名单](gone-list.csv)\n")
    make_portal(portal_dir, files)
    assert build(portal_dir).returncode == 0
    item = portal_dir / "content/news/gone.md"
    item.write_text(
        item.read_text(encoding="utf-8").replace("title:", "draft: true\ntitle:", 1), encoding="utf-8"
    )
    assert build(portal_dir, False, "--dirty").returncode == 0
    site = portal_dir / "site"
    assert (site / "news/gone-list.csv").exists()
    assert not (site / "news/gone").exists()
    assert grep_site(site, [WITHDRAWN_TITLE]) == []


def _serve_rebuild(root: Path, site: Path, *, first: bool = False, dirty: bool = True) -> None:
    """One rebuild as `mkdocs serve [--dirty]` runs it (see tests/test_preview.py), and its
    background search index."""
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    if first:
        config.plugins.on_startup(command="serve", dirty=dirty)
    mkdocs_build(config, dirty=dirty)
    thread = config.plugins["opengov"].build.search_thread
    if thread is not None:
        thread.join(timeout=120)
        assert not thread.is_alive()


@pytest.mark.parametrize(
    ("dirty", "catalog_too"),
    [(True, False), (False, False), (True, True)],
    ids=["serve-dirty", "serve", "serve-dirty-with-catalog-change"],
)
def test_preview_drops_every_output_of_a_withdrawn_item(
    tmp_path: Path, dirty: bool, catalog_too: bool
) -> None:
    root = make_portal(tmp_path / "portal", _withdrawable())
    site = tmp_path / "site"
    _serve_rebuild(root, site, first=True, dirty=dirty)
    assert (site / "news/old-gone/index.html").exists() and (site / "news/gone-list.csv").exists()
    assert any(name.startswith("pagefind/") for name, _ in grep_site(site, [WITHDRAWN_TITLE]))
    item = root / "content/news/gone.md"
    item.write_text(
        item.read_text(encoding="utf-8").replace("title:", "draft: true\ntitle:", 1), encoding="utf-8"
    )
    if catalog_too:  # a change that re-renders everything
        catalog = root / "content/catalog.yml"
        catalog.write_text(catalog.read_text(encoding="utf-8").replace("要闻动态", "要闻"), encoding="utf-8")
    _serve_rebuild(root, site, dirty=dirty)
    assert (site / "pagefind/pagefind.js").exists()
    assert not (site / "news/gone").exists() and not (site / "news/old-gone").exists()
    assert not (site / "news/gone-list.csv").exists()
    assert grep_site(site, [WITHDRAWN_TITLE, "撤回附件专用词"]) == []
    assert (site / "news/keep/index.html").exists()
