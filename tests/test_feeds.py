"""Feeds (CONTRACT §3): build a portal in Python, render, parse back with feedparser and lxml."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from urllib.parse import urlsplit

import feedparser
import lxml.html
import pytest
from factories import ORG_CODE, memory_portal
from lxml import etree

from opengov.core import feeds
from opengov.core.model import (
    BEIJING,
    Attachment,
    Catalog,
    Column,
    Department,
    Item,
    Organization,
    Portal,
)
from opengov.core.plaintext import SUMMARY_LENGTH

BASE = "https://example.gov.cn/"
SITE = "示例县人民政府信息公开"
ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"

# RFC 3986 URI, coarse: a scheme, then only characters a URI may hold.
URI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")


# --------------------------------------------------------------------------- fixtures


def make_catalog() -> Catalog:
    columns = {
        "fiscal": Column("fiscal", "财政信息", description="财政收支、预决算", children=["budget", "funds"]),
        "budget": Column("budget", "预决算", parent="fiscal"),
        "funds": Column("funds", "专项资金", parent="fiscal"),
        "news": Column("news", "要闻动态"),
        "empty": Column("empty", "空栏目"),
    }
    departments = {
        "czj": Department("czj", "县财政局", code="11511325MB0000019N"),
        "zfb": Department("zfb", "县政府办公室"),
    }
    return Catalog(Organization("示例县人民政府", ORG_CODE), columns=columns, departments=departments)


def make_items() -> list[Item]:
    return [
        Item(
            path="fiscal/2024/budget.md",
            source="content/fiscal/2024/budget.md",
            title="2024年县级预算公开",
            date=dt.datetime(2024, 5, 1, 10, 0, tzinfo=BEIJING),
            columns=["budget", "funds"],  # two children of fiscal
            publisher="czj",
            index_no="11511325MB0000019N/2024-00001",
            attachments=[
                Attachment("fiscal/2024/预算表.xlsx", "预算表", 10, 2048, "application/vnd.ms-excel"),
                Attachment("fiscal/2024/说明.pdf", "说明", 11, 4096, "application/pdf"),
            ],
        ),
        Item(
            path="news/2024/meeting.md",
            source="content/news/2024/meeting.md",
            title="县政府常务会议",
            date=dt.datetime(2024, 5, 1, 10, 0, tzinfo=BEIJING),  # ties with budget: path decides
            columns=["news", "budget"],
            publisher="zfb",
            summary="会议研究了预算执行情况。",
        ),
        Item(
            path="news/2024/older.md",
            source="content/news/2024/older.md",
            title="春季农业生产",
            date=dt.datetime(2024, 3, 1, tzinfo=BEIJING),
            columns=["news"],
            publisher="zfb",
            index_no=f"{ORG_CODE}/2024-00002",
        ),
        Item(
            path="fiscal/2023/final.md",
            source="content/fiscal/2023/final.md",
            title="2023年决算",
            date=dt.datetime(2023, 12, 31, 23, 30, tzinfo=BEIJING),
            columns=["fiscal"],
            publisher="czj",
            index_no="11511325MB0000019N/2023-00009",
        ),
    ]


HTML = {
    "fiscal/2024/budget.md": (
        '<h2 id="t">预算表<a class="headerlink" href="#t" title="Permanent link">¶</a></h2>'
        # Rendered HTML: links are relative to the page URL fiscal/2024/budget/.
        '<p>详见<a href="../../2023/final/">决算</a>和<a href="#t">本页表格</a>，'
        '<img src="chart.png" alt="图" srcset="chart.png 1x, chart@2x.png 2x">，'
        '<a href="https://www.gov.cn/">中国政府网</a>、<a href="/fiscal/">栏目</a>、'
        '<a href="../预算表.xlsx">附件</a>、<a href="mailto:czj@example.gov.cn">来信</a>。</p>'
    ),
    "news/2024/meeting.md": "<p>会议正文。</p>",
    "news/2024/older.md": "<p>春耕<b>备耕</b>工作。</p><p>第二段。</p>",
    "fiscal/2023/final.md": "<p>" + "决算说明文字。" * 40 + "</p>",
}


def make_portal(items: list[Item] | None = None, catalog: Catalog | None = None) -> Portal:
    items = make_items() if items is None else items
    return memory_portal(catalog or make_catalog(), items, today=dt.date(2024, 6, 1), root=".")


def render(portal: Portal | None = None, **kw) -> dict[str, bytes]:
    args = {"site_name": SITE, "base_url": BASE, "feed_size": 50, "html_by_path": HTML} | kw
    return feeds.render_all(portal or make_portal(), **args)


@pytest.fixture(scope="module")
def out() -> dict[str, bytes]:
    return render()


def parsed(data: bytes) -> feedparser.FeedParserDict:
    result = feedparser.parse(data)
    assert not result.bozo, result.get("bozo_exception")
    return result


def atom_entries(data: bytes) -> list[etree._Element]:
    return etree.fromstring(data).findall(ATOM + "entry")


def rss_items(data: bytes) -> list[etree._Element]:
    return etree.fromstring(data).findall("channel/item")


def atom_titles(data: bytes) -> list[str]:
    return [e.findtext(ATOM + "title") for e in atom_entries(data)]


def by_title(data: bytes, title: str) -> etree._Element:
    """The Atom entry or RSS item with this title."""
    root = etree.fromstring(data)
    if root.tag == ATOM + "feed":
        entries, tag = root.findall(ATOM + "entry"), ATOM + "title"
    else:
        entries, tag = root.findall("channel/item"), "title"
    (found,) = [e for e in entries if e.findtext(tag) == title]
    return found


BUDGET, MEETING, OLDER, FINAL = "2024年县级预算公开", "县政府常务会议", "春季农业生产", "2023年决算"


# --------------------------------------------------------------------------- which feeds


def test_every_feed_path(out):
    expected = {"rss.xml", "atom.xml", "feeds.opml"}
    for prefix in (
        "fiscal",
        "budget",
        "funds",
        "news",
        "empty",
        "departments/czj",
        "departments/zfb",
        "changes",
    ):
        expected |= {f"{prefix}/rss.xml", f"{prefix}/atom.xml"}
    assert set(out) == expected


def test_feed_specs_titles_groups_and_catalog_order():
    specs = feeds.feed_specs(make_portal(), SITE)
    assert [s.path for s in specs][:4] == ["rss.xml", "atom.xml", "fiscal/rss.xml", "fiscal/atom.xml"]
    columns = [s.path.split("/")[0] for s in specs if s.group == feeds.GROUP_COLUMNS and s.kind == "rss"]
    assert columns == ["fiscal", "budget", "funds", "news", "empty"]
    by_path = {s.path: s for s in specs}
    assert by_path["fiscal/atom.xml"].title == f"{SITE} · 财政信息"
    assert by_path["fiscal/atom.xml"].page_url == "fiscal/"
    assert by_path["departments/czj/rss.xml"].title == f"{SITE} · 县财政局"
    assert by_path["departments/czj/rss.xml"].page_url == "departments/czj/"
    assert by_path["departments/czj/rss.xml"].group == feeds.GROUP_DEPARTMENTS
    assert by_path["atom.xml"].group == feeds.GROUP_SITE
    assert by_path["atom.xml"].page_url == ""
    assert {s.kind for s in specs} == {"rss", "atom"}


def test_every_feed_parses_without_bozo(out):
    for path, data in out.items():
        if path.endswith(".opml"):
            continue
        result = parsed(data)
        assert result.version == ("atom10" if path.endswith("atom.xml") else "rss20"), path


def test_every_atom_feed_is_valid_rfc4287(out, atom_schema):
    atom_paths = [p for p in out if p.endswith("atom.xml")]
    assert len(atom_paths) == 9
    for path in atom_paths:
        doc = etree.fromstring(out[path])
        assert atom_schema.validate(doc), (path, atom_schema.error_log)


def test_atom_schema_rejects_what_feedgen_would_write(atom_schema):
    # Guards the guard: feedgen's CDATA content type is not Atom.
    bad = (
        b'<entry xmlns="http://www.w3.org/2005/Atom"><id>urn:x:y</id><title>t</title>'
        b'<updated>2024-05-01T10:00:00+08:00</updated><content type="CDATA">x</content></entry>'
    )
    assert not atom_schema.validate(etree.fromstring(bad))


# --------------------------------------------------------------------------- entries and order


def test_site_feed_newest_first_ties_by_path(out):
    for name in ("atom.xml", "rss.xml"):
        titles = [e.title for e in parsed(out[name]).entries]
        # budget and meeting share a date: fiscal/… sorts before news/…
        assert titles == [BUDGET, MEETING, OLDER, FINAL], name


def test_feed_size_keeps_the_newest(out):
    small = render(feed_size=2)
    assert [e.title for e in parsed(small["atom.xml"]).entries] == [BUDGET, MEETING]
    assert [e.title for e in parsed(small["rss.xml"]).entries] == [BUDGET, MEETING]
    assert [e.title for e in parsed(small["news/rss.xml"]).entries] == [MEETING, OLDER]


def test_column_feeds_hold_descendants_each_once(out):
    def titles(path):
        return [e.title for e in parsed(out[path]).entries]

    # budget is listed in budget and funds, both children of fiscal: once in fiscal.
    assert titles("fiscal/atom.xml") == [BUDGET, MEETING, FINAL]
    assert titles("fiscal/rss.xml") == [BUDGET, MEETING, FINAL]
    assert titles("budget/atom.xml") == [BUDGET, MEETING]
    assert titles("funds/atom.xml") == [BUDGET]
    # meeting is cross-listed in news and budget: in both.
    assert titles("news/atom.xml") == [MEETING, OLDER]
    assert titles("empty/atom.xml") == []
    assert titles("departments/czj/atom.xml") == [BUDGET, FINAL]
    assert titles("departments/zfb/rss.xml") == [MEETING, OLDER]


def test_dates_are_beijing_time(out):
    atom = etree.fromstring(out["atom.xml"])
    assert atom.findtext(ATOM + "updated") == "2024-05-01T10:00:00+08:00"
    entries = atom_entries(out["atom.xml"])
    assert [e.findtext(ATOM + "published") for e in entries] == [
        "2024-05-01T10:00:00+08:00",
        "2024-05-01T10:00:00+08:00",
        "2024-03-01T00:00:00+08:00",
        "2023-12-31T23:30:00+08:00",
    ]
    for e in entries:
        assert e.findtext(ATOM + "updated") == e.findtext(ATOM + "published")
    rss = etree.fromstring(out["rss.xml"])
    assert rss.findtext("channel/lastBuildDate") == "Wed, 01 May 2024 10:00:00 +0800"
    assert [i.findtext("pubDate") for i in rss_items(out["rss.xml"])][-1] == "Sun, 31 Dec 2023 23:30:00 +0800"
    # A feed's own date is its newest entry's, not the build's.
    assert etree.fromstring(out["news/atom.xml"]).findtext(ATOM + "updated") == "2024-05-01T10:00:00+08:00"
    assert etree.fromstring(out["departments/czj/rss.xml"]).findtext("channel/lastBuildDate") == (
        "Wed, 01 May 2024 10:00:00 +0800"
    )
    fp = parsed(out["atom.xml"]).entries[-1]
    assert fp.published_parsed[:5] == (2023, 12, 31, 15, 30)  # UTC


def test_empty_feed_takes_the_portals_newest_date(out, atom_schema):
    # Not the build's time (rebuilds stay identical), not 1970 (readers would show it).
    atom = etree.fromstring(out["empty/atom.xml"])
    assert atom.findtext(ATOM + "updated") == "2024-05-01T10:00:00+08:00"
    assert etree.fromstring(out["empty/rss.xml"]).findtext("channel/lastBuildDate") == (
        "Wed, 01 May 2024 10:00:00 +0800"
    )
    empty_site = render(make_portal(items=[]))  # nothing at all: a fixed date
    assert etree.fromstring(empty_site["atom.xml"]).findtext(ATOM + "updated") == "1970-01-01T00:00:00+08:00"
    assert atom_schema.validate(etree.fromstring(empty_site["atom.xml"]))
    assert parsed(empty_site["rss.xml"]).entries == []


def test_publisher_is_atom_author_and_dc_creator(out):
    entry = by_title(out["atom.xml"], BUDGET)
    assert [a.findtext(ATOM + "name") for a in entry.findall(ATOM + "author")] == ["县财政局"]
    assert entry.find(DC + "creator") is None
    item = by_title(out["rss.xml"], MEETING)
    assert item.findtext(DC + "creator") == "县政府办公室"
    assert item.find("author") is None  # RSS <author> wants an e-mail
    fp = parsed(out["rss.xml"]).entries[0]
    assert fp.author == "县财政局"
    # The feed names the organization too, for entries that lack a publisher.
    assert etree.fromstring(out["atom.xml"]).findtext(f"{ATOM}author/{ATOM}name") == "示例县人民政府"


def test_columns_are_categories(out):
    entry = by_title(out["atom.xml"], BUDGET)
    assert [c.get("term") for c in entry.findall(ATOM + "category")] == ["预决算", "专项资金"]
    item = by_title(out["rss.xml"], MEETING)
    assert [c.text for c in item.findall("category")] == ["要闻动态", "预决算"]
    assert [t.term for t in parsed(out["news/atom.xml"]).entries[0].tags] == ["要闻动态", "预决算"]


def test_attachments_are_enclosures(out):
    entry = by_title(out["atom.xml"], BUDGET)
    links = [dict(link.attrib) for link in entry.findall(ATOM + "link")]
    assert links == [
        {"href": BASE + "fiscal/2024/budget/", "rel": "alternate", "type": "text/html"},
        {
            "rel": "enclosure",
            "type": "application/vnd.ms-excel",
            "href": BASE + "fiscal/2024/%E9%A2%84%E7%AE%97%E8%A1%A8.xlsx",
            "length": "2048",
        },
        {
            "rel": "enclosure",
            "type": "application/pdf",
            "href": BASE + "fiscal/2024/%E8%AF%B4%E6%98%8E.pdf",
            "length": "4096",
        },
    ]
    fp = parsed(out["atom.xml"]).entries[0]
    assert [(e.type, e.length) for e in fp.enclosures] == [
        ("application/vnd.ms-excel", "2048"),
        ("application/pdf", "4096"),
    ]
    item = by_title(out["rss.xml"], BUDGET)
    (enclosure,) = item.findall("enclosure")  # RSS: the first attachment only
    assert dict(enclosure.attrib) == {
        "url": BASE + "fiscal/2024/%E9%A2%84%E7%AE%97%E8%A1%A8.xlsx",
        "length": "2048",
        "type": "application/vnd.ms-excel",
    }
    assert by_title(out["rss.xml"], MEETING).find("enclosure") is None


def test_links_are_absolute(out):
    entry = by_title(out["atom.xml"], BUDGET)
    assert parsed(out["atom.xml"]).entries[0].link == BASE + "fiscal/2024/budget/"
    assert by_title(out["rss.xml"], OLDER).findtext("link") == BASE + "news/2024/older/"
    content = entry.findtext(ATOM + "content")
    assert entry.find(ATOM + "content").get("type") == "html"
    fragment = lxml.html.fragment_fromstring(content, create_parent="div")
    hrefs = [a.get("href") for a in fragment.iter("a")]
    assert hrefs == [
        BASE + "fiscal/2023/final/",
        BASE + "fiscal/2024/budget/#t",
        "https://www.gov.cn/",
        BASE + "fiscal/",
        BASE + "fiscal/2024/%E9%A2%84%E7%AE%97%E8%A1%A8.xlsx",
        "mailto:czj@example.gov.cn",
    ]
    (img,) = fragment.iter("img")
    assert img.get("src") == BASE + "fiscal/2024/budget/chart.png"
    page = BASE + "fiscal/2024/budget/"
    assert img.get("srcset") == f"{page}chart.png 1x, {page}chart@2x.png 2x"
    assert "headerlink" not in content and "¶" not in content
    # The same content in RSS content:encoded.
    assert by_title(out["rss.xml"], BUDGET).findtext(CONTENT + "encoded") == content


def test_feed_level_links_and_language(out):
    atom = etree.fromstring(out["fiscal/atom.xml"])
    links = {link.get("rel"): link for link in atom.findall(ATOM + "link")}
    assert links["self"].get("href") == BASE + "fiscal/atom.xml"
    assert links["self"].get("type") == "application/atom+xml"
    assert links["alternate"].get("href") == BASE + "fiscal/"
    assert atom.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-CN"
    assert atom.findtext(ATOM + "title") == f"{SITE} · 财政信息"
    rss = etree.fromstring(out["fiscal/rss.xml"])
    assert rss.findtext("channel/link") == BASE + "fiscal/"
    assert rss.findtext("channel/language") == "zh-CN"
    assert rss.find(f"channel/{ATOM}link").get("href") == BASE + "fiscal/rss.xml"
    assert rss.findtext("channel/title") == f"{SITE} · 财政信息"
    assert parsed(out["rss.xml"]).feed.link == BASE


def test_summaries(out):
    atom = parsed(out["atom.xml"])
    summaries = {e.title: e.summary for e in atom.entries}
    assert summaries[MEETING] == "会议研究了预算执行情况。"  # the item's own
    assert summaries[OLDER] == "春耕备耕工作。 第二段。"  # blocks apart, inline together
    assert summaries[BUDGET].startswith("预算表 详见决算和本页表格")
    final = summaries[FINAL]
    assert final.endswith("…") and len(final) == SUMMARY_LENGTH + 1
    assert by_title(out["rss.xml"], MEETING).findtext("description") == "会议研究了预算执行情况。"


def test_item_without_html_still_valid(atom_schema):
    out = render(html_by_path={})
    entry = by_title(out["atom.xml"], MEETING)
    assert entry.find(ATOM + "content") is None
    assert entry.findtext(ATOM + "summary") == "会议研究了预算执行情况。"
    assert atom_schema.validate(etree.fromstring(out["atom.xml"])), atom_schema.error_log
    parsed(out["rss.xml"])


# --------------------------------------------------------------------------- ids


def ids(data: bytes) -> dict[str, str]:
    return {e.title: e.id for e in parsed(data).entries}


def test_entry_ids_are_host_free_uris(out):
    atom_ids = ids(out["atom.xml"])
    assert atom_ids[BUDGET] == f"urn:opengov:{ORG_CODE}:index:11511325MB0000019N/2024-00001"
    assert atom_ids[MEETING] == f"urn:opengov:{ORG_CODE}:path:news/2024/meeting.md"
    for value in atom_ids.values():
        assert URI_RE.match(value), value
        assert "example.gov.cn" not in value
    assert ids(out["rss.xml"]) == atom_ids
    for item in rss_items(out["rss.xml"]):
        assert item.find("guid").get("isPermaLink") == "false"
    # The same item has one id in every feed it appears in.
    assert ids(out["budget/atom.xml"])[BUDGET] == atom_ids[BUDGET]
    assert ids(out["departments/czj/rss.xml"])[BUDGET] == atom_ids[BUDGET]
    feed_id = etree.fromstring(out["fiscal/atom.xml"]).findtext(ATOM + "id")
    assert feed_id == f"urn:opengov:{ORG_CODE}:feed:fiscal/atom.xml"


def test_entry_ids_percent_encode_what_a_uri_cannot_hold():
    item = Item(path="公告/第 1 号.md", source="content/公告/第 1 号.md", index_no="〔2024〕1 号?#")
    by_index = feeds.entry_id(item, ORG_CODE)
    by_path = feeds.entry_id(dataclasses.replace(item, index_no=None), ORG_CODE)
    for value in (by_index, by_path):
        assert value.isascii() and URI_RE.match(value), value
        assert "?" not in value and "#" not in value
    assert by_path == f"urn:opengov:{ORG_CODE}:path:%E5%85%AC%E5%91%8A/%E7%AC%AC%201%20%E5%8F%B7.md"
    # No organization code: the organization's name stands in.
    assert feeds.entry_id(item, None, "示例县").startswith("urn:opengov:%E7%A4%BA%E4%BE%8B%E5%8E%BF:index:")


def test_entry_ids_stable_when_items_are_added_or_moved(out):
    before = ids(out["atom.xml"])
    newer = Item(
        path="news/2024/new.md",
        source="content/news/2024/new.md",
        title="新条目",
        date=dt.datetime(2024, 5, 20, tzinfo=BEIJING),
        columns=["news"],
        publisher="zfb",
    )
    added = ids(render(make_portal(make_items() + [newer]))["atom.xml"])
    assert {k: v for k, v in added.items() if k != "新条目"} == before

    moved_items = make_items()
    moved_items[0].columns = ["news"]  # budget moves from budget/funds to news
    moved = render(make_portal(moved_items))
    assert ids(moved["atom.xml"]) == before
    assert ids(moved["news/atom.xml"])[BUDGET] == before[BUDGET]
    assert BUDGET not in ids(moved["funds/atom.xml"])

    # A preview host changes links, never ids.
    preview = render(base_url="http://127.0.0.1:8000/")
    assert ids(preview["atom.xml"]) == before
    assert parsed(preview["atom.xml"]).entries[0].link == "http://127.0.0.1:8000/fiscal/2024/budget/"


# --------------------------------------------------------------------------- determinism


def test_rebuild_is_byte_identical(out):
    assert render() == out
    assert render(make_portal()) == out  # a freshly loaded, equal portal
    # No build time anywhere: every feed date is an item's date.
    allowed_iso = {i.date.isoformat() for i in make_items()}
    allowed_rfc = {i.date.strftime("%a, %d %b %Y %H:%M:%S +0800") for i in make_items()}
    for path, data in out.items():
        assert b"python-feedgen" not in data and b"lkiesow" not in data, path
        if path.endswith("atom.xml"):
            root = etree.fromstring(data)
            stamps = [e.text for e in root.iter(ATOM + "updated", ATOM + "published")]
            assert set(stamps) <= allowed_iso, path
        elif path.endswith("rss.xml"):
            root = etree.fromstring(data)
            stamps = [e.text for e in root.iter("lastBuildDate", "pubDate")]
            assert set(stamps) <= allowed_rfc, path


# --------------------------------------------------------------------------- OPML


def test_opml_lists_every_feed(out):
    root = etree.fromstring(out["feeds.opml"])
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.findtext("head/title")
    folders = root.findall("body/outline")
    assert [f.get("text") for f in folders] == ["全站", "栏目", "发布机构"]
    feeds_in_opml = [o for o in root.iter("outline") if o.get("xmlUrl")]
    xml_urls = [o.get("xmlUrl") for o in feeds_in_opml]
    assert len(xml_urls) == len(set(xml_urls))
    assert set(xml_urls) == {BASE + path for path in out if path != "feeds.opml"}
    for outline in feeds_in_opml:
        assert outline.get("type") == "rss"
        assert outline.get("version") in ("RSS", "Atom")
        assert outline.get("text")
        for attr in ("xmlUrl", "htmlUrl"):
            parts = urlsplit(outline.get(attr))
            assert parts.scheme == "https" and parts.netloc == "example.gov.cn"
    fiscal = [o for o in feeds_in_opml if o.get("xmlUrl") == BASE + "fiscal/atom.xml"][0]
    assert fiscal.getparent().get("text") == "栏目"
    assert fiscal.get("htmlUrl") == BASE + "fiscal/"
    assert fiscal.get("version") == "Atom"
    czj = [o for o in feeds_in_opml if o.get("xmlUrl") == BASE + "departments/czj/rss.xml"][0]
    assert czj.getparent().get("text") == "发布机构"


# --------------------------------------------------------------------------- configuration


@pytest.mark.parametrize("base_url", [None, "", "  "])
def test_missing_site_url_is_a_clear_error(base_url):
    with pytest.raises(ValueError, match="site_url"):
        render(base_url=base_url)
    spec = feeds.feed_specs(make_portal(), SITE)[0]
    with pytest.raises(ValueError, match="site_url"):
        feeds.render_feed(
            spec, base_url=base_url, org_code=ORG_CODE, feed_size=50, html_by_path={}, catalog=make_catalog()
        )
    with pytest.raises(ValueError, match="需要"):
        feeds.render_opml([spec], base_url=base_url, site_name=SITE)


def test_site_url_without_trailing_slash_or_scheme():
    assert render(base_url="https://example.gov.cn") == render()
    with pytest.raises(ValueError, match="site_url"):
        render(base_url="example.gov.cn/")


def test_text_xml_cannot_carry_is_dropped(atom_schema):
    items = make_items()
    items[1].title = "县政府\x0b常务会议"
    out = render(make_portal(items), html_by_path=HTML | {"news/2024/meeting.md": "<p>会议\x01正文。</p>"})
    assert atom_schema.validate(etree.fromstring(out["atom.xml"]))
    assert MEETING in [e.title for e in parsed(out["rss.xml"]).entries]
