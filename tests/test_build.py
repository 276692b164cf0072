"""End-to-end builds of real portals (CONTRACT §1, §3, §6): what the built site holds, and where.

One shared portal (``main``) is built once through ``python -m mkdocs build``
with the contract's smallest ``mkdocs.yml``; a second one (``paged``) with
``page_size: 2`` through MkDocs' Python API. Tests only read them.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import lxml.html
import pytest
from conftest import build, build_inprocess, grep_site, site_files
from factories import MKDOCS_YML, SITE_URL, item_md, make_portal

# --------------------------------------------------------------------------- the main portal

CSV_BYTES = "项目,金额\n办公经费,1200\n".encode()
PDF_BYTES = b"%PDF-1.4\n% opengov test attachment\n"

# Unique strings of the unpublished items: none may appear anywhere in site/.
SECRETS = {
    "onreq": "MARKER-ONREQ-q7x3",
    "withheld": "MARKER-WITHHELD-k2p9",
    "draft": "MARKER-DRAFT-m5v1",
    "draftcn": "MARKER-DRAFTCN-r8d4",
    "future": "MARKER-FUTURE-z6w0",
}

CRLF_ITEM = item_md(
    "换行符为CRLF的通知",
    "2024-04-15",
    "news",
    index_no="11511325MB12345622/2024-00020",
    doc_number="县府发〔2024〕3号",
    body="第一段。\n\n第二段。\n",
)

MAIN_FILES: dict[str, str | bytes] = {
    # English keys, every metadata field, attachments (plain and {path, title}), links.
    "content/fiscal/2017/budget-q2.md": item_md(
        "2017年第二季度财政预算执行情况",
        "2017年7月27日",
        "budget",
        written="2017-7-20",
        doc_number="西财发〔2017〕12号",
        index_no="11511325MB0000019N/2017-00001",
        validity="effective",
        topics=["财政", "预算"],
        attachments=["q2.csv", {"path": "docs/explain.pdf", "title": "编制说明", "reviewed": True}],
        body="详见[支出明细](q2.csv)与[今年要闻](../../news/2024/meeting.md)。\n",
    ),
    "content/fiscal/2017/q2.csv": CSV_BYTES,
    "content/fiscal/2017/docs/explain.pdf": PDF_BYTES,
    "content/fiscal/2017/unreferenced.csv": "从未被引用的文件UNREF-FILE-c4\n",
    # Chinese keys and Chinese enumeration values; publisher by its exact name.
    "content/policy/2024/old-rule.md": item_md(
        None,
        None,
        None,
        None,
        body="旧办法正文。\n",
        **{
            "标题": "县级资金管理暂行办法",
            "发布日期": "2024-03-01 10:00",
            "栏目": "policy",
            "发布机构": "县政府办公室",
            "公开方式": "主动公开",
            "有效性": "废止",
            "废止日期": "2024年6月1日",
            "文件类型": "行政规范性文件",
            "替代文件": "policy/2024/new-rule.md",
            "草稿": "否",
            "索引号": "11511325MB12345622/2024-00001",
            "文号": "县府办发〔2024〕1号",
        },
    ),
    "content/policy/2024/new-rule.md": item_md(
        "县级资金管理办法",
        "2024-06-01T10:00:00+08:00",
        "policy",
        "zfb",
        doc_type="normative",
        validity="effective",
        index_no="11511325MB12345622/2024-00002",
        draft="false",
        body="新办法正文。\n",
    ),
    "content/policy/2024/new-rule-jd.md": item_md(
        "新办法的政策解读",
        "2024-06-02",
        "policy",
        "zfb",
        interprets="policy/2024/new-rule.md",
        index_no="11511325MB12345622/2024-00003",
        body="解读正文。\n",
    ),
    # An offset that moves the Beijing date: 20:00 at -05:00 is 09:00 next day in Beijing.
    "content/news/2024/offset.md": item_md(
        "时区偏移的会议通知", "2024-06-30T20:00:00-05:00", "news", index_no="11511325MB12345622/2024-00010"
    ),
    "content/news/2024/meeting.md": item_md(
        "县政府常务会议", "2024-05-20", "news", "zfb", index_no="11511325MB12345622/2024-00011"
    ),
    "content/news/2017/dash.md": item_md(
        "短横线日期", "2017-7-27", "news", index_no="11511325MB12345622/2017-00002"
    ),
    "content/news/2017/clock.md": item_md(
        "带时刻的日期", "2017-07-27 10:00", "news", index_no="11511325MB12345622/2017-00003"
    ),
    "content/news/2017/seconds.md": item_md(
        "带秒的日期", "2017-07-27 09:30:15", "news", index_no="11511325MB12345622/2017-00004"
    ),
    # Cross-listed in two columns.
    "content/funds/cross.md": item_md(
        "跨栏目的资金公告",
        "2024-05-10",
        ["news", "funds"],
        index_no="11511325MB0000019N/2024-00005",
    ),
    # A renamed item: its former address redirects here.
    "content/news/2024/renamed.md": item_md(
        "改过名的公告",
        "2024-05-05",
        "news",
        index_no="11511325MB12345622/2024-00012",
        aliases=["news/old-name.md"],
    ),
    # BOM and CRLF.
    "content/news/2024/crlf.md": b"\xef\xbb\xbf" + CRLF_ITEM.replace("\n", "\r\n").encode("utf-8"),
    # Titles that YAML 1.1 would read as booleans.
    "content/news/2024/yes-no.md": item_md(
        "no", "2024-01-02", "news", index_no="11511325MB12345622/2024-00013", keywords=["on", "off"]
    ),
    # ---- never published ----
    "content/news/secret/onreq-item.md": item_md(
        f"依申请{SECRETS['onreq']}",
        "2024-05-01",
        "news",
        disclosure="依申请公开",
        index_no="IDX-SECRET-ONREQ-1",
        attachments=["onreq-secret-file.csv"],
        body=f"正文 {SECRETS['onreq']}\n",
    ),
    "content/news/secret/onreq-secret-file.csv": f"a\n{SECRETS['onreq']}\n",
    "content/news/secret/withheld-item.md": item_md(
        f"不予公开{SECRETS['withheld']}",
        "2024-05-01",
        "budget",
        disclosure="withheld",
        body=f"正文 {SECRETS['withheld']} ![图](withheld-secret-image.png)\n",
    ),
    "content/news/secret/withheld-secret-image.png": b"\x89PNG\r\n\x1a\n" + SECRETS["withheld"].encode(),
    "content/news/secret/draft-item.md": item_md(
        f"草稿{SECRETS['draft']}",
        "2024-05-01",
        "funds",
        draft="true",
        attachments=["draft-secret-file.pdf"],
        body=f"正文 {SECRETS['draft']}\n",
    ),
    "content/news/secret/draft-secret-file.pdf": b"%PDF-1.4\n" + SECRETS["draft"].encode(),
    "content/news/secret/draftcn-item.md": item_md(
        f"中文草稿{SECRETS['draftcn']}", "2024-05-01", "policy", **{"草稿": "是"}, body=SECRETS["draftcn"]
    ),
    "content/news/secret/future-item.md": item_md(
        f"未来{SECRETS['future']}",
        "2099-01-01",
        "news",
        "zfb",
        index_no="IDX-SECRET-FUTURE-1",
        body=f"正文 {SECRETS['future']} [数据](future-secret-data.csv)\n",
    ),
    "content/news/secret/future-secret-data.csv": f"x\n{SECRETS['future']}\n",
}
SECRET_PATHS = [
    "secret/onreq-item",
    "secret/withheld-item",
    "secret/draft-item",
    "secret/draftcn-item",
    "secret/future-item",
    "onreq-secret-file",
    "withheld-secret-image",
    "draft-secret-file",
    "future-secret-data",
    "IDX-SECRET",
]

PUBLISHED = {
    "fiscal/2017/budget-q2.md",
    "policy/2024/old-rule.md",
    "policy/2024/new-rule.md",
    "policy/2024/new-rule-jd.md",
    "news/2024/offset.md",
    "news/2024/meeting.md",
    "news/2017/dash.md",
    "news/2017/clock.md",
    "news/2017/seconds.md",
    "funds/cross.md",
    "news/2024/renamed.md",
    "news/2024/crlf.md",
    "news/2024/yes-no.md",
}


@pytest.fixture(scope="module")
def main_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_portal(tmp_path_factory.mktemp("main") / "portal", MAIN_FILES)
    assert (root / "mkdocs.yml").read_text(encoding="utf-8") == MKDOCS_YML
    result = build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def page(site: Path, url: str) -> str:
    """The HTML at a site-relative URL such as ``fiscal/`` (must exist)."""
    target = site / url / "index.html" if url.endswith("/") or not url else site / url
    assert target.is_file(), f"/{url} was not built"
    return target.read_text(encoding="utf-8")


def tree(site: Path, url: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(page(site, url))


def main_text(site: Path, url: str) -> str:
    """Text of a page's content area (not the header, nav or footer)."""
    doc = tree(site, url)
    for query in ('//*[contains(concat(" ", @class, " "), " md-content ")]', "//main", "//article"):
        found = doc.xpath(query)
        if found:
            return found[0].text_content()
    return doc.text_content()


