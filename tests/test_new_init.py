"""``opengov init`` and ``opengov new``, run as an editor would: the real CLI in a subprocess."""

from __future__ import annotations

import datetime as dt
import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from opengov.commands.new import make_slug, slug_from_doc_number, slug_from_title
from opengov.core.codes import uscc_valid
from opengov.core.dates import beijing_today
from opengov.core.indexno import index_pattern, next_index_no
from opengov.core.loader import LoadOptions, load_portal
from opengov.core.yamlpos import StrictLoader

ORG_CODE = "11000000MB00000001"  # valid GB 32100 check character
CZJ_CODE = "11000000MB00000027"  # valid too

MKDOCS_YML = """\
site_name: 测试县人民政府信息公开
site_url: https://www.example.gov.cn/
theme:
  name: material
  language: zh
plugins:
  - opengov
"""

CATALOG_YML = f"""\
organization:
  name: 测试县人民政府
  code: {ORG_CODE}
columns:
  - id: news
    title: 政务动态
    cadence: realtime
    inspection: news
  - id: policy
    title: 政策文件
    inspection: notice
    children:
      - id: normative
        title: 行政规范性文件
departments:
  - id: zfb
    name: 测试县人民政府办公室
  - id: czj
    name: 测试县财政局
    code: {CZJ_CODE}
"""


