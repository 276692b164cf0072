"""The website's 政府网站工作年度报表 (issue 16 part 2; CONTRACT §4 ``yearly_website_report``,
§7 ``yearly_report_missing``): the draft computed from the published items and filled in from
the office's YAML, published with the compliance page and as CSV; bad YAML named at its line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import lxml.html
from conftest import build, check_cli, opengov_cli
from factories import FULL_FOOTER, item_md, make_portal

OFFICE = """\
year: 2025
visits:
  独立用户访问总量: 1200
  page_views: 34567
columns:
  topics: [news, policy]
interpretation:
  products: 2
services:
  catalogue: 是
  cases: {natural: 30, legal: 12}
security:
  drills: 否
innovation: [无障碍浏览, 适老模式]
contacts:
  phone: 0817-1234567
"""

ITEMS = {
    "content/news/a.md": item_md("二〇二五年要闻一", date="2025-03-02", category="news"),
    "content/news/b.md": item_md("二〇二五年要闻二", date="2025-06-02", category="news"),
    "content/fiscal/c.md": item_md("二〇二五年预算公开", date="2025-04-01", category="budget"),
    "content/policy/rule.md": item_md(
        "关于某事项的规定", date="2025-05-01", category="policy", doc_type="normative", validity="effective"
    ),
    "content/policy/jd.md": item_md(
        "《关于某事项的规定》解读", date="2025-05-03", category="policy", interprets="policy/rule.md"
    ),
    "content/news/old.md": item_md("二〇二四年要闻", date="2024-03-02", category="news"),
}


def yearly_portal(tmp_path: Path, office: str = OFFICE, **options: object) -> Path:
    return make_portal(
        tmp_path / "p",
        {**ITEMS, "content/yearly.yml": office},
        plugin_options={
            "compliance_page": True,
            "yearly_website_report": "content/yearly.yml",
            "footer": FULL_FOOTER,
            **options,
        },
    )


def _rows(site: Path) -> dict[str, list[str]]:
    data = (site / "compliance" / "yearly-website-report-2025.csv").read_bytes().decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(data)))
    assert table[0] == ["示例县人民政府政府网站工作年度报表（2025年度）"]
    assert table[1] == ["类别", "项目", "数值", "单位", "来源"]
    return {f"{r[0]}/{r[1]}": r[2:] for r in table[2:]}


def test_the_draft_counts_the_published_items_and_takes_the_rest_from_the_office(tmp_path: Path) -> None:
    root = yearly_portal(tmp_path)
    done = build(root)
    assert done.returncode == 0, done.stderr
    rows = _rows(root / "site")
    # Five items dated 2025 (the 2024 one is not counted): two in the news column (动态).
    assert rows["信息发布/总数"] == ["5", "条", "网站统计"]
    assert rows["信息发布/政务动态信息更新量"] == ["2", "条", "网站统计"]
    assert rows["信息发布/信息公开目录信息更新量"] == ["3", "条", "网站统计"]
    assert rows["信息发布/概况类信息更新量"] == ["0", "条", "网站统计"]
    # 专栏专题 are the office's two columns; news had items before 2025, policy opened in 2025.
    assert rows["专栏专题/维护数量"] == ["2", "个", "网站统计"]
    assert rows["专栏专题/新开设数量"] == ["1", "个", "网站统计"]
    assert rows["解读回应/其中：解读材料数量"] == ["1", "条", "网站统计"]
    assert rows["解读回应/（解读材料所解读的政策文件数）"] == ["1", "件", "网站统计"]
    assert rows["解读回应/解读信息发布总数"] == ["3", "条", "网站统计＋本单位填报"]
    assert rows["访问量/独立用户访问总量"] == ["1200", "个", "本单位填报"]
    assert rows["办事服务/办件量：总数"] == ["42", "件", "本单位填报"]
    assert rows["办事服务/是否发布服务事项目录"] == ["是", "", "本单位填报"]
    assert rows["安全防护/是否开展应急演练"] == ["否", "", "本单位填报"]
    assert rows["安全防护/安全检测评估次数"] == ["", "次", "本单位填报"]  # not given: blank, not 0
    assert rows["创新发展/创新发展情况"][0].startswith("☐搜索即服务　☐多语言版本　☑无障碍浏览")
    assert rows["创新发展/创新发展情况"][0].endswith("☑其他：适老模式")
    # 网站基本信息 from the portal's settings when the office does not give them.
    assert rows["网站基本信息/网站名称"] == ["示例县人民政府", "", "网站设置"]
    assert rows["网站基本信息/政府网站标识码"] == [FULL_FOOTER["site_code"], "", "网站设置"]
    page = lxml.html.parse(str(root / "site" / "compliance" / "index.html"))
    section = page.xpath('//section[@id="yearly-website-report"]')[0]
    assert section.xpath("string(h2)") == "示例县人民政府政府网站工作年度报表（2025年度）（草稿）"
    cells = {
        row.xpath("string(th)"): row.xpath("string(td[1])")
        for row in section.xpath(".//tbody/tr[th[@scope='row']]")
    }
    assert cells["总数"] == "5 条"
    assert cells["独立用户访问总量"] == "1200 个"
    assert cells["安全检测评估次数"] == "（未填报）"
    assert section.xpath(".//a[@download]/@href") == ["yearly-website-report-2025.csv"]


def test_bad_office_yaml_is_named_at_its_line_and_stops_the_build(tmp_path: Path) -> None:
    office = """\