def hrefs(site: Path, url: str) -> list[str]:
    return [a.get("href") for a in tree(site, url).iter("a") if a.get("href")]


def resolves_to(site: Path, url: str, href: str, target: str) -> bool:
    """Does ``href`` on the page at ``url`` lead to site-relative ``target``?"""
    from urllib.parse import urljoin

    full = urljoin(SITE_URL + url, href)
    return full.split("#")[0] in (SITE_URL + target, SITE_URL + target + "index.html")


def links_to(site: Path, url: str, target: str) -> bool:
    return any(resolves_to(site, url, h, target) for h in hrefs(site, url))


def order_of(html: str, titles: list[str]) -> list[str]:
    """``titles`` that occur in ``html``, in the order of their first occurrence."""
    present = [t for t in titles if t in html]
    return sorted(present, key=html.index)


# --------------------------------------------------------------------------- addresses


def test_item_url_is_its_path(main_site: Path) -> None:
    assert (main_site / "fiscal/2017/budget-q2/index.html").is_file()
    assert "2017年第二季度财政预算执行情况" in page(main_site, "fiscal/2017/budget-q2/")
    # Moving between columns changes nothing: funds/cross.md lives at its path, not its columns'.
    assert (main_site / "funds/cross/index.html").is_file()
    assert not (main_site / "news/cross").exists()
    for path in PUBLISHED:
        assert (main_site / path[:-3] / "index.html").is_file(), path


