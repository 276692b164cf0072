"""``opengov import``: a former portal's archive moves over, run as an operator runs it."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import build, check_cli, opengov_cli, snapshot
from factories import REDHEAD_BODY, item_md, make_portal, redhead_docx, xlsx_file

HEADERS = [
    "标题",
    "发布日期",
    "栏目",
    "发布机构",
    "索引号",
    "成文日期",
    "文号",
    "有效性",
    "文件类型",
    "摘要",
    "正文",
    "正文文件",
    "附件",
    "原网址",
]
MAP_YML = "columns:\n  政务要闻: news\n  财政预决算: budget\ndepartments:\n  县府办: zfb\n"


def archive_rows(count: int) -> list[list[object]]:
    """Rows as a former portal exports them: three kinds of body, attachments, old addresses."""
    rows: list[list[object]] = []
    for n in range(1, count + 1):
        kind = n % 3
        body = {
            0: f"<p style='text-indent:2em'>　　第{n}期工作动态。</p><h3>一、工作进展</h3><p><b>重点</b>任务完成{n}项。</p>",
            1: f"第{n}号公告正文第一段。\n第二段：资金{n * 10}万元。",
            2: "",
        }[kind]
        rows.append(
            [
                f"关于第{n}期政务公开工作的通知",
                f"2017-07-{n % 28 + 1:02d}",
                "政务要闻" if n % 2 else "财政预决算",
                "示例县财政局" if n % 2 else "县府办",
                f"11511325MB12345622/2017-{n:05d}",
                "2017年7月1日",
                f"示府发〔2017〕{n}号",
                "有效",
                "其他",
                "",
                body,
                "docs/a.docx" if kind == 2 else "",
                "files/table.xlsx;files/list.csv" if n % 10 == 0 else "",
                f"http://www.old.gov.cn/art/2017/7/{n % 28 + 1}/art_1234_{n}.html;/col/col{n}/",
            ]
        )
    return rows


def write_archive(folder: Path, rows: list[list[object]]) -> Path:
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    (folder / "files").mkdir(exist_ok=True)
    (folder / "docs/a.docx").write_bytes(redhead_docx(body=REDHEAD_BODY, image=True))
    (folder / "files/table.xlsx").write_bytes(xlsx_file([["项目", "金额"], ["设备", 12]]))
    (folder / "files/list.csv").write_text("序号,名称\n1,路灯维护\n", encoding="utf-8")
    (folder / "map.yml").write_text(MAP_YML, encoding="utf-8")
    manifest = folder / "清单.xlsx"
    manifest.write_bytes(xlsx_file([HEADERS, *rows], sheet="信息列表"))
    return manifest


def redirect_target(site: Path, rel: str) -> str:
    page = (site / rel).read_text(encoding="utf-8")
    found = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', page)
    assert found, page
    return urljoin("https://example.gov.cn/" + rel, found.group(1)).removeprefix("https://example.gov.cn")


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    base = tmp_path_factory.mktemp("import")
    root = make_portal(base / "portal", {"content/news/a.md": item_md()})
    manifest = write_archive(base / "archive", archive_rows(300))
    result = opengov_cli(root, "import", str(manifest), "--map", str(base / "archive/map.yml"))
    assert result.returncode == 0, result.stdout + result.stderr
    return root, manifest, result.stderr


def test_a_manifest_of_hundreds_of_rows_imports_and_builds_clean(imported: tuple[Path, Path, str]) -> None:
    root, _manifest, stderr = imported
    assert "新增 300 条，更新 0 条，0 条没有变化" in stderr
    items = sorted((root / "content").rglob("*.md"))
    assert len(items) == 301
    checked = check_cli(root)
    assert checked.returncode == 0, checked.stdout
    assert " error " not in checked.stdout
    built = build(root)
    assert built.returncode == 0, built.stdout + built.stderr


def test_rows_become_items_as_the_front_matter_says(imported: tuple[Path, Path, str]) -> None:
    root, _manifest, _stderr = imported
    text = (root / "content/news/2017/sff-2017-5.md").read_text(encoding="utf-8")  # a .docx body
    assert (
        "title: 关于第5期政务公开工作的通知\n" in text and "index_no: 11511325MB12345622/2017-00005\n" in text
    )
    assert "category: news\n" in text and "publisher: czj\n" in text  # 示例县财政局 is 县财政局
    assert "written: 2017-07-01\n" in text and "validity: 有效\n" in text
    assert "old_urls:\n- /art/2017/7/6/art_1234_5.html\n- /col/col5/\n" in text
    assert "## 一、总体要求" in text and "![图1](sff-2017-5-1.png)" in text
    assert (root / "content/news/2017/sff-2017-5-1.png").is_file()
    html_row = (root / "content/budget/2017/sff-2017-6.md").read_text(encoding="utf-8")  # an HTML body
    assert "publisher: zfb\n" in html_row  # 县府办, by the map
    assert (
        "第6期工作动态。" in html_row
        and "### 一、工作进展" in html_row
        and "**重点**任务完成6项。" in html_row
    )
    assert "style=" not in html_row and "\u3000" not in html_row
    with_files = (root / "content/budget/2017/sff-2017-10.md").read_text(encoding="utf-8")
    assert (
        "- path: sff-2017-10-fj1.xlsx\n  title: table\n- path: sff-2017-10-fj2.csv\n  title: list\n"
        in with_files
    )


def test_every_old_address_redirects_to_its_item(imported: tuple[Path, Path, str]) -> None:
    root, _manifest, _stderr = imported
    site = root / "site"
    if not site.is_dir():
        assert build(root).returncode == 0
    assert redirect_target(site, "art/2017/7/4/art_1234_3.html") == "/news/2017/sff-2017-3/"
    assert redirect_target(site, "col/col3/index.html") == "/news/2017/sff-2017-3/"
    for n in range(1, 301):
        assert (site / f"art/2017/7/{n % 28 + 1}/art_1234_{n}.html").is_file(), n


def test_a_second_run_changes_nothing(imported: tuple[Path, Path, str]) -> None:
    root, manifest, _stderr = imported
    before = snapshot(root / "content")
    again = opengov_cli(root, "import", str(manifest), "--map", str(manifest.parent / "map.yml"))
    assert again.returncode == 0, again.stdout + again.stderr
    assert "新增 0 条，更新 0 条，300 条没有变化" in again.stderr
    assert snapshot(root / "content") == before


def test_a_changed_row_updates_its_item_keyed_by_index_no_else_old_address(tmp_path: Path) -> None:
    root = make_portal(tmp_path / "portal", {"content/news/a.md": item_md()})
    rows = archive_rows(2)
    manifest = write_archive(tmp_path / "archive", rows)
    args = ("import", str(manifest), "--map", str(tmp_path / "archive/map.yml"))
    assert opengov_cli(root, *args).returncode == 0
    rows[0][0] = "关于第1期政务公开工作的通知（修订）"
    rows[0][6] = "示府发〔2017〕101号"  # a new 文号 would give a new file name: the item keeps its own
    rows[1][4] = ""  # no 索引号: found by its 原网址
    manifest.write_bytes(xlsx_file([HEADERS, *rows], sheet="信息列表"))
    result = opengov_cli(root, *args)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "新增 0 条，更新 1 条，1 条没有变化" in result.stderr
    assert "（修订）" in (root / "content/news/2017/sff-2017-1.md").read_text(encoding="utf-8")
    assert len(list((root / "content").rglob("*.md"))) == 3


def test_bad_rows_are_each_named_and_nothing_is_written(tmp_path: Path) -> None:
    root = make_portal(
        tmp_path / "portal", {"content/news/a.md": item_md(index_no="11511325MB12345622/2017-00099")}
    )
    rows = archive_rows(8)
    rows[0][2] = "不存在的栏目"
    rows[1][1] = "2017-02-30"
    rows[2][0] = ""
    rows[3][12] = "files/missing.pdf"
    rows[4][4] = rows[5][4]  # two rows, one 索引号
    rows[6][10] = "联系人手机13912345678。"  # personal data: the privacy guard's rule
    rows[7][4] = "11511325MB12345622/2017-00099"  # the number of an item the portal has: it is updated…
    rows[7][3] = "县气象局"  # …but this department is unknown
    manifest = write_archive(tmp_path / "archive", rows)
    before = snapshot(root / "content")
    result = opengov_cli(root, "import", str(manifest), "--map", str(tmp_path / "archive/map.yml"))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    where = str(manifest)
    for row, code in [
        (2, "unknown-column"),
        (3, "bad-date"),
        (4, "missing-key"),
        (5, "missing-attachment"),
        (7, "duplicate-index-no"),
        (9, "unknown-department"),
    ]:
        assert any(line.startswith(f"{where}:{row}: error {code}: 工作表“信息列表”") for line in lines), (
            row,
            code,
            lines,
        )
    assert "没有写入任何文件" in result.stderr
    assert snapshot(root / "content") == before
    # With the other rows mended, the guard's findings come from the check a build makes.
    rows = archive_rows(8)
    rows[6][10] = "联系人手机13912345678。"
    manifest.write_bytes(xlsx_file([HEADERS, *rows], sheet="信息列表"))
    result = opengov_cli(
        root, "import", str(manifest), "--map", str(tmp_path / "archive/map.yml"), "--dry-run"
    )
    assert result.returncode == 1
    assert any(line.startswith(f"{where}:8: error pii-mobile:") for line in result.stdout.splitlines()), (
        result.stdout
    )
    assert snapshot(root / "content") == before


def test_dry_run_reports_and_writes_nothing(tmp_path: Path) -> None:
    root = make_portal(tmp_path / "portal", {"content/news/a.md": item_md()})
    manifest = write_archive(tmp_path / "archive", archive_rows(5))
    before = snapshot(root / "content")
    result = opengov_cli(
        root, "import", str(manifest), "--map", str(tmp_path / "archive/map.yml"), "--dry-run"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "导入将新增 5 条" in result.stderr and "没有写入任何文件" in result.stderr
    assert snapshot(root / "content") == before


def test_a_gbk_csv_with_english_headers(tmp_path: Path) -> None:
    root = make_portal(tmp_path / "portal", {"content/news/a.md": item_md()})
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["title", "date", "category", "publisher", "body", "old_urls"])
    writer.writerow(
        [
            "县政府常务会议召开",
            "2017年7月27日",
            "news",
            "zfb",
            "会议研究了有关事项。",
            "/art/2017/7/27/art_1_2.html",
        ]
    )
    manifest = tmp_path / "old.csv"
    manifest.write_bytes(out.getvalue().encode("gbk"))
    result = opengov_cli(root, "import", str(manifest))
    assert result.returncode == 0, result.stdout + result.stderr
    text = next(p for p in (root / "content/news").rglob("*.md") if p.name != "a.md").read_text(
        encoding="utf-8"
    )
    assert "title: 县政府常务会议召开\n" in text and "会议研究了有关事项。" in text
    assert re.search(r"index_no: 11511325MB12345622/2017-\d{5}\n", text)  # a fresh 索引号


def test_an_unknown_header_is_reported_on_row_1(tmp_path: Path) -> None:
    root = make_portal(tmp_path / "portal", {"content/news/a.md": item_md()})
    manifest = tmp_path / "m.csv"
    manifest.write_text("标题,发布日期,栏目,发布机构,浏览次数\n甲,2017-01-01,news,zfb,12\n", encoding="utf-8")
    result = opengov_cli(root, "import", str(manifest))
    assert result.returncode == 1
    assert f"{manifest}:1: error bad-value: 不认识的列名“浏览次数”" in result.stdout
