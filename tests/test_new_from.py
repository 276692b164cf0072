"""``opengov new --from FILE.docx``: realistic 红头文件 become items, run as an editor runs it."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import _env, build, check_cli, opengov_cli
from factories import REDHEAD_BODY, item_md, make_portal, redhead_docx, xlsx_file

from opengov.documents.markdown import escape, heading_level
from opengov.documents.redhead import parse_date


def new_from(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``opengov new --from …`` with no terminal (stdin is not a tty)."""
    return opengov_cli(root, "new", *args)


def front_and_body(path: Path) -> tuple[dict[str, object], str, str]:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), front, body


def files_under(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def portal(tmp_path: Path) -> Path:
    return make_portal(tmp_path / "portal", {"content/news/a.md": item_md()})


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


def test_a_full_redhead_document_becomes_an_item(portal: Path, inbox: Path) -> None:
    doc = inbox / "45号文.docx"
    doc.write_bytes(
        redhead_docx(
            body=REDHEAD_BODY,
            attachments=["2017年政务公开工作任务分解表", "联系人名单"],
            signer="示例县人民政府办公室",
            date="二〇一七年七月二十七日",
            image=True,
        )
    )
    (inbox / "2017年政务公开工作任务分解表.xlsx").write_bytes(
        xlsx_file([["任务", "责任单位"], ["预算公开", "县财政局"]])
    )
    (inbox / "附件2.csv").write_text("姓名,单位\n李明,县政府办公室\n", encoding="utf-8")
    result = new_from(portal, "--from", str(doc), "--column", "policy", "--date", "2017-07-28")
    assert result.returncode == 0, result.stderr
    target = portal / result.stdout.strip()
    assert target.parent == portal / "content/policy/2017"
    front, raw_front, body = front_and_body(target)
    assert front["title"] == "关于印发示例县2017年政务公开工作要点的通知"  # not the banner line
    assert front["doc_number"] == "示府办发〔2017〕45号"
    assert front["written"] == dt.date(2017, 7, 27)
    assert front["date"] == dt.date(2017, 7, 28)
    assert front["publisher"] == "zfb"  # 示例县人民政府办公室 is the catalog's 县政府办公室
    assert str(front["index_no"]).startswith("11511325MB12345622/2017-")
    assert "# 成文日期" not in raw_front and "# 文号" not in raw_front
    # The body: 主送 first, headings by level, bold, the table, the image; no banner, 文号,
    # signature, note or 版记; no Word indentation.
    lines = body.strip().split("\n\n")
    assert lines[0] == "各乡镇人民政府，县级各部门："
    for heading in (
        "## 一、总体要求",
        "### （一）指导思想",
        "#### 1\\.推进预算公开",
        "##### （1）部门预算",
        "## 二、保障措施",
    ):
        assert heading in lines, heading
    assert "**坚持以公开为常态。**各部门要把公开作为常态，不公开作为例外。" in lines
    assert "（一）加强组织领导。各乡镇、各部门要明确分管领导，确保工作落实。" in lines  # goes on: a paragraph
    assert "| 项目 | 金额（万元） | 备注 |\n|---|---|---|\n| 基本支出 | 3200 | 人员经费 |" in body
    for gone in (
        "示例县人民政府办公室文件",
        "示府办发",
        "抄送",
        "印发",
        "此件公开发布",
        "二〇一七年",
        "\u3000",
    ):
        assert gone not in body, gone
    images = sorted(p.name for p in target.parent.glob(f"{target.stem}-*.png"))
    assert images == [f"{target.stem}-1.png"] and f"![图1]({target.stem}-1.png)" in body
    # The 附件 list became attachments, with the files beside the .docx, and the original.
    assert front["attachments"] == [
        {"path": f"{target.stem}-fj1.xlsx", "title": "2017年政务公开工作任务分解表"},
        {"path": f"{target.stem}-fj2.csv", "title": "联系人名单"},
        {"path": f"{target.stem}.docx", "title": "关于印发示例县2017年政务公开工作要点的通知（原文）"},
    ]
    assert (target.parent / f"{target.stem}.docx").read_bytes() == doc.read_bytes()
    assert "附件：" not in body
    # The portal builds clean with it and publishes it.
    checked = check_cli(portal)
    assert checked.returncode == 0 and " error " not in checked.stdout, checked.stdout
    built = build(portal)
    assert built.returncode == 0, built.stderr
    page = (
        portal / "site" / target.relative_to(portal / "content").with_suffix("") / "index.html"
    ).read_text("utf-8")
    assert "<h2" in page and "金额（万元）" in page and f"{target.stem}-fj1.xlsx" in page


def test_a_title_over_two_lines_and_a_signature_in_arabic_numerals(portal: Path, inbox: Path) -> None:
    doc = inbox / "notice.docx"
    doc.write_bytes(
        redhead_docx(
            banner="示例县财政局文件",
            doc_number="示财发〔2024〕3号",
            title=["关于做好2024年县级部门预算", "公开工作的通知"],
            recipients="县级各部门：",
            body=["请按要求公开部门预算。"],
            signer="示例县财政局",
            date="2024年3月1日",
        )
    )
    result = new_from(portal, "--from", str(doc), "--column", "budget", "--no-original")
    assert result.returncode == 0, result.stderr
    front, _raw, body = front_and_body(portal / result.stdout.strip())
    assert front["title"] == "关于做好2024年县级部门预算公开工作的通知"
    assert front["publisher"] == "czj" and front["written"] == dt.date(2024, 3, 1)
    assert "attachments" not in front  # --no-original, and no 附件 list
    assert body.strip().split("\n\n") == ["县级各部门：", "请按要求公开部门预算。"]


def test_no_doc_number_and_no_date_give_commented_prompts_never_guesses(portal: Path, inbox: Path) -> None:
    doc = inbox / "plain.docx"
    doc.write_bytes(
        redhead_docx(
            banner=None, doc_number=None, title="关于开展安全生产检查的通知", date=None, imprint=False
        )
    )
    result = new_from(portal, "--from", str(doc), "--column", "news", "--publisher", "zfb")
    assert result.returncode == 0, result.stderr
    target = portal / result.stdout.strip()
    front, raw_front, _body = front_and_body(target)
    assert "written" not in front and "doc_number" not in front
    assert "# 成文日期: YYYY-MM-DD" in raw_front and "# 文号: " in raw_front
    assert "没有找到文号" in result.stderr and "没有找到成文日期" in result.stderr
    assert check_cli(portal).returncode == 0


def test_an_attachment_without_its_file_stays_listed_in_the_body(portal: Path, inbox: Path) -> None:
    doc = inbox / "a.docx"
    doc.write_bytes(redhead_docx(body=["正文内容。"], attachments=["资金分配表"]))
    result = new_from(portal, "--from", str(doc), "--column", "news", "--no-original")
    assert result.returncode == 0, result.stderr
    front, _raw, body = front_and_body(portal / result.stdout.strip())
    assert "attachments" not in front
    assert "附件：\n\n1. 资金分配表" in body
    assert "“资金分配表”没有找到对应的文件" in result.stderr


def test_a_signature_the_catalog_does_not_know_needs_the_publisher_and_writes_nothing(
    portal: Path, inbox: Path
) -> None:
    doc = inbox / "a.docx"
    doc.write_bytes(redhead_docx(signer="示例县气象局"))
    before = files_under(portal)
    result = new_from(portal, "--from", str(doc), "--column", "news")
    assert result.returncode == 2
    assert "--publisher" in result.stderr and "示例县气象局" in result.stderr
    assert files_under(portal) == before


@pytest.mark.parametrize(
    "name, data", [("a.docx", b"not a zip"), ("a.doc", b"\xd0\xcf\x11\xe0"), ("gone.docx", None)]
)
def test_what_is_no_docx_is_refused_and_nothing_is_written(
    portal: Path, inbox: Path, name: str, data: bytes | None
) -> None:
    if data is not None:
        (inbox / name).write_bytes(data)
    before = files_under(portal)
    result = new_from(portal, "--from", str(inbox / name), "--column", "news", "--publisher", "zfb")
    assert result.returncode == 2
    assert name in result.stderr and "Traceback" not in result.stderr
    assert files_under(portal) == before


def test_in_a_terminal_the_missing_date_is_asked_for(portal: Path, inbox: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    doc = inbox / "a.docx"
    doc.write_bytes(redhead_docx(date=None, doc_number=None))
    child = pexpect.spawn(
        "opengov",
        ["new", "--from", str(doc), "--column", "news"],
        cwd=str(portal),
        env=_env(),
        encoding="utf-8",
        timeout=60,
    )
    child.expect("没有找到文号")
    child.sendline("")
    child.expect("落款日期")
    child.sendline("2017-02-30")  # no such day: asked again
    child.expect("落款日期")
    child.sendline("2017年7月27日")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    path = next(p for p in (portal / "content/news").rglob("*.md") if p.name != "a.md")
    front, _raw, _body = front_and_body(path)
    assert front["written"] == dt.date(2017, 7, 27) and "doc_number" not in front


def test_dates_of_signatures() -> None:
    assert parse_date("二〇一七年七月二十七日") == dt.date(2017, 7, 27)
    assert parse_date("二○二四年十二月三十一日") == dt.date(2024, 12, 31)
    assert parse_date("2017 年 7 月 7 日") == dt.date(2017, 7, 7)
    assert parse_date("二〇一七年二月三十日") is None
    assert parse_date("2017年13月1日") is None


def test_heading_levels_and_escaping() -> None:
    assert heading_level("一、总体要求") == 2
    assert heading_level("（二）工作任务") == 3
    assert heading_level("3．预算公开") == 4
    assert heading_level("（4）决算") == 5
    assert heading_level("1.5万元已拨付到位。") is None
    assert heading_level("（一）加强领导。各部门要落实责任。") is None
    assert escape("<script>alert(1)</script>") == "&lt;script\\>alert(1)&lt;/script\\>"
    assert escape("1. 不是列表") == "1\\. 不是列表"


def test_markup_in_a_document_stays_text_on_the_page(portal: Path, inbox: Path) -> None:
    doc = inbox / "a.docx"
    doc.write_bytes(redhead_docx(body=["<script>alert(1)</script> 与 *星号* 和 [链接](javascript:alert(1))"]))
    result = new_from(portal, "--from", str(doc), "--column", "news", "--no-original")
    assert result.returncode == 0, result.stderr
    built = build(portal)
    assert built.returncode == 0, built.stdout + built.stderr
    rel = Path(result.stdout.strip()).relative_to("content").with_suffix("")
    page = (portal / "site" / rel / "index.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 与 *星号* 和 [链接](javascript:alert(1))" in page
    assert "<script>alert(1)" not in page
    assert 'href="javascript' not in page