def test_column_listing_includes_descendants_each_once(main_site: Path) -> None:
    fiscal = main_text(main_site, "fiscal/")
    assert "2017年第二季度财政预算执行情况" in fiscal  # in child column budget
    assert "跨栏目的资金公告" in fiscal  # in child column funds
    assert fiscal.count("跨栏目的资金公告") == 1
    assert "县政府常务会议" not in fiscal


def test_cross_listing(main_site: Path) -> None:
    assert "跨栏目的资金公告" in main_text(main_site, "news/")
    assert "跨栏目的资金公告" in main_text(main_site, "funds/")
    assert links_to(main_site, "news/", "funds/cross/")
    assert links_to(main_site, "funds/", "funds/cross/")


def test_listing_order_newest_first(main_site: Path) -> None:
    html = page(main_site, "news/")
    expected = [
        "时区偏移的会议通知",  # 2024-07-01 09:00 Beijing
        "县政府常务会议",  # 2024-05-20
        "跨栏目的资金公告",  # 2024-05-10
        "改过名的公告",  # 2024-05-05
        "换行符为CRLF的通知",  # 2024-04-15
        "带时刻的日期",  # 2017-07-27 10:00
        "带秒的日期",  # 2017-07-27 09:30:15
        "短横线日期",  # 2017-07-27 00:00
    ]
    assert order_of(html, expected) == expected


