"""站内搜索 (issue 5): a small real portal, built, served on 127.0.0.1, searched in Chromium.

The portal is the contract's smallest one (CONTRACT §6: no search option at all), so
these tests also show search works with no configuration. The browser is Debian's
Chromium driven by Playwright; any request to a host other than 127.0.0.1 fails the
test. Screenshots go to /tmp/shots/.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from conftest import LocalTab, build
from factories import cjk_pdf, item_md, make_portal, xlsx_file

from opengov.browser import serve
from opengov.search.indexer import IndexStats, index_site
from opengov.search.pagefind import SearchIndexError, find_binary
from opengov.search.shards import SHARD_ENV

playwright_api = pytest.importorskip("playwright.sync_api")

SHOTS = Path("/tmp/shots")

CATALOG = """\
organization:
  name: 示例县人民政府
  code: 11511325MB12345622
columns:
  - id: fiscal
    title: 财政信息
    children:
      - id: budget
        title: 预决算
  - id: assistance
    title: 社会救助
  - id: land
    title: 征地信息
departments:
  - id: czj
    name: 县财政局
  - id: mzj
    name: 县民政局
  - id: zrj
    name: 县自然资源局
"""

# Words that must never reach the index: each sits only in an unpublished item.
WITHHELD_WORD, DRAFT_WORD, FUTURE_WORD = "ZQXJVWITHHELD", "QWXZKDRAFT", "FUTUREXYZWORD"
DRAFT_ATTACHMENT_WORD = "QXZDRAFTFILE"
# Only inside attachments: a phrase in a PDF, a number in a workbook.
PDF_PHRASE, XLSX_NUMBER = "敬老院消防改造工程", "4719263"
SECRET_CHINESE = "绝密救助对象名单"

ITEMS = {
    # 低保 only in the body (the title says 救助标准), and no other word in this item starts
    # with 保 (another item has 保障): Pagefind's own browser segmentation, 低 + 保, misses it.
    "content/assistance/2024/aid-standard.md": item_md(
        title="关于调整城乡困难群众救助标准的通知",
        date="2024-03-01",
        category="assistance",
        publisher="mzj",
        doc_number="示民发〔2024〕3号",
        validity="effective",
        attachments=[{"path": "care-homes.pdf", "title": "敬老院改造项目清单"}],
        body=(
            "经县人民政府同意，自2024年4月1日起，城市低保每人每月提高到780元，"
            "农村低保每人每年提高到6000元。殡葬补贴按规定发放，所需资金由县财政安排。\n"
        ),
    ),
    # 三公经费 and 特困供养金 only in table cells; an amount with separators; the words of
    # 示民发〔2024〕3号 (2024, 3, 号) apart, not as that 文号.
    "content/budget/2024/dept-budget.md": item_md(
        title="2024年县级部门预算公开",
        date="2024-01-20",
        category="budget",
        publisher="czj",
        validity="effective",
        attachments=["budget-table.xlsx"],
        body=(
            "本年度部门预算安排如下，资金全部纳入预算管理。按示财发〔2024〕1号文件，分3批下达。"
            "政府采购预算3,865,000.00元。\n\n"
            "| 项目 | 金额（万元） |\n|---|---:|\n| 基本支出 | 3200 |\n| 三公经费 | 120 |\n| 项目支出 | 860 |\n"
            "| 特困供养金 | 45 |\n"
        ),
    ),
    # A mixed Latin/Chinese term in the body.
    "content/fiscal/2023/ppp.md": item_md(
        title="关于政府和社会资本合作论证情况的公告",
        date="2023-06-01",
        category="fiscal",
        publisher="czj",
        validity="repealed",
        body="本县PPP项目均已完成财政承受能力论证，相关资金按合同约定支付。\n",
    ),
    "content/land/2025/compensation.md": item_md(
        title="东关镇集体土地征收公告",
        date="2025-05-10",
        category="land",
        publisher="zrj",
        # 保障 here makes 保 a known word: a query cut into 低 + 保 would then miss 低保.
        body="征地补偿安置方案已经批准，补偿资金已足额存入专户，被征地农民社会保障费用已落实。\n",
    ),
    # Unpublished: withheld, draft, scheduled for a later date.
    "content/assistance/2024/withheld.md": item_md(
        title="困难群众名单",
        date="2024-02-01",
        category="assistance",
        publisher="mzj",
        disclosure="withheld",
        body=f"{WITHHELD_WORD} {SECRET_CHINESE}，资金发放明细。\n",
    ),
    "content/fiscal/2024/draft.md": item_md(
        title="草稿：财政资金分配方案",
        date="2024-02-02",
        category="fiscal",
        publisher="czj",
        draft="true",
        attachments=["draft-list.csv"],
        body=f"{DRAFT_WORD} 资金分配。\n",
    ),
    "content/assistance/2024/care-homes.pdf": cjk_pdf(["县民政局", f"{PDF_PHRASE}资金安排表"]),
    "content/budget/2024/budget-table.xlsx": xlsx_file(
        [["项目", "金额（元）"], ["设备购置", int(XLSX_NUMBER)]]
    ),
    "content/fiscal/2024/draft-list.csv": f"名单,{DRAFT_ATTACHMENT_WORD}\n",
    "content/fiscal/2099/future.md": item_md(
        title="远期预算",
        date="2099-01-01",
        category="fiscal",
        publisher="czj",
        body=f"{FUTURE_WORD} 资金。\n",
    ),
    # An ordinary page.
    "docs/guide.md": "# 政府信息公开指南\n\n申请人可以通过信函、网络等方式提出政府信息公开申请。资金使用情况依法公开。\n",
}

ITEM_URLS = {
    "/assistance/2024/aid-standard/",
    "/budget/2024/dept-budget/",
    "/fiscal/2023/ppp/",
    "/land/2025/compensation/",
}
PAGE_URLS = {"/guide/"}


# --------------------------------------------------------------------------- fixtures


# Every test of the index and in the browser runs twice: on the portal indexed as one
# bundle, and indexed in three shards (a shard size of 2 for its 5 pages), merged in the
# browser; the results must be the same.
SHARDED = {"one": None, "sharded": "2"}


@pytest.fixture(scope="module", params=list(SHARDED))
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_portal(tmp_path_factory.mktemp("search") / "portal", ITEMS, catalog=CATALOG)
    env = {SHARD_ENV: SHARDED[request.param]} if SHARDED[request.param] else {}
    with pytest.MonkeyPatch.context() as patch:  # the build's environment, for this build only
        if env:
            patch.setenv(SHARD_ENV, env[SHARD_ENV])
        else:
            patch.delenv(SHARD_ENV, raising=False)
        result = build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "站内搜索索引已建立" in result.stderr
    shards = json.loads((root / "site" / "pagefind" / "shards.json").read_text(encoding="utf-8"))["shards"]
    assert len(shards) == (3 if env else 1)
    return root / "site"


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    httpd, base = serve(site)
    yield base
    httpd.shutdown()
    httpd.server_close()


class Page(LocalTab):
    """A tab on the search page."""

    def goto(self, path: str) -> None:
        self.page.goto(self.base + path)

    def search(self, query: str, extra: str = "") -> list[str]:
        self.goto("/search/?q=" + quote(query) + extra)
        return self.results()

    def wait_done(self) -> str:
        self.page.wait_for_function(
            "() => /^(找到|没有找到)/.test(document.getElementById('og-search-status').textContent)",
            timeout=20000,
        )
        return self.page.inner_text("#og-search-status")

    def results(self) -> list[str]:
        self.wait_done()
        return self.page.eval_on_selector_all(
            "#og-search-results .og-result__title a", "els => els.map(a => new URL(a.href).pathname)"
        )


@pytest.fixture
def tab(browser: object, server: str) -> Iterator[Page]:
    t = Page(browser, server)
    yield t
    t.close()


@pytest.fixture
def phone(browser: object, server: str) -> Iterator[Page]:
    t = Page(browser, server, width=390, height=844)
    yield t
    t.close()


def pagefind_files(site: Path) -> dict[str, bytes]:
    """The search bundle, its gzip streams decompressed."""
    out = {}
    for path in sorted((site / "pagefind").rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            out[path.relative_to(site).as_posix()] = data
    return out


def indexed_urls(site: Path) -> set[str]:
    urls = set()
    for name, data in pagefind_files(site).items():
        if name.endswith(".pf_fragment"):
            assert data.startswith(b"pagefind_dcd")
            urls.add(json.loads(data[len(b"pagefind_dcd") :])["url"])
    return urls


# --------------------------------------------------------------------------- the index


def test_only_item_pages_and_ordinary_pages_are_indexed(site: Path) -> None:
    # Not the home page, listings, departments, the catalogue or the search page.
    assert indexed_urls(site) == ITEM_URLS | PAGE_URLS


def test_index_holds_no_chrome(site: Path) -> None:
    fragments = b"".join(d for n, d in pagefind_files(site).items() if n.endswith(".pf_fragment"))
    text = fragments.decode("utf-8").replace("\u200b", "")
    for chrome in ("相关文件", "信息属性", "发布机构", "订阅 RSS", "首页", "Material for MkDocs"):
        assert chrome not in text, chrome


def test_unpublished_words_are_in_no_pagefind_file(site: Path) -> None:
    files = pagefind_files(site)
    assert files
    for word in (
        WITHHELD_WORD,
        DRAFT_WORD,
        FUTURE_WORD,
        DRAFT_ATTACHMENT_WORD,
        SECRET_CHINESE,
        "绝密",
        "远期预算",
        "草稿",
    ):
        for form in {word.encode(), word.lower().encode()}:
            hits = [name for name, data in files.items() if form in data.lower()]
            assert not hits, (word, hits)


def test_item_facets_include_parent_columns(site: Path) -> None:
    fragments = {}
    for name, data in pagefind_files(site).items():
        if name.endswith(".pf_fragment"):
            record = json.loads(data[len(b"pagefind_dcd") :])
            fragments[record["url"]] = record
    budget = fragments["/budget/2024/dept-budget/"]
    assert sorted(budget["filters"]["column"]) == ["budget", "fiscal"]
    assert budget["filters"]["publisher"] == ["czj"]
    assert budget["filters"]["year"] == ["2024"]
    assert budget["meta"]["date"] == "2024-01-20"
    aid = fragments["/assistance/2024/aid-standard/"]
    assert aid["meta"]["doc_number"] == "示民发〔2024〕3号"
    assert aid["meta"]["publisher"] == "县民政局"
    assert aid["filters"]["validity"] == ["effective"]
    assert fragments["/guide/"]["filters"] == {}


def test_index_site_replaces_the_bundle(site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    (copy / "pagefind" / "stale.pf_fragment").write_bytes(b"old")
    lines: list[str] = []
    stats = index_site(copy, progress=lines.append)
    assert isinstance(stats, IndexStats)
    assert stats.extended
    assert stats.pages == len(ITEM_URLS | PAGE_URLS)
    assert stats.words > 0 and stats.bytes > 0
    assert not (copy / "pagefind" / "stale.pf_fragment").exists()
    assert not (copy / "pagefind" / "pagefind-ui.js").exists()
    assert any("Indexed" in line for line in lines)
    # Elsewhere, e.g. to be renamed into place after the site is swapped in.
    before = sorted(p.name for p in (copy / "pagefind").rglob("*"))
    other = index_site(copy, output_dir=tmp_path / "bundle")
    assert other.pages == stats.pages
    assert (tmp_path / "bundle" / "pagefind.js").is_file()
    assert sorted(p.name for p in (copy / "pagefind").rglob("*")) == before


def _manifest(site: Path) -> list[dict]:
    return json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))["shards"]


def _shard_urls(bundle: Path) -> set[str]:
    urls = set()
    for path in (bundle / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        urls.add(json.loads(data[len(b"pagefind_dcd") :])["url"])
    return urls


def test_shards_hold_pages_by_date_newest_first(site: Path) -> None:
    shards = _manifest(site)
    bundles = [site / "pagefind" / s["path"] for s in shards]
    by_shard = [_shard_urls(b) for b in bundles]
    assert sum(len(u) for u in by_shard) == len(set().union(*by_shard)) == len(ITEM_URLS | PAGE_URLS)
    assert [s["pages"] for s in shards] == [len(u) for u in by_shard]
    if len(shards) == 1:
        assert shards[0]["path"] == ""
        return
    # Newest first, so a date sort reads the shards in order; the undated page last.
    assert by_shard == [
        {"/land/2025/compensation/", "/assistance/2024/aid-standard/"},
        {"/budget/2024/dept-budget/"},
        {"/fiscal/2023/ppp/", "/guide/"},
    ]
    assert [s["path"] for s in shards] == ["", "shard-1/", "shard-2/"]
    assert all(s["sorts"] == ["date"] for s in shards)
    # An extra shard holds its index only: the browser runs the main bundle's script and WASM.
    for bundle in bundles[1:]:
        names = {p.name for p in bundle.iterdir()}
        assert {"pagefind-entry.json", "index", "fragment"} <= names
        assert not any(n.endswith((".js", ".css")) or n.startswith("wasm.") for n in names), names


def test_plan_shards_by_pages_and_estimated_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    from opengov.search.shards import SHARD_MEMORY, SHARD_PAGES, Page, plan_shards, shard_size

    def pages(n: int, body: int, undated: int = 0) -> list[Page]:
        dated = [Page(f"d{i:05}/index.html", {"date": f"2024-{1 + i % 12:02}-01"}, body) for i in range(n)]
        return dated + [Page(f"u{i}/index.html", {}, body) for i in range(undated)]

    def rels(shards: list) -> list[list[str]]:
        return [[p.rel for p in s.pages] for s in shards]

    assert shard_size() == SHARD_PAGES
    monkeypatch.setenv(SHARD_ENV, "0")
    assert shard_size() is None and len(plan_shards(pages(5000, 6000), None)) == 1
    monkeypatch.setenv(SHARD_ENV, "7")
    assert shard_size() == 7
    # Ordinary pages: about 1,500 a shard, the memory estimate deciding; newest first.
    shards = plan_shards(pages(4000, 6000, undated=3), SHARD_PAGES)
    assert sorted(len(s.pages) for s in shards) == [1334, 1334, 1335]
    assert all(sum(p.cost for p in s.pages) <= SHARD_MEMORY for s in shards)
    dates = [p.partition_value or "" for s in shards for p in s.pages]
    assert dates[:-3] == sorted(dates[:-3], reverse=True) and dates[-3:] == ["", "", ""]
    # Long pages: fewer a shard. Short ones: at most SHARD_PAGES.
    long = plan_shards(pages(1000, 75_000), SHARD_PAGES)
    assert len(long) == 5 and all(sum(p.cost for p in s.pages) <= SHARD_MEMORY * 1.01 for s in long)
    assert sorted(len(s.pages) for s in plan_shards(pages(4100, 0), SHARD_PAGES)) == [1366, 1367, 1367]
    assert len(plan_shards(pages(1400, 6000), SHARD_PAGES)) == 1
    # The tiny portal of these tests with a shard size of 2.
    five = [Page("a", {"date": "2025"}), Page("b", {"date": "2024-03"}), Page("g", {})]
    five += [Page("c", {"date": "2024-01"}), Page("d", {"date": "2023"})]
    assert rels(plan_shards(five, 2)) == [["a", "b"], ["c"], ["d", "g"]]


def _listing(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_index_site_in_shards_replaces_the_bundle_only_when_all_succeed(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    stale = copy / "pagefind" / "shard-7"
    stale.mkdir()
    (stale / "pagefind-entry.json").write_text("{}")
    monkeypatch.setenv(SHARD_ENV, "2")
    lines: list[str] = []
    stats = index_site(copy, progress=lines.append)
    assert stats.shards == 3
    assert stats.pages == len(ITEM_URLS | PAGE_URLS)
    assert len(stats.shard_rss_mb) == 3 and stats.peak_rss_mb == max(stats.shard_rss_mb) > 0
    assert any(line.startswith("[3/3] ") and "Indexed" in line for line in lines)
    assert not stale.exists()
    assert [s["path"] for s in _manifest(copy)] == ["", "shard-1/", "shard-2/"]
    assert indexed_urls(copy) == ITEM_URLS | PAGE_URLS
    before = _listing(copy / "pagefind")

    def leftovers() -> list[str]:
        return [p.name for folder in (copy, tmp_path) for p in folder.iterdir() if "opengov-search" in p.name]

    assert not leftovers()
    # The third shard fails: the bundle in place is the previous one, untouched.
    real = find_binary()[0]
    flaky = tmp_path / "pagefind_extended_flaky"
    flaky.write_text(f'#!/bin/sh\ncase "$*" in *shard-2*) echo boom; exit 3;; esac\nexec "{real}" "$@"\n')
    flaky.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(flaky))
    with pytest.raises(SearchIndexError, match="3/3") as failed:
        index_site(copy)
    assert "boom" in str(failed.value)
    assert _listing(copy / "pagefind") == before
    assert not leftovers()
    # Few enough pages for one shard: one bundle, the extra shards gone.
    monkeypatch.delenv(SHARD_ENV)
    monkeypatch.delenv("PAGEFIND_BINARY_PATH")
    assert index_site(copy).shards == 1
    assert not (copy / "pagefind" / "shard-1").exists()
    assert [s["path"] for s in _manifest(copy)] == [""]


def test_search_off_builds_no_index(tmp_path: Path) -> None:
    root = make_portal(tmp_path / "portal", {}, catalog=CATALOG, plugin_options={"search": False})
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert not (root / "site" / "pagefind").exists()
    html = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert "og-hsearch" not in html and "search/page.js" not in html


# --------------------------------------------------------------------------- in the browser


def test_word_only_in_body(tab: Page) -> None:
    assert tab.search("殡葬补贴") == ["/assistance/2024/aid-standard/"]


def test_two_character_word(tab: Page) -> None:
    assert tab.search("低保") == ["/assistance/2024/aid-standard/"]
    marks = tab.page.eval_on_selector_all("#og-search-results mark", "els => els.map(e => e.textContent)")
    assert "低保" in marks


def test_longer_phrase_built_from_words(tab: Page) -> None:
    assert tab.search("城市低保") == ["/assistance/2024/aid-standard/"]
    assert tab.search("农村低保 殡葬") == ["/assistance/2024/aid-standard/"]


def test_word_in_a_table_cell(tab: Page) -> None:
    assert tab.search("三公经费") == ["/budget/2024/dept-budget/"]
    # Pagefind joins cells with an English ". "; the excerpt shows a Chinese separator instead.
    excerpt = tab.page.inner_text(".og-result__excerpt")
    assert "三公经费" in excerpt and not re.search(r"[\u4e00-\u9fff0-9]\. ", excerpt), excerpt


def test_mixed_latin_and_chinese_term(tab: Page) -> None:
    assert tab.search("PPP项目") == ["/fiscal/2023/ppp/"]
    assert tab.search("ppp") == ["/fiscal/2023/ppp/"]


def test_result_shows_title_date_publisher_doc_number_excerpt(tab: Page) -> None:
    tab.search("低保")
    first = tab.page.locator("#og-search-results li").first
    assert first.locator(".og-result__title").inner_text() == "关于调整城乡困难群众救助标准的通知"
    assert first.locator("time").inner_text() == "2024-03-01"
    assert first.locator(".og-result__publisher").inner_text() == "县民政局"
    assert first.locator(".og-result__docno").inner_text() == "示民发〔2024〕3号"
    excerpt = first.locator(".og-result__excerpt").inner_text()
    assert "低保" in excerpt


def test_doc_number_search(tab: Page) -> None:
    assert tab.search("示民发〔2024〕3号")[:1] == ["/assistance/2024/aid-standard/"]
    # The budget page has 2024, 3 and 号 too, apart: the 文号 as typed comes first.
    assert tab.search("〔2024〕3号") == ["/assistance/2024/aid-standard/", "/budget/2024/dept-budget/"]


def test_text_copied_from_a_page(tab: Page) -> None:
    # The index has 按规定 as one word; the browser cuts 按 | 规定 | 发放.
    assert tab.search("按规定发放") == ["/assistance/2024/aid-standard/"]


def test_amounts_as_written(tab: Page) -> None:
    # Indexed as 3 865 000 00: the query is cut the same way.
    for amount in ("3,865,000.00", "¥3,865,000.00", "3,865,000"):
        assert tab.search(amount) == ["/budget/2024/dept-budget/"], amount
    assert tab.search("3865000") == []


def test_words_of_a_table_cell_written_together(browser: object, server: str) -> None:
    # Without a Chinese dictionary in the browser (headless Chromium here) 特困供养金 comes as
    # five characters: the index's own words (特困 供养 金) find the cell.
    t = Page(browser, server)
    try:
        assert t.search("特困供养金") == ["/budget/2024/dept-budget/"]
        t.context.add_init_script("delete Intl.Segmenter;")
        assert t.search("特困供养金") == ["/budget/2024/dept-budget/"]
    finally:
        t.close()


def test_facet_narrows_results_and_parents_match(tab: Page) -> None:
    everything = set(tab.search("资金"))
    assert everything == ITEM_URLS | PAGE_URLS
    # 财政信息 includes its child 预决算.
    tab.page.select_option("select[name=column]", "fiscal")
    fiscal = set(tab.results())
    assert fiscal == {"/budget/2024/dept-budget/", "/fiscal/2023/ppp/"}
    assert "column=fiscal" in tab.page.url
    # With a filter on, each value shows how many results it would give.
    tab.page.wait_for_function(
        "() => /社会救助（1）/.test(document.querySelector('select[name=column] option[value=assistance]').textContent)"
    )
    assert "（2）" in tab.page.inner_text("select[name=column] option[value=fiscal]")
    tab.page.select_option("select[name=publisher]", "czj")
    assert set(tab.results()) == fiscal
    tab.page.select_option("select[name=year]", "2024")
    assert tab.results() == ["/budget/2024/dept-budget/"]
    tab.page.click("#og-search-reset")
    tab.page.wait_for_function("() => !location.search.includes('column=')")
    assert set(tab.results()) == everything


def test_validity_facet_and_badge(tab: Page) -> None:
    assert tab.search("资金", "&validity=repealed") == ["/fiscal/2023/ppp/"]
    assert tab.page.locator("#og-search-results .og-badge").inner_text() == "废止"


def test_deep_link(tab: Page) -> None:
    assert tab.search("资金", "&column=assistance") == ["/assistance/2024/aid-standard/"]
    assert tab.page.input_value("#og-search-q") == "资金"
    assert tab.page.input_value("select[name=column]") == "assistance"
    assert "社会救助" in tab.wait_done()


def test_sort_by_date(tab: Page) -> None:
    newest = [
        "/land/2025/compensation/",
        "/assistance/2024/aid-standard/",
        "/budget/2024/dept-budget/",
        "/fiscal/2023/ppp/",
    ]
    # Ordinary pages have no date: sorting by date lists the items only.
    assert tab.search("资金", "&sort=date-desc") == newest
    assert tab.search("资金", "&sort=date-asc") == list(reversed(newest))


def test_words_known_to_some_shards_only(tab: Page) -> None:
    # 资金 is on every page, 殡葬 on one: every word is required, in whichever shard.
    assert tab.search("资金 殡葬") == ["/assistance/2024/aid-standard/"]
    # 120 is a word of the budget page only; the page of 低保 has the word 1 (4月1日). One
    # index matches words starting with 120 where there are any (here: 120 itself): never 1.
    assert tab.search("120") == ["/budget/2024/dept-budget/"]
    # Pagefind would take 1200 for the longest word it starts with (120); a number is not a
    # shorter number, so nothing is found, by one index and by shards alike.
    assert tab.search("1200") == []


def test_unpublished_words_are_not_found(tab: Page) -> None:
    for word in (WITHHELD_WORD, DRAFT_WORD, FUTURE_WORD, "绝密", "远期"):
        assert tab.search(word) == [], word
    # A query word the site does not have finds nothing, even beside words it has.
    assert tab.search(SECRET_CHINESE) == []


def test_attachment_text_is_indexed_with_its_item_and_the_site_is_unchanged(site: Path) -> None:
    fragments = [
        json.loads(d[len(b"pagefind_dcd") :])
        for n, d in pagefind_files(site).items()
        if n.endswith(".pf_fragment")
    ]
    aid = next(f for f in fragments if f["url"] == "/assistance/2024/aid-standard/")
    assert PDF_PHRASE in aid["content"].replace("\u200b", "")
    assert aid["meta"]["og_att_1"] == "/assistance/2024/care-homes.pdf"
    assert any(a["id"] == "og-att-1" and a["text"] == "附件：敬老院改造项目清单" for a in aid["anchors"])
    # The published page is the one the template wrote: the text goes to the index only.
    page = (site / "assistance/2024/aid-standard/index.html").read_text(encoding="utf-8")
    assert PDF_PHRASE not in page and "og-att-1" not in page


def test_phrase_only_in_a_pdf_attachment_finds_the_item(tab: Page) -> None:
    assert tab.search(PDF_PHRASE) == ["/assistance/2024/aid-standard/"]
    files = tab.page.eval_on_selector_all(
        "#og-search-results .og-result__files a",
        "els => els.map(a => [a.textContent, new URL(a.href).pathname])",
    )
    assert files == [["敬老院改造项目清单", "/assistance/2024/care-homes.pdf"]]
    assert "见附件" in tab.page.inner_text("#og-search-results .og-result__files")
    assert PDF_PHRASE in tab.page.inner_text("#og-search-results .og-result__excerpt")
    # The link leads to the file the site publishes.
    response = tab.page.request.get(tab.base + "/assistance/2024/care-homes.pdf")
    assert response.ok and response.body().startswith(b"%PDF")


def test_number_only_in_a_workbook_finds_the_item(tab: Page) -> None:
    assert tab.search(XLSX_NUMBER) == ["/budget/2024/dept-budget/"]
    names = tab.page.eval_on_selector_all(
        "#og-search-results .og-result__files a", "els => els.map(a => a.textContent)"
    )
    assert names == ["budget-table.xlsx"]
    # A word of the item's own text names no attachment.
    assert tab.search("三公经费") == ["/budget/2024/dept-budget/"]
    assert tab.page.query_selector("#og-search-results .og-result__files") is None


def test_attachments_of_unpublished_items_are_not_found(tab: Page) -> None:
    assert tab.search(DRAFT_ATTACHMENT_WORD) == []


def test_words_not_on_the_site_find_nothing(tab: Page) -> None:
    # Pagefind alone would match the longest indexed word a query word starts with (元旦 -> 元).
    assert tab.search("资金链") == []
    assert tab.search("低碳") == []
    assert tab.search("资金 宇宙飞船") == []
    assert tab.search("资金 殡葬") == ["/assistance/2024/aid-standard/"]
    assert tab.wait_done().startswith("找到 1 条")


def test_empty_result_suggests_what_to_try(tab: Page) -> None:
    assert tab.search("宇宙飞船") == []
    empty = tab.page.locator("#og-search-empty")
    assert empty.is_visible()
    text = empty.inner_text()
    assert "没有找到" in text and "试试" in text and "政府信息公开目录" in text
    # With filters on, it offers to clear them.
    assert tab.search("低保", "&column=land") == []
    tab.page.click("#og-search-empty-clear")
    assert tab.results() == ["/assistance/2024/aid-standard/"]


def test_header_control_on_every_page(tab: Page, site: Path) -> None:
    for path in ("/", "/guide/", "/fiscal/", "/assistance/2024/aid-standard/", "/catalog/", "/departments/"):
        tab.goto(path)
        assert tab.page.locator("form.og-hsearch input[name=q]").is_visible(), path


def test_keyboard_only(tab: Page) -> None:
    tab.goto("/assistance/2024/aid-standard/")
    tab.page.keyboard.press("/")
    assert tab.page.evaluate("document.activeElement.id") == "og-hsearch-q"
    tab.page.keyboard.type("三公经费")
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url("**/search/?q=*")
    assert tab.results() == ["/budget/2024/dept-budget/"]
    for _ in range(40):
        tab.page.keyboard.press("Tab")
        if tab.page.evaluate("!!document.activeElement.closest('#og-search-results')"):
            break
    else:
        pytest.fail("Tab never reached the results")
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url("**/budget/2024/dept-budget/")


def test_screenshots_desktop_and_phone(browser: object, server: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    desktop = Page(browser, server, 1280, 900)
    try:
        desktop.search("资金", "&column=fiscal")
        desktop.page.screenshot(path=str(SHOTS / "search-desktop-1280.png"), full_page=True)
        desktop.goto("/assistance/2024/aid-standard/")
        desktop.page.screenshot(path=str(SHOTS / "item-desktop-1280.png"))
    finally:
        desktop.close()


def test_phone_layout(phone: Page) -> None:
    phone.goto("/assistance/2024/aid-standard/")
    # On a phone the header shows an icon button that leads to the search page.
    link = phone.page.locator("a.og-hsearch__link")
    assert link.is_visible()
    assert not phone.page.locator("form.og-hsearch").is_visible()
    link.click()
    phone.page.wait_for_url("**/search/")
    assert phone.page.evaluate("document.activeElement.id") == "og-search-q"
    phone.page.keyboard.type("资金")
    phone.page.keyboard.press("Enter")
    assert len(phone.results()) == len(ITEM_URLS | PAGE_URLS)
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"horizontal scroll: {width}px"
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone.page.screenshot(path=str(SHOTS / "search-phone-390.png"), full_page=True)
    phone.search("低保")
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 390
    phone.page.screenshot(path=str(SHOTS / "search-phone-390-dibao.png"), full_page=True)


def test_without_intl_segmenter(browser: object, server: str) -> None:
    # Browsers without Intl.Segmenter (Firefox before 125) still find Chinese words.
    t = Page(browser, server)
    try:
        t.context.add_init_script("delete Intl.Segmenter;")
        assert t.search("低保") == ["/assistance/2024/aid-standard/"]
        assert t.search("三公经费") == ["/budget/2024/dept-budget/"]
        assert t.search("征地补偿") == ["/land/2025/compensation/"]
    finally:
        t.close()


def test_search_works_under_mkdocs_serve(browser: object, tmp_path: Path) -> None:
    root = make_portal(tmp_path / "portal", ITEMS, catalog=CATALOG)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, NO_COLOR="1", PYTHONUTF8="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(base + "/pagefind/pagefind.js", timeout=5) as response:
                    assert response.status == 200
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail("mkdocs serve did not serve the search index")
                time.sleep(0.5)
        t = Page(browser, base)
        try:
            assert t.search("低保") == ["/assistance/2024/aid-standard/"]
        finally:
            t.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_filters_alone_point_to_the_catalogue_without_loading_the_index(tab: Page) -> None:
    """A deep link with filters but no words: Pagefind would fetch its whole word index."""
    requested: list[str] = []
    tab.page.on("request", lambda request: requested.append(request.url))
    tab.goto("/search/?column=fiscal&year=2024")
    tab.page.wait_for_function(
        "() => document.querySelector('#og-search-status a[href*=\"catalog/\"]') !== null", timeout=20000
    )
    href = tab.page.get_attribute("#og-search-status a", "href")
    assert href is not None and "catalog/?" in href and "column=fiscal" in href and "year=2024" in href
    assert not [url for url in requested if ".pf_index" in url or "/index/" in urlsplit(url).path]
    tab.page.click("#og-search-status a")
    tab.page.wait_for_url("**/catalog/**")
    tab.page.wait_for_function("() => !document.getElementById('og-catalog-filter').hidden", timeout=20000)
    assert tab.page.input_value("select[name=column]") == "fiscal"
