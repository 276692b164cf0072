"""The last gate over the output (issue 12): the staged site read as its readers get it.

The source checks read what editors wrote; these cases reach the output some other way
(the mkdocs.yml footer and copyright, a leftover file, markup that splits a number), and
the gate must fail the build with ``site/`` left exactly as it was.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import cbor2
import pytest
from conftest import build, findings, snapshot
from factories import item_md, make_portal

from opengov.core.outputgate import GatePlan, Origin, reader_text, run_gate
from opengov.core.privacy import scan_text

MOBILE = "13912345678"
ID_NUMBER = "11010519491231002X"


def _codes(name: str, data: bytes, allow: tuple[str, ...] = ()) -> list[str]:
    blocks = reader_text(name, data)
    assert blocks is not None
    return [hit.code for block in blocks for hit in scan_text(block, allow)]


@pytest.mark.parametrize(
    "page",
    [
        "<p>139<span>1234</span>5678</p>",
        "<p>&#49;39&#x31;2345678</p>",
        "<p>139<!-- 备注 -->12345678</p>",
        "<p>139<b\nclass=x>1234</b>5678</p>",
        '<p><a href="tel:13912345678">联系电话</a></p>',
        '<p><img alt="13912345678" src="a.png"></p>',
        '<p><a href="tel:%31%33%39%31%32%33%34%35%36%37%38">值班电话</a></p>',
        "<p>139<wbr>1234<wbr>5678</p>",
    ],
)
def test_a_page_is_read_as_shown(page: str) -> None:
    assert _codes("a/index.html", f"<html><body>{page}</body></html>".encode()) == ["pii-mobile"]


def test_table_cells_and_paragraphs_are_not_glued_into_one_number() -> None:
    page = b"<table><tr><td>1391234</td><td>5678</td></tr></table><p>139</p><p>12345678</p>"
    assert _codes("a/index.html", page) == []


def test_feeds_json_csv_gzip_and_the_search_index_are_read() -> None:
    feed = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="html">'
        b"&lt;p&gt;139&lt;b&gt;1234&lt;/b&gt;5678&lt;/p&gt;</content></entry></feed>"
    )
    assert _codes("news/atom.xml", feed) == ["pii-mobile"]
    assert _codes("catalog.json", json.dumps({"rows": [{"title": f"电话{MOBILE}"}]}).encode()) == [
        "pii-mobile"
    ]
    assert _codes("catalog.csv", f"标题,号码\n名单,{ID_NUMBER}\n".encode()) == ["pii-id-number"]
    assert _codes("sitemap.xml.gz", gzip.compress(f"<urlset><url>{MOBILE}</url></urlset>".encode())) == [
        "pii-mobile"
    ]
    fragment = gzip.compress(b"pagefind_dcd" + json.dumps({"content": f"联系人电话 {MOBILE}"}).encode())
    assert _codes("pagefind/fragment/zh_1.pf_fragment", fragment) == ["pii-mobile"]
    index = cbor2.dumps([[["联系", []], [MOBILE, [[1, [2]]]], ["11511325mb18695252202600002", []]]])
    # A number word is judged; a 索引号 whose hyphens the indexer dropped is not a number.
    assert _codes("pagefind/index/zh_1.pf_index", gzip.compress(b"pagefind_dcd" + index)) == ["pii-mobile"]


def _plan(**kwargs: object) -> GatePlan:
    values: dict[str, object] = dict(origins={}, allow_all=(), attachments={}, skip=frozenset(), markers=None)
    values.update(kwargs)
    return GatePlan(**values)  # type: ignore[arg-type]


def test_lines_read_once_cannot_hide_a_number_on_a_later_page(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "b").mkdir()
    # Page a shows the lines page b uses to split its number: they are read once, but a line that
    # carries a tag, quote or comment into the next one is never skipped.
    (site / "a/index.html").write_text("<p>共用</p>\n--><span\n<p>共用</p>\n", "utf-8")
    (site / "b/index.html").write_text("<p>共用</p>\n<p>139<!--\n--><span\n>12345678</p>\n", "utf-8")
    found = run_gate(_plan(), site, tmp_path)
    assert [(f.path, f.code) for f in found] == [("b/index.html", "pii-mobile")]


def test_a_number_allowed_by_a_published_source_passes_on_every_page(tmp_path: Path) -> None:
    # The home page, listings and feeds show items' titles: an allowed hotline shows there too.
    site = tmp_path / "site"
    for name in ("a", "b"):
        (site / name).mkdir(parents=True)
        (site / name / "index.html").write_text(f"<p>热线 {MOBILE}</p>\n<p>{ID_NUMBER}</p>", "utf-8")
    origins = {"a/index.html": Origin("content/a.md", (MOBILE,)), "b/index.html": Origin("content/b.md")}
    found = run_gate(_plan(origins=origins, allow_all=(MOBILE,)), site, tmp_path)
    assert [(f.path, f.code) for f in found] == [("a/index.html", "pii-id-number")]


# --------------------------------------------------------------------------- whole builds


def _built(portal_dir: Path, **kwargs: object) -> dict[str, bytes]:
    make_portal(portal_dir, {"content/news/a.md": item_md(title="公开的条目")}, **kwargs)  # type: ignore[arg-type]
    result = build(portal_dir)
    assert result.returncode == 0, result.stderr
    return snapshot(portal_dir / "site")


def test_a_mobile_in_the_footer_settings_fails_the_build_and_keeps_the_site(portal_dir: Path) -> None:
    before = _built(portal_dir)
    yml = (portal_dir / "mkdocs.yml").read_text("utf-8")
    yml = yml.replace(
        "  - opengov\n", '  - opengov:\n      footer:\n        contact: "联系人：139 1234 5678"\n'
    )
    (portal_dir / "mkdocs.yml").write_text(yml, "utf-8")
    result = build(portal_dir)
    assert result.returncode == 1
    lines = findings(result.stdout + result.stderr)
    assert any("error pii-mobile" in line and "生成的网站文件" in line for line in lines), lines
    assert "构建已停止，现有网站保持不变" in result.stderr
    assert snapshot(portal_dir / "site") == before


def test_an_id_number_in_the_copyright_line_fails_the_build(portal_dir: Path) -> None:
    before = _built(portal_dir)
    with (portal_dir / "mkdocs.yml").open("a", encoding="utf-8") as handle:
        handle.write(f"copyright: 网站负责人身份证 {ID_NUMBER}\n")
    result = build(portal_dir)
    assert result.returncode == 1
    assert any("error pii-id-number" in line for line in findings(result.stderr)), result.stderr
    assert snapshot(portal_dir / "site") == before


SECRET_TITLE = "关于某某项目征地补偿标准的内部请示"


def test_an_unpublished_title_reaching_the_output_is_a_leak(portal_dir: Path) -> None:
    make_portal(
        portal_dir,
        {
            "content/news/a.md": item_md(title="公开的条目"),
            "content/news/secret.md": item_md(
                title=SECRET_TITLE, draft="true", index_no="11511325MB-2024-0042"
            ),
        },
        mkdocs_extra=f"copyright: 最近更新：{SECRET_TITLE}\n",
    )
    result = build(portal_dir)
    assert result.returncode == 1
    lines = [line for line in findings(result.stderr) if "link-to-unpublished" in line]
    assert lines and all("content/news/secret.md" in line and "标题" in line for line in lines), result.stderr
    assert not (portal_dir / "site").exists()


def test_a_title_that_published_text_also_holds_is_no_leak(portal_dir: Path) -> None:
    # A draft that a published item cites by title: the citation is published on purpose.
    make_portal(
        portal_dir,
        {
            "content/news/a.md": item_md(title="公开的条目", body=f"参见《{SECRET_TITLE}》。\n"),
            "content/news/secret.md": item_md(title=SECRET_TITLE, draft="true"),
        },
    )
    result = build(portal_dir)
    assert result.returncode == 0, result.stderr


def test_a_leftover_page_of_an_unpublished_item_fails_a_dirty_build(portal_dir: Path) -> None:
    make_portal(
        portal_dir,
        {
            "content/news/a.md": item_md(title="公开的条目"),
            "content/news/secret.md": item_md(title=SECRET_TITLE, draft="true"),
        },
    )
    assert build(portal_dir).returncode == 0
    # Left by an older build or copied in by hand: --dirty builds into the site as it is.
    leftover = portal_dir / "site/news/secret/index.html"
    leftover.parent.mkdir(parents=True)
    leftover.write_text(f"<html><body><h1>{SECRET_TITLE}</h1></body></html>", "utf-8")
    result = build(portal_dir, False, "--dirty")
    assert result.returncode == 1
    lines = findings(result.stderr)
    assert any("content/news/secret.md:1: error link-to-unpublished" in line for line in lines), lines


def test_numbers_an_item_allows_pass_on_listings_and_feeds(portal_dir: Path) -> None:
    make_portal(
        portal_dir,
        {
            "content/news/a.md": item_md(
                title=f"便民热线{MOBILE}开通", summary=f"热线 {MOBILE}", pii_allow=[MOBILE]
            ),
        },
    )
    result = build(portal_dir)
    assert result.returncode == 0, result.stderr
    assert MOBILE in (portal_dir / "site/news/index.html").read_text("utf-8")


def test_a_preview_that_fails_the_gate_keeps_serving_the_last_good_site(tmp_path: Path) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    root = make_portal(tmp_path / "portal", {"content/news/a.md": item_md(title="公开的条目")})
    site = tmp_path / "served"

    def preview() -> None:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="serve", dirty=False)
        mkdocs_build(config, dirty=False)
        thread = config.plugins["opengov"].build.search_thread  # the preview's background index
        if thread is not None:
            thread.join(timeout=120)
            assert not thread.is_alive()
        config.plugins.on_shutdown()

    preview()
    before = snapshot(site)
    assert "news/a/index.html" in before
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as handle:
        handle.write(f"copyright: 值班手机 {MOBILE}\n")
    preview()
    assert snapshot(site) == before


def test_two_processes_find_what_one_finds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    for n in range(40):
        (site / f"p{n}").mkdir(parents=True)
        number = {7: MOBILE, 30: "13800138000"}.get(n, "12345")
        (site / f"p{n}/index.html").write_text(f"<p>共用的导航</p>\n<p>号码 {number}</p>\n", "utf-8")
    one = run_gate(_plan(), site, tmp_path)
    monkeypatch.setattr("opengov.core.outputgate.PARALLEL_FROM", 10)
    two = run_gate(_plan(), site, tmp_path, parallel=True)
    assert [(f.path, f.code) for f in two] == [(f.path, f.code) for f in one]
    assert [f.path for f in one] == ["p30/index.html", "p7/index.html"]