def test_empty_column_page_says_so(main_site: Path) -> None:
    text = main_text(main_site, "empty/")
    assert "空白栏目" in text
    assert "暂无" in text
    assert (main_site / "empty/rss.xml").is_file()


def test_department_pages(main_site: Path) -> None:
    assert links_to(main_site, "departments/", "departments/czj/")
    assert links_to(main_site, "departments/", "departments/zfb/")
    listing = main_text(main_site, "departments/")
    assert "县财政局" in listing and "县政府办公室" in listing
    czj = main_text(main_site, "departments/czj/")
    assert "2017年第二季度财政预算执行情况" in czj
    assert "县级资金管理办法" not in czj
    zfb = page(main_site, "departments/zfb/")
    # Publisher given by its exact name (县政府办公室) lands on the department by id.
    assert "县级资金管理暂行办法" in zfb
    assert order_of(zfb, ["新办法的政策解读", "县级资金管理办法", "县级资金管理暂行办法"]) == [
        "新办法的政策解读",
        "县级资金管理办法",
        "县级资金管理暂行办法",
    ]
    for name in ("rss.xml", "atom.xml"):
        assert (main_site / "departments/czj" / name).is_file()


# --------------------------------------------------------------------------- item pages


def meta_table(site: Path, url: str) -> dict[str, str]:
    doc = tree(site, url)
    meta = {}
    for row in doc.xpath("//tr[th and td]"):
        meta[row.xpath("string(th)").strip()] = row.xpath("string(td)").strip()
    return meta


def test_metadata_block(main_site: Path) -> None:
    meta = meta_table(main_site, "fiscal/2017/budget-q2/")
    for label in ("索引号", "主题分类", "发布机构", "成文日期", "发布日期", "文号", "有效性"):
        assert label in meta, label
    assert meta["索引号"] == "11511325MB0000019N/2017-00001"
    assert "财政" in meta["主题分类"] and "预算" in meta["主题分类"]
    assert meta["发布机构"] == "县财政局"
    assert meta["成文日期"] == "2017年7月20日"
    assert meta["发布日期"] == "2017年7月27日"
    assert meta["文号"] == "西财发〔2017〕12号"
    assert meta["有效性"] == "有效"


def test_chinese_keys_and_values(main_site: Path) -> None:
    meta = meta_table(main_site, "policy/2024/old-rule/")
    assert meta["发布机构"] == "县政府办公室"
    assert meta["有效性"] == "废止"
    assert meta["文号"] == "县府办发〔2024〕1号"
    assert meta["发布日期"] == "2024年3月1日"
    records = {r["path"]: r for r in json.loads((main_site / "catalog.json").read_bytes())}
    rec = records["policy/2024/old-rule.md"]
    assert rec["publisher"] == "zfb"
    assert rec["validity"] == "repealed"
    assert rec["columns"] == ["policy"]
    assert rec.get("doc_type", "normative") == "normative"  # 行政规范性文件
    assert "行政规范性文件" in main_text(main_site, "policy/2024/old-rule/")


def test_every_date_form(main_site: Path) -> None:
    records = {r["path"]: r for r in json.loads((main_site / "catalog.json").read_bytes())}
    assert records["fiscal/2017/budget-q2.md"]["date"] == "2017-07-27"  # 2017年7月27日
    assert records["fiscal/2017/budget-q2.md"]["written"] == "2017-07-20"  # 2017-7-20
    assert records["news/2017/dash.md"]["date"] == "2017-07-27"  # 2017-7-27
    assert records["news/2017/clock.md"]["date"] == "2017-07-27"  # 2017-07-27 10:00
    assert records["news/2017/seconds.md"]["date"] == "2017-07-27"  # 2017-07-27 09:30:15
    assert records["policy/2024/new-rule.md"]["date"] == "2024-06-01"  # ISO, +08:00
    assert records["news/2024/offset.md"]["date"] == "2024-07-01"  # ISO, -05:00 moves the day
    assert "2024年7月1日" in page(main_site, "news/2024/offset/")