def opengov_command() -> list[str]:
    found = shutil.which("opengov")
    return [found] if found else [sys.executable, "-m", "opengov.cli"]


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """The CLI with stdin not a terminal (as in scripts and CI)."""
    return subprocess.run(
        [*opengov_command(), *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else b"<dir>"
        for p in sorted(folder.rglob("*"))
    }


def item_text(title: str, date: str, publisher: str, index_no: str, extra: str = "") -> str:
    return (
        f"---\ntitle: {title}\ndate: {date}\ncategory: news\npublisher: {publisher}\n"
        f"index_no: {index_no}\n{extra}---\n\n正文。\n"
    )


def front_matter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    front = text.split("\n---\n", 1)[0][4:]
    data = yaml.load(front, Loader=StrictLoader)  # noqa: S506 - the project's safe loader
    assert isinstance(data, dict)
    return data


@pytest.fixture
def portal(tmp_path: Path) -> Path:
    root = tmp_path / "portal"
    (root / "content" / "news" / "2025").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (root / "content" / "catalog.yml").write_text(CATALOG_YML, encoding="utf-8")
    return root


def load(root: Path):
    return load_portal(LoadOptions(root=root))


# -- init ----------------------------------------------------------------------------------


def test_init_writes_a_portal_that_checks_and_builds(tmp_path: Path) -> None:
    result = run(["init", "county"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    root = tmp_path / "county"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["county"]  # no temporary folder left
    assert "cd county && mkdocs serve" in result.stdout
    for path in (
        "mkdocs.yml",
        "content/catalog.yml",
        "docs/index.md",
        "docs/guide.md",
        ".gitignore",
        ".pre-commit-config.yaml",
        ".github/workflows/portal.yml",
    ):
        assert (root / path).is_file(), path
        assert path in result.stdout

    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == "某某县人民政府信息公开"
    assert config["theme"] == {"name": "material", "language": "zh"}
    assert config["plugins"] == ["opengov"]

    catalog = load(root).catalog
    assert catalog.organization.name == "某某县人民政府"
    assert uscc_valid(catalog.organization.code or "")
    assert len(catalog.columns) >= 15
    for column in ("news", "notices", "policy", "interpretation", "fiscal", "budget", "procurement"):
        assert column in catalog.columns
    assert catalog.columns["news"].inspection == "news"
    assert catalog.columns["policy"].inspection == "notice"
    assert catalog.columns["budget"].parent == "fiscal"
    assert len(catalog.departments) >= 10

    guide = (root / "docs" / "guide.md").read_text(encoding="utf-8")
    assert "政府信息公开指南" in guide and "【请填写】" in guide
    gitignore = (root / ".gitignore").read_text(encoding="utf-8")
    assert "site/" in gitignore and "site.opengov-*" in gitignore
    hooks = yaml.safe_load((root / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert hooks["repos"][0]["hooks"][0]["entry"] == "opengov check"
    workflow = (root / ".github" / "workflows" / "portal.yml").read_text(encoding="utf-8")
    assert "opengov check" in workflow and "mkdocs build" in workflow

    today = beijing_today()
    welcome = root / "content" / "news" / str(today.year) / "welcome.md"
    data = front_matter(welcome)
    assert data["date"] == today.isoformat()
    assert data["index_no"] == f"{catalog.organization.code}/{today.year}-00001"

    check = run(["check", "--format", "json"], cwd=root)
    assert check.returncode == 0, check.stdout
    assert not [f for f in yaml.safe_load(check.stdout) if f["severity"] == "error"]

    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"], cwd=root, capture_output=True, text=True, timeout=300
    )
    assert build.returncode == 0, build.stderr[-3000:]
    assert (root / "site" / "index.html").is_file()
    assert (root / "site" / "news" / str(today.year) / "welcome" / "index.html").is_file()

    # The new portal takes `opengov new` straight away, and numbers after the example.
    made = run(["new", "--column", "notices", "--publisher", "zfb", "--title", "关于试运行的公告"], cwd=root)
    assert made.returncode == 0, made.stderr
    assert (
        front_matter(root / made.stdout.strip())["index_no"]
        == f"{catalog.organization.code}/{today.year}-00002"
    )


def test_init_into_an_existing_empty_folder_with_name_and_code(tmp_path: Path) -> None:
    target = tmp_path / "here"
    target.mkdir()
    result = run(["init", ".", "--name", "示例县人民政府", "--code", CZJ_CODE], cwd=target)
    assert result.returncode == 0, result.stderr
    catalog = load(target).catalog
    assert catalog.organization.name == "示例县人民政府"
    assert catalog.organization.code == CZJ_CODE
    assert "示例县财政局" in {d.name for d in catalog.departments.values()}
    assert "示例县人民政府信息公开" in (target / "mkdocs.yml").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["here"]
    assert run(["check"], cwd=target).returncode == 0


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("已有内容\n", encoding="utf-8")
    before, parent_before = snapshot(target), sorted(p.name for p in tmp_path.iterdir())
    result = run(["init", "busy"], cwd=tmp_path)
    assert result.returncode != 0
    assert "不是空文件夹" in result.stderr
    assert snapshot(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == parent_before


def test_init_refuses_a_file_and_a_bad_name(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert run(["init", "file"], cwd=tmp_path).returncode != 0
    bad = run(["init", "portal", "--name", "某县: 人民政府"], cwd=tmp_path)
    assert bad.returncode == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


# -- new: flags ----------------------------------------------------------------------------


def test_new_takes_the_next_sequence_of_its_code_and_year(portal: Path) -> None:
    news = portal / "content" / "news" / "2025"
    (news / "a.md").write_text(item_text("一", "2025-01-05", "zfb", f"{ORG_CODE}/2025-00001"), "utf-8")
    # Unpublished items hold their numbers too.
    (news / "b.md").write_text(
        item_text("二", "2025-02-05", "zfb", f"{ORG_CODE}/2025-00007", "disclosure: on_request\n"), "utf-8"
    )
    (news / "c.md").write_text(item_text("三", "2025-03-05", "czj", f"{CZJ_CODE}/2025-00050"), "utf-8")

    result = run(
        [
            "new",
            "--column",
            "news",
            "--publisher",
            "zfb",
            "--title",
            "关于防汛的通知",
            "--date",
            "2025-06-01",
        ],
        portal,
    )
    assert result.returncode == 0, result.stderr
    rel = result.stdout.strip()
    assert rel == "content/news/2025/guan-yu-fang-xun-de-tong-zhi.md"
    data = front_matter(portal / rel)
    assert data["index_no"] == f"{ORG_CODE}/2025-00008"
    assert data == {
        "title": "关于防汛的通知",
        "date": "2025-06-01",
        "category": "news",
        "publisher": "zfb",
        "index_no": f"{ORG_CODE}/2025-00008",
        "doc_type": "other",
    }
    assert "（在此填写正文）" in (portal / rel).read_text(encoding="utf-8")
    # 成文日期 is left for the editor to give (a guess would hide a late publication).
    assert "# 成文日期: YYYY-MM-DD\n---\n" in (portal / rel).read_text(encoding="utf-8")

    other_year = run(
        [
            "new",
            "--column",
            "news",
            "--publisher",
            "zfb",
            "--title",
            "去年的信息",
            "--date",
            "2024年12月30日",
        ],
        portal,
    )
    assert other_year.returncode == 0, other_year.stderr
    assert other_year.stdout.strip().startswith("content/news/2024/")
    assert front_matter(portal / other_year.stdout.strip())["index_no"] == f"{ORG_CODE}/2024-00001"

    # A department with its own code numbers on its own.
    own = run(
        [
            "new",
            "--column",
            "news",
            "--publisher",
            "测试县财政局",
            "--title",
            "财政动态",
            "--date",
            "2025-06-02",
        ],
        portal,
    )
    assert own.returncode == 0, own.stderr
    data = front_matter(portal / own.stdout.strip())
    assert data["publisher"] == "czj"
    assert data["index_no"] == f"{CZJ_CODE}/2025-00051"

    check = run(["check"], portal)
    assert check.returncode == 0, check.stdout


def test_new_date_defaults_to_today_and_policy_is_effective(portal: Path) -> None:
    result = run(
        [
            "new",
            "--column",
            "normative",
            "--publisher",
            "zfb",
            "--title",
            "关于印发《测试县财政资金管理办法》的通知",
            "--doc-number",
            "示府办发〔2025〕12号",
            "--doc-type",
            "行政规范性文件",
        ],
        portal,
    )
    assert result.returncode == 0, result.stderr
    today = beijing_today()
    rel = result.stdout.strip()
    assert rel == f"content/normative/{today.year}/sfbf-2025-12.md"
    data = front_matter(portal / rel)
    assert data["date"] == today.isoformat()
    assert data["doc_number"] == "示府办发〔2025〕12号"
    assert data["doc_type"] == "normative"
    assert data["validity"] == "effective"
    assert data["index_no"] == f"{ORG_CODE}/{today.year}-00001"

    # The same 文号 again: the name is taken, so -2.
    again = run(
        [
            "new",
            "--column",
            "normative",
            "--publisher",
            "zfb",
            "--title",
            "另一份",
            "--doc-number",
            "示府办发〔2025〕12号",
            "--doc-type",
            "normative",
        ],
        portal,
    )
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == f"content/normative/{today.year}/sfbf-2025-12-2.md"
    assert front_matter(portal / again.stdout.strip())["index_no"] == f"{ORG_CODE}/{today.year}-00002"
    assert run(["check"], portal).returncode == 0


def test_new_quotes_awkward_titles(portal: Path) -> None:
    title = '关于"双减"工作: 第2批 #名单 & 说明'
    result = run(
        ["new", "--column", "news", "--publisher", "zfb", "--title", title, "--date", "2025-5-1"], portal
    )
    assert result.returncode == 0, result.stderr
    assert front_matter(portal / result.stdout.strip())["title"] == title
    assert run(["check"], portal).returncode == 0


@pytest.mark.parametrize(
    "args",
    [
        ["--column", "news", "--publisher", "zfb"],  # no title, not a terminal
        ["--publisher", "zfb", "--title", "标题"],  # no column
        ["--column", "news", "--publisher", "nobody", "--title", "标题"],  # unknown publisher
        ["--column", "nowhere", "--publisher", "zfb", "--title", "标题"],  # unknown column
        ["--column", "news", "--publisher", "zfb", "--title", "标题", "--date", "2025-02-30"],
        ["--column", "news", "--publisher", "zfb", "--title", "标题", "--doc-type", "通知"],
    ],
)
def test_new_usage_errors_write_nothing(portal: Path, args: list[str]) -> None:
    before = snapshot(portal)
    result = run(["new", *args], portal)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip()
    assert snapshot(portal) == before


def test_new_unknown_publisher_lists_the_choices(portal: Path) -> None:
    result = run(["new", "--column", "news", "--publisher", "县财政", "--title", "标题"], portal)
    assert result.returncode == 2
    assert "发布机构“县财政”不在" in result.stderr
    assert "测试县财政局（czj）" in result.stderr and "zfb" in result.stderr


def test_new_refuses_when_the_catalog_has_errors(portal: Path) -> None:
    catalog = portal / "content" / "catalog.yml"
    catalog.write_text(CATALOG_YML + "  - id: Bad Id\n    name: 坏\n", encoding="utf-8")
    before = snapshot(portal)
    result = run(["new", "--column", "news", "--publisher", "zfb", "--title", "标题"], portal)
    assert result.returncode == 1
    assert "content/catalog.yml:" in result.stdout and "bad-catalog" in result.stdout
    assert snapshot(portal) == before


def test_new_reads_another_config_file(portal: Path, tmp_path: Path) -> None:
    result = run(
        [
            "new",
            "-f",
            str(portal / "mkdocs.yml"),
            "--column",
            "news",
            "--publisher",
            "zfb",
            "--title",
            "别处运行",
        ],
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert (portal / result.stdout.strip()).is_file()
    assert run(["new", "--column", "news", "--publisher", "zfb", "--title", "x"], tmp_path).returncode == 2


# -- new: in a terminal --------------------------------------------------------------------


class Terminal:
    """A child process whose stdin and stderr are a pseudo-terminal; stdout stays a pipe."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(
            [*opengov_command(), *args], cwd=cwd, stdin=slave, stderr=slave, stdout=subprocess.PIPE
        )
        os.close(slave)
        self.seen = b""

    def expect(self, text: str, timeout: float = 60) -> None:
        wanted = text.encode("utf-8")
        deadline = time.monotonic() + timeout
        while wanted not in self.seen:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"no {text!r} in {self.seen.decode('utf-8', 'replace')}"
            ready, _, _ = select.select([self.master], [], [], remaining)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:  # the child closed the terminal
                    chunk = b""
                assert chunk, f"process ended before {text!r}: {self.seen.decode('utf-8', 'replace')}"
                self.seen += chunk
        self.seen = self.seen[self.seen.index(wanted) + len(wanted) :]

    def send(self, line: str) -> None:
        os.write(self.master, (line + "\n").encode("utf-8"))

    def finish(self) -> tuple[int, str]:
        out, _ = self.proc.communicate(timeout=60)
        os.close(self.master)
        return self.proc.returncode, out.decode("utf-8")


def test_new_prompts_in_a_terminal(portal: Path) -> None:
    term = Terminal(["new"], portal)
    term.expect("政策文件（policy）")  # the numbered column list
    term.expect("请选择栏目")
    term.send("99")  # not on the list: asked again
    term.expect("请选择栏目")
    term.send("1")  # 政务动态 (news)
    term.expect("测试县财政局（czj）")
    term.expect("请选择发布机构")
    term.send("测试县财政局")
    term.expect("标题：")
    term.send("关于做好2025年防汛工作的通知")
    term.expect("发布日期 [")
    term.send("")  # today
    term.expect("文号")
    term.send("")
    term.expect("文件类型")
    term.send("")
    code, out = term.finish()
    assert code == 0
    today = beijing_today()
    rel = out.strip()
    assert rel == f"content/news/{today.year}/guan-yu-zuo-hao-2025-nian-fang-xun-gong-zuo-de-tong-zhi.md"
    data = front_matter(portal / rel)
    assert data["category"] == "news" and data["publisher"] == "czj"
    assert data["date"] == today.isoformat() and data["doc_type"] == "other"
    assert data["index_no"] == f"{CZJ_CODE}/{today.year}-00001"
    assert run(["check"], portal).returncode == 0


def test_new_prompts_only_for_what_is_missing_and_ctrl_d_cancels(portal: Path) -> None:
    before = snapshot(portal)
    term = Terminal(["new", "--column", "news", "--publisher", "zfb"], portal)
    term.expect("标题：")
    os.write(term.master, b"\x04")  # Ctrl-D at the title prompt
    code, out = term.finish()
    assert code == 2 and out == ""
    assert snapshot(portal) == before


# -- pure parts ----------------------------------------------------------------------------


def test_slugs() -> None:
    assert slug_from_doc_number("示府办发〔2025〕12号") == "sfbf-2025-12"
    assert slug_from_doc_number("示府令第3号") == "sfl-3"
    assert slug_from_title("关于2025年财政预算的通知") == "guan-yu-2025-nian-cai-zheng-yu-suan-de-tong-zhi"
    assert slug_from_title("绿色ＧＤＰ（试行）") == "lv-se-gdp-shi-xing"
    long = slug_from_title("关于印发" + "财政" * 40 + "的通知")
    assert len(long) <= 60 and not long.endswith("-")
    assert make_slug("《》", None) == "item"
    assert make_slug("标题", "〔〕") == "biao-ti"


def test_index_pattern_and_formats(portal: Path) -> None:
    day = dt.date(2025, 3, 4)
    pattern = index_pattern("{code}/{year}-{seq:05d}", "ABC", day)
    assert pattern.fullmatch("ABC/2025-00012").group("seq") == "00012"
    assert pattern.fullmatch("ABC/2025-123456").group("seq") == "123456"
    assert pattern.fullmatch("ABC/2024-00012") is None
    assert pattern.fullmatch("ABD/2025-00012") is None
    plain = index_pattern("{code}-{year}{month:02d}-{seq}", "X.Y", day)
    assert plain.fullmatch("X.Y-202511-9").group("seq") == "9"
    assert plain.fullmatch("XzY-202511-9") is None  # the code is literal, not a regex

    catalog = portal / "content" / "catalog.yml"
    catalog.write_text(
        CATALOG_YML.replace(
            f"  code: {ORG_CODE}\n",
            f'  code: {ORG_CODE}\n  index_format: "{{code}}-{{year}}{{month:02d}}-{{seq}}"\n',
        ),
        encoding="utf-8",
    )
    news = portal / "content" / "news" / "2025"
    (news / "a.md").write_text(item_text("一", "2025-01-05", "zfb", f"{ORG_CODE}-202501-3"), "utf-8")
    (news / "b.md").write_text(item_text("二", "2025-02-05", "zfb", f"{ORG_CODE}-202502-11"), "utf-8")
    loaded = load(portal)
    assert next_index_no(loaded, "zfb", day) == f"{ORG_CODE}-202503-12"
    assert next_index_no(loaded, "zfb", dt.date(2026, 1, 1)) == f"{ORG_CODE}-202601-1"
    assert next_index_no(loaded, "czj", day) == f"{CZJ_CODE}-202503-1"