website:
  网站类型: 门户
services:
  catalogue: 也许
  cases: {total: 10, natural: 3, legal: 4}
columns:
  topics: [news, nowhere]
security:
  problems_found: 1
  problems_fixed: 2
contacts:
  phone: 13912345678
"""
    root = yearly_portal(tmp_path, office)
    out = check_cli(root).stdout
    assert (
        "content/yearly.yml:2: error bad-yearly-report: 网站类型应为政府门户网站、部门网站、专项网站之一"
        in out
    )
    assert (
        "content/yearly.yml:4: error bad-yearly-report: “办事服务→是否发布服务事项目录”应填“是”或“否”" in out
    )
    assert "content/yearly.yml:5: error bad-yearly-report: 办件量总数写的是 10" in out
    assert (
        "content/yearly.yml:7: error bad-yearly-report: 栏目分类里的“nowhere”不是 catalog.yml 里的栏目 id"
        in out
    )
    assert "content/yearly.yml:10: warning bad-yearly-report: 问题整改数量多于发现问题数量" in out
    assert "content/yearly.yml:12: error pii-mobile: 年度报表将在网站公开" in out
    assert "13912345678" not in out  # the number is masked in the message
    site = root / "site"
    done = build(root)
    assert done.returncode != 0
    assert not site.exists()


def test_yaml_that_cannot_be_read_says_which_file(tmp_path: Path) -> None:
    root = yearly_portal(tmp_path, "visits:\n  page_views: [1\n")
    out = check_cli(root).stdout
    assert "content/yearly.yml:" in out and "error bad-yearly-report: 年度报表数据文件不是有效的 YAML" in out


def test_without_the_compliance_page_the_option_warns(tmp_path: Path) -> None:
    root = yearly_portal(tmp_path, compliance_page=False)
    out = check_cli(root).stdout
    assert (
        "mkdocs.yml:1: warning bad-yearly-report: 设置了 yearly_website_report，但没有开启 compliance_page"
        in out
    )


def _missing(root: Path, as_of: str) -> bool:
    done = opengov_cli(root, "report", "--format", "json", "--as-of", as_of)
    return bool(json.loads(done.stdout)["yearly_report_missing"])


def test_yearly_report_missing_after_31_january(tmp_path: Path) -> None:
    plain = make_portal(tmp_path / "plain", ITEMS)
    assert _missing(plain, "2026-01-31") is False  # not due yet
    assert _missing(plain, "2026-02-01") is True
    # The draft published with the compliance page is the 2025 report.
    drafted = yearly_portal(tmp_path)
    assert _missing(drafted, "2026-02-01") is False
    assert _missing(drafted, "2027-02-01") is True  # the 2026 one is not
    # An office that publishes the signed sheet as an item of its own.
    signed = {"content/news/yr.md": item_md("示例县人民政府2025年政府网站工作年度报表", date="2026-01-20")}
    own = make_portal(tmp_path / "own", {**ITEMS, **signed})
    assert _missing(own, "2026-02-01") is False


def test_a_year_the_portal_cannot_count_is_an_error_not_a_crash(tmp_path: Path) -> None:
    for n, year in enumerate(("0", "99999")):
        root = yearly_portal(tmp_path / str(n), f"year: {year}\n")
        out = check_cli(root)
        assert "Traceback" not in out.stderr
        assert "content/yearly.yml:1: error bad-yearly-report: “年度”应是 2000 至" in out.stdout
        assert f"现在是“{year}”" in out.stdout


def test_personal_numbers_written_other_ways_are_refused(tmp_path: Path) -> None:
    office = (
        "innovation: [无障碍浏览, 13912345678]\n"
        "contacts:\n"
        "  phone: １３９１２３４５６７８\n"
        "  head: |\n    张某\n    手机 139-1234-5678\n"
        "  preparer: 11010519491231002X\n"
    )
    out = check_cli(yearly_portal(tmp_path, office)).stdout
    assert "content/yearly.yml:1: error pii-mobile:" in out
    assert "content/yearly.yml:3: error pii-mobile:" in out
    assert "content/yearly.yml:4: error pii-mobile:" in out
    assert "content/yearly.yml:7: error pii-id-number: 年度报表将在网站公开" in out
    assert "请删去，或用 * 隐去其中至少 4 位数字" in out