def test_bom_and_crlf(main_site: Path) -> None:
    html = page(main_site, "news/2024/crlf/")
    meta = meta_table(main_site, "news/2024/crlf/")
    assert meta["文号"] == "县府发〔2024〕3号"
    assert "换行符为CRLF的通知" in html
    assert "第二段。" in html
    assert "\ufeff" not in html


def test_yaml_11_booleans_are_text(main_site: Path) -> None:
    records = {r["path"]: r for r in json.loads((main_site / "catalog.json").read_bytes())}
    assert records["news/2024/yes-no.md"]["title"] == "no"
    assert records["news/2024/yes-no.md"]["keywords"] == ["on", "off"]


def test_attachments_listed_and_copied(main_site: Path) -> None:
    url = "fiscal/2017/budget-q2/"
    assert (main_site / "fiscal/2017/q2.csv").read_bytes() == CSV_BYTES
    assert (main_site / "fiscal/2017/docs/explain.pdf").read_bytes() == PDF_BYTES
    assert links_to(main_site, url, "fiscal/2017/q2.csv")
    assert links_to(main_site, url, "fiscal/2017/docs/explain.pdf")
    assert "编制说明" in main_text(main_site, url)  # the {path, title} form's title


def test_unreferenced_files_are_not_copied(main_site: Path) -> None:
    assert not (main_site / "fiscal/2017/unreferenced.csv").exists()
    assert not (main_site / "catalog.yml").exists()
    assert not grep_site(main_site, ["UNREF-FILE-c4"])


def test_interprets_links_both_ways(main_site: Path) -> None:
    assert links_to(main_site, "policy/2024/new-rule-jd/", "policy/2024/new-rule/")
    assert links_to(main_site, "policy/2024/new-rule/", "policy/2024/new-rule-jd/")


def test_repealed_banner_and_replacement_links(main_site: Path) -> None:
    old = main_text(main_site, "policy/2024/old-rule/")
    assert "废止" in old
    assert "2024年6月1日" in old  # the repeal date in the banner
    assert links_to(main_site, "policy/2024/old-rule/", "policy/2024/new-rule/")
    assert links_to(main_site, "policy/2024/new-rule/", "policy/2024/old-rule/")
    new = main_text(main_site, "policy/2024/new-rule/")
    assert "本文件已" not in new  # the new rule carries no repeal banner


def test_alias_redirects(main_site: Path) -> None:
    html = page(main_site, "news/old-name/")
    # Relative, so it also works under `mkdocs serve`; the canonical link names the real address.
    assert re.search(r'http-equiv="refresh"[^>]*url=\.\./2024/renamed/', html)
    assert 'rel="canonical" href="https://example.gov.cn/news/2024/renamed/"' in html


def test_body_links_point_to_item_pages(main_site: Path) -> None:
    url = "fiscal/2017/budget-q2/"
    assert links_to(main_site, url, "news/2024/meeting/")
    assert not any(h.endswith(".md") for h in hrefs(main_site, url))


# --------------------------------------------------------------------------- catalogue and exports


def test_catalog_page(main_site: Path) -> None:
    text = main_text(main_site, "catalog/")
    for label in ("索引号", "标题", "发布机构", "成文日期", "发布日期", "文号", "有效性"):
        assert label in text
    assert "2017年第二季度财政预算执行情况" in text


def test_catalog_json(main_site: Path) -> None:
    records = json.loads((main_site / "catalog.json").read_bytes().decode("utf-8"))
    assert isinstance(records, list)
    assert {r["path"] for r in records} == PUBLISHED
    assert len(records) == len(PUBLISHED)
    required = {
        "url",
        "path",
        "title",
        "publisher",
        "columns",
        "date",
        "written",
        "index_no",
        "doc_number",
        "validity",
    }
    for rec in records:
        assert required <= set(rec), rec
        for key in ("date", "written"):
            assert rec[key] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", rec[key])
        assert rec["validity"] in (None, "effective", "expired", "repealed")
        assert isinstance(rec["columns"], list)
    by_path = {r["path"]: r for r in records}
    q2 = by_path["fiscal/2017/budget-q2.md"]
    assert q2["url"].endswith("fiscal/2017/budget-q2/")
    assert q2["title"] == "2017年第二季度财政预算执行情况"
    assert q2["publisher"] == "czj"
    assert q2["columns"] == ["budget"]
    assert (q2["date"], q2["written"]) == ("2017-07-27", "2017-07-20")
    assert q2["index_no"] == "11511325MB0000019N/2017-00001"
    assert q2["doc_number"] == "西财发〔2017〕12号"
    assert q2["validity"] == "effective"
    cross = by_path["funds/cross.md"]
    assert cross["columns"] == ["news", "funds"]
    assert (cross["written"], cross["doc_number"], cross["validity"]) == (None, None, None)
    # Contract order: newest first.
    dates = [r["date"] for r in records]
    assert dates == sorted(dates, reverse=True)


def test_catalog_csv(main_site: Path) -> None:
    raw = (main_site / "catalog.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"))))
    header = rows[0]
    for label in ("索引号", "标题", "发布机构", "成文日期", "发布日期", "文号", "有效性"):
        assert label in header
    assert len(rows) - 1 == len(PUBLISHED)
    by_title = {r[header.index("标题")]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    q2 = by_title["2017年第二季度财政预算执行情况"]
    assert q2["发布机构"] == "县财政局"
    assert q2["有效性"] == "有效"
    assert q2["发布日期"] == "2017-07-27"
    assert by_title["县级资金管理暂行办法"]["有效性"] == "废止"


def test_sitemap(main_site: Path) -> None:
    root = ElementTree.fromstring((main_site / "sitemap.xml").read_bytes())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {loc.text for loc in root.findall("s:url/s:loc", ns)}
    for path in PUBLISHED:
        assert SITE_URL + path[:-3] + "/" in locs, path
    for url in ("", "fiscal/", "news/", "catalog/", "departments/", "departments/czj/"):
        assert SITE_URL + url in locs, url
    assert not any("secret" in loc for loc in locs)
    assert not any("old-name" in loc for loc in locs)  # a redirect is not a page


def test_feeds_exist(main_site: Path) -> None:
    for name in ("rss.xml", "atom.xml", "feeds.opml", "news/rss.xml", "news/atom.xml"):
        assert (main_site / name).is_file(), name
    ElementTree.fromstring((main_site / "rss.xml").read_bytes())
    opml = (main_site / "feeds.opml").read_text(encoding="utf-8")
    assert 'xmlUrl="https://example.gov.cn/rss.xml"' in opml
    assert "https://example.gov.cn/news/atom.xml" in opml


# --------------------------------------------------------------------------- the disclosure gate


def test_unpublished_items_leave_no_trace(main_site: Path) -> None:
    hits = grep_site(main_site, [*SECRETS.values(), *SECRET_PATHS])
    assert hits == []
    names = set(site_files(main_site))
    assert not any("secret" in name for name in names)


def test_gate_covers_the_search_index(main_site: Path) -> None:
    """The byte search above reads the (compressed) search index too: published text is found there."""
    index = main_site / "pagefind"
    if not index.is_dir():
        pytest.skip("no search index in this build")
    files = {n: d for n, d in site_files(main_site).items() if n.startswith("pagefind/")}
    assert any("县政府常务会议".encode() in data for data in files.values())
    assert not any(b"MARKER" in data for data in files.values())


def test_unpublished_items_not_counted(main_site: Path) -> None:
    records = json.loads((main_site / "catalog.json").read_bytes())
    assert len(records) == len(PUBLISHED)
    for feed in ("rss.xml", "atom.xml", "news/rss.xml", "budget/rss.xml", "funds/atom.xml"):
        assert "MARKER" not in (main_site / feed).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- navigation and hosts


def test_nav_holds_columns_not_items(main_site: Path) -> None:
    doc = tree(main_site, "")
    navs = doc.xpath('//nav[contains(concat(" ", @class, " "), " md-nav--primary ")]') or doc.xpath("//nav")
    nav_text = " ".join(n.text_content() for n in navs)
    for column in ("财政信息", "预决算", "专项资金", "要闻动态", "政策文件"):
        assert column in nav_text
    for path in PUBLISHED:
        assert path[:-3] not in " ".join(a.get("href", "") for n in navs for a in n.iter("a"))
    for title in ("2017年第二季度财政预算执行情况", "县政府常务会议", "时区偏移的会议通知"):
        assert title not in nav_text
    item_navs = tree(main_site, "news/2024/meeting/").xpath("//nav")
    assert "时区偏移的会议通知" not in " ".join(n.text_content() for n in item_navs)


def test_no_request_to_another_host(main_site: Path) -> None:
    offenders = []
    for name, data in site_files(main_site).items():
        if not name.endswith((".html", ".css", ".js")):
            continue
        text = data.decode("utf-8", "replace")
        if "fonts.googleapis" in text or "fonts.gstatic" in text:
            offenders.append(name)
        if name.endswith(".html"):
            doc = lxml.html.fromstring(data)
            for el in doc.xpath("//script[@src] | //link[@rel='stylesheet'] | //img[@src] | //iframe"):
                ref = el.get("src") or el.get("href") or ""
                if re.match(r"^(https?:)?//", ref) and not ref.startswith(SITE_URL):
                    offenders.append(f"{name}: {ref}")
    assert offenders == []


def test_nav_links_lead_to_the_same_pages_from_every_page(main_site: Path) -> None:
    """The nav HTML is shared between pages alike (templates/partials/nav.html): from every page
    its links must lead to the same pages as from the home page."""

    def targets(page: Path) -> list[str]:
        doc = lxml.html.fromstring(page.read_bytes())
        hrefs = doc.xpath(
            "//nav[contains(@class, 'md-nav--primary')]//a[contains(@class, 'md-nav__link')]/@href"
        )
        return sorted(
            (page.parent / h.split("#")[0]).resolve().relative_to(main_site.resolve()).as_posix()
            for h in hrefs
            if not h.startswith("#")
        )

    expected = targets(main_site / "index.html")
    assert len(expected) > 5
    pages = sorted(main_site.rglob("index.html"))
    # (An alias's redirect page has no nav.)
    wrong = [p.relative_to(main_site).as_posix() for p in pages if targets(p) not in ([], expected)]
    assert wrong == []


def test_home_lists_the_latest_of_columns_with_items(main_site: Path) -> None:
    home = lxml.html.fromstring((main_site / "index.html").read_bytes())
    shown = [a.get("href") for a in home.xpath("//section[@class='og-home__column']/h2/a")]
    assert shown and "empty/" not in shown  # a column with nothing published is in the nav only
    assert not home.xpath("//section[@class='og-home__column']//p[@class='og-empty']")


def test_unused_theme_files_are_left_out(main_site: Path) -> None:
    """Material's lunr search and source maps: nothing in the portal loads them."""
    names = list(site_files(main_site))
    assert [
        n for n in names if n.startswith(("assets/javascripts/lunr/", "assets/javascripts/workers/"))
    ] == []
    assert [n for n in names if n.endswith(".map")] == []
    home = lxml.html.fromstring((main_site / "index.html").read_bytes())
    local = [
        el.get("src") or el.get("href") for el in home.xpath("//script[@src] | //link[@rel='stylesheet']")
    ]
    assert local and all((main_site / ref).is_file() for ref in local if not re.match(r"^(https?:)?//", ref))
    assert "Made with" not in (main_site / "index.html").read_text(encoding="utf-8")  # no generator advert


# --------------------------------------------------------------------------- pagination, order


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = {
        "content/fiscal/top.md": item_md("条目甲", "2024-05-03", "fiscal"),
        "content/budget/b1.md": item_md("条目丙", "2024-05-01", "budget"),
        "content/budget/a1.md": item_md("条目乙", "2024-05-01", "budget"),
        "content/funds/x.md": item_md("条目丁", "2024-04-01", ["funds", "budget"]),
        "content/funds/y.md": item_md("条目戊", "2024-03-01", "funds", "zfb"),
    }
    root = make_portal(tmp_path_factory.mktemp("paged") / "portal", files, plugin_options={"page_size": 2})
    build_inprocess(root)
    return root / "site"


ALL_TITLES = ["条目甲", "条目乙", "条目丙", "条目丁", "条目戊"]


@pytest.mark.parametrize(
    ("url", "titles"),
    [
        ("fiscal/", ["条目甲", "条目乙"]),
        ("fiscal/page/2/", ["条目丙", "条目丁"]),
        ("fiscal/page/3/", ["条目戊"]),
        ("budget/", ["条目乙", "条目丙"]),
        ("budget/page/2/", ["条目丁"]),
        ("funds/", ["条目丁", "条目戊"]),
        ("departments/czj/", ["条目甲", "条目乙"]),
        ("departments/czj/page/2/", ["条目丙", "条目丁"]),
        ("departments/zfb/", ["条目戊"]),
    ],
)
def test_pagination_and_order(paged_site: Path, url: str, titles: list[str]) -> None:
    text = main_text(paged_site, url)
    assert order_of(text, ALL_TITLES) == titles


def test_pagination_bounds_and_links(paged_site: Path) -> None:
    assert not (paged_site / "fiscal/page/4").exists()
    assert not (paged_site / "fiscal/page/1").exists()
    assert not (paged_site / "funds/page/2").exists()
    assert links_to(paged_site, "fiscal/", "fiscal/page/2/")
    assert links_to(paged_site, "fiscal/page/2/", "fiscal/")
    assert links_to(paged_site, "fiscal/page/2/", "fiscal/page/3/")


def test_feeds_hold_descendants_once(paged_site: Path) -> None:
    rss = ElementTree.fromstring((paged_site / "fiscal/rss.xml").read_bytes())
    titles = [t.text for t in rss.findall("channel/item/title")]
    assert titles == ALL_TITLES


def test_non_ascii_paths_are_percent_encoded_in_exports(tmp_path: Path) -> None:
    """Crawlers and open-data users get URIs; the non-ascii-path warning does not stop the build."""
    root = make_portal(tmp_path / "p", {"content/news/通知.md": item_md(title="中文文件名")})
    result = build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    site = root / "site"
    assert (site / "news/通知/index.html").is_file()
    encoded = "https://example.gov.cn/news/%E9%80%9A%E7%9F%A5/"
    assert f"<loc>{encoded}</loc>" in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert [r["url"] for r in json.loads((site / "catalog.json").read_bytes())] == [encoded]
    assert encoded in (site / "catalog.csv").read_text(encoding="utf-8-sig")


# --------------------------------------------------------------------------- configuration errors


def test_use_directory_urls_false_is_an_error(tmp_path: Path) -> None:
    root = make_portal(
        tmp_path / "p", {"content/news/a.md": item_md()}, mkdocs_extra="use_directory_urls: false\n"
    )
    result = build(root)
    assert result.returncode != 0
    assert "use_directory_urls" in result.stdout + result.stderr
    assert not (root / "site").exists()


def test_missing_site_url_is_an_error(tmp_path: Path) -> None:
    yml = MKDOCS_YML.replace("site_url: https://example.gov.cn/\n", "")
    root = make_portal(tmp_path / "p", {"content/news/a.md": item_md()}, mkdocs_yml=yml)
    result = build(root)
    assert result.returncode != 0
    assert "site_url" in result.stdout + result.stderr
    assert not (root / "site").exists()
