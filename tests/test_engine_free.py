"""``opengov check``, ``new`` and ``report`` run with MkDocs and Material impossible to import (issue 14).

Each command runs twice in a real process, once as usual and once behind an import blocker
(a ``sitecustomize`` that refuses ``mkdocs``, ``material`` and their submodules); the exit
status, the output and the files written must be the same.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import snapshot
from factories import FULL_FOOTER, MKDOCS_YML, REDHEAD_BODY, item_md, make_portal, redhead_docx
from test_config_read import BAD_OPTIONS

import opengov

BLOCKER = """\
import sys


class _NoEngine:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("mkdocs", "material"):
            raise ImportError(f"{name} is blocked by the engine-free test")
        return None


sys.meta_path.insert(0, _NoEngine())
"""
MAIN = "import sys; from opengov.cli import main; sys.exit(main(sys.argv[1:]))"
PLUGINS = str(Path(opengov.__file__).resolve().parents[1])
ITEMS = {
    "content/news/a.md": item_md(title="第一条", written="2024-03-01"),
    "content/fiscal/b.md": item_md(title="第二条", category="fiscal", doc_type="normative"),
}


@pytest.fixture
def blocker(tmp_path: Path) -> Path:
    folder = tmp_path / "blocker"
    folder.mkdir()
    (folder / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    return folder


def run(root: Path, args: list[str], blocker: Path | None = None) -> subprocess.CompletedProcess[str]:
    path = [str(blocker)] if blocker else []
    env = {**os.environ, "PYTHONUTF8": "1", "NO_COLOR": "1", "PYTHONPATH": os.pathsep.join([*path, PLUGINS])}
    return subprocess.run(
        [sys.executable, "-c", MAIN, *args],
        cwd=root,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def same_with_and_without_engine(
    root: Path, args: list[str], blocker: Path
) -> subprocess.CompletedProcess[str]:
    usual = run(root, args)
    free = run(root, args, blocker)
    assert "Traceback" not in free.stderr, free.stderr
    assert (free.returncode, free.stdout, free.stderr) == (usual.returncode, usual.stdout, usual.stderr)
    return free


def test_the_blocker_blocks(tmp_path: Path, blocker: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(blocker)}
    for module in ("mkdocs", "mkdocs.config", "material"):
        result = subprocess.run(
            [sys.executable, "-c", f"import {module}"], env=env, capture_output=True, text=True
        )
        assert result.returncode != 0 and "blocked" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["check"], id="check"),
        pytest.param(["check", "--format", "json"], id="check-json"),
        pytest.param(["report", "--as-of", "2024-10-15"], id="report"),
        pytest.param(
            ["report", "--as-of", "2024-10-15", "--format", "json", "--fail-on", "blank"], id="report-json"
        ),
    ],
)
def test_check_and_report_run_without_the_engine(portal_dir: Path, blocker: Path, args: list[str]) -> None:
    make_portal(portal_dir, ITEMS, plugin_options={"footer": FULL_FOOTER, "page_size": 5})
    result = same_with_and_without_engine(portal_dir, args, blocker)
    assert result.stdout.strip()


def test_findings_without_the_engine(portal_dir: Path, blocker: Path) -> None:
    make_portal(portal_dir, {**ITEMS, "content/news/c.md": item_md(title="坏日期", date="2017-02-30")})
    result = same_with_and_without_engine(portal_dir, ["check"], blocker)
    assert result.returncode == 1 and "bad-date" in result.stdout


def test_new_runs_without_the_engine(tmp_path: Path, blocker: Path) -> None:
    args = [
        "new",
        "--column",
        "news",
        "--publisher",
        "czj",
        "--title",
        "关于试运行的公告",
        "--date",
        "2024-06-03",
    ]
    usual_root = make_portal(tmp_path / "usual", ITEMS)
    free_root = tmp_path / "free"
    shutil.copytree(usual_root, free_root)
    usual, free = run(usual_root, args), run(free_root, args, blocker)
    assert free.returncode == usual.returncode == 0, free.stderr
    assert free.stdout == usual.stdout and free.stdout.strip().endswith(".md")
    made = free.stdout.strip()
    assert (free_root / made).read_bytes() == (usual_root / made).read_bytes()


def test_documents_come_in_without_the_engine(tmp_path: Path, blocker: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "45.docx").write_bytes(redhead_docx(body=REDHEAD_BODY, signer="示例县财政局"))
    (archive / "m.csv").write_text(
        "标题,发布日期,栏目,发布机构,正文文件,原网址\n甲,2024-06-03,news,czj,45.docx,/art/2024/6/3/art_1_1.html\n",
        encoding="utf-8",
    )
    usual_root = make_portal(tmp_path / "usual", ITEMS)
    free_root = tmp_path / "free"
    shutil.copytree(usual_root, free_root)
    for args in (
        ["new", "--from", str(archive / "45.docx"), "--column", "news", "--date", "2024-06-03"],
        ["import", str(archive / "m.csv")],
    ):
        usual, free = run(usual_root, args), run(free_root, args, blocker)
        assert free.returncode == usual.returncode == 0, free.stderr
        assert "Traceback" not in free.stderr
    assert snapshot(free_root / "content") == snapshot(usual_root / "content")


@pytest.mark.parametrize(("options", "reason"), BAD_OPTIONS)
def test_bad_options_have_the_same_reasons_without_the_engine(
    portal_dir: Path, blocker: Path, options: dict, reason: str
) -> None:
    make_portal(portal_dir, ITEMS, plugin_options=options)
    result = same_with_and_without_engine(portal_dir, ["check"], blocker)
    assert result.returncode == 2 and reason in result.stderr


ENV_YML = MKDOCS_YML.replace(
    "site_url: https://example.gov.cn/\n",
    'site_url: !ENV [OG_NO_SUCH_VARIABLE, "https://example.gov.cn/portal"]\n',
)


@pytest.mark.parametrize(
    "files",
    [
        pytest.param({"mkdocs.yml": ENV_YML}, id="env-default"),
        pytest.param(
            {
                "mkdocs.yml": "INHERIT: base.yml\nsite_name: 县门户\nplugins:\n  - opengov:\n      page_size: 0\n",
                "base.yml": MKDOCS_YML,
            },
            id="inherit",
        ),
        pytest.param({"mkdocs.yml": "INHERIT: base.yml\n"}, id="inherit-missing"),
        pytest.param({"mkdocs.yml": MKDOCS_YML + "extra:\n  a: [1, 2\n"}, id="yaml-error"),
        pytest.param(
            {
                "mkdocs.yml": MKDOCS_YML.replace(
                    "plugins:\n  - opengov\n", "plugins:\n  search: {}\n  opengov: {feed_size: 0}\n"
                )
            },
            id="plugins-mapping",
        ),
        pytest.param(
            {
                "mkdocs.yml": MKDOCS_YML + "markdown_extensions:\n  - pymdownx.emoji:\n"
                "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
            },
            id="python-tag",
        ),
        pytest.param(
            {"mkdocs.yml": MKDOCS_YML.replace("  - opengov\n", "  - opengov\n  - opengov\n")}, id="twice"
        ),
    ],
)
def test_mkdocs_yml_is_read_as_mkdocs_reads_it(
    portal_dir: Path, blocker: Path, files: dict[str, str]
) -> None:
    make_portal(
        portal_dir,
        {**ITEMS, **{k: v for k, v in files.items() if k != "mkdocs.yml"}},
        mkdocs_yml=files["mkdocs.yml"],
    )
    same_with_and_without_engine(portal_dir, ["check"], blocker)


SITE_PLAN = """\
import sys
from pathlib import Path
from opengov.core.loader import LoadOptions, load_portal
from opengov.core.options import DEFAULTS
from opengov.core.outputgate import item_origins, plan_gate, run_gate
from opengov.site.pages import SitePages
from opengov.site.outputs import write_outputs
root = Path.cwd()
portal = load_portal(LoadOptions(root=root))
site = SitePages(portal, DEFAULTS)
site.set_docs_urls([""])
out = root / "plan-out"
write_outputs(portal, site=site, site_dir=out, site_url="https://example.gov.cn/", site_name="示例",
              options=DEFAULTS, html_by_path={}, index_search=False)
findings = run_gate(plan_gate(portal, item_origins(portal), ()), out, root)
pages = sorted(uri for uri, _content, _nav in site.generated_pages())
print(len(pages), sorted(p.name for p in out.iterdir()), [f.code for f in findings])
"""


def _run_blocked(portal_dir: Path, blocker: Path, script: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONUTF8": "1", "PYTHONPATH": os.pathsep.join([str(blocker), PLUGINS])}
    run = [sys.executable, "-c", script]
    result = subprocess.run(run, cwd=portal_dir, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    return result


def test_the_site_plan_and_outputs_need_no_engine(portal_dir: Path, blocker: Path) -> None:
    make_portal(
        portal_dir, {"content/news/a.md": item_md(title="甲"), "content/news/b.md": item_md(title="乙")}
    )
    result = _run_blocked(portal_dir, blocker, SITE_PLAN)
    count, rest = result.stdout.split(" ", 1)
    assert int(count) > 2 and "'catalog.json'" in rest and "'news'" in rest and rest.endswith("[]\n")


SITE_BUILD = """\
import dataclasses
from pathlib import Path
from opengov.core.loader import LoadOptions
from opengov.core.options import DEFAULTS
from opengov.site.build import PortalBuild
options = dataclasses.replace(DEFAULTS, search=False)
root = Path.cwd()
run = PortalBuild()
run.start("build", False)
run.begin(root, root / ".cache/opengov", "content/catalog.yml", [], "mkdocs.yml")
assert run.read(LoadOptions(root=root), options)
work = Path(run.stage(str(root / "site"), root / ".cache/opengov"))
assert work != root / "site"
plan = run.plan(run.token(["another engine"]), [""])
for page in plan.pages:  # the other engine's rendering: here, the page's title and text
    meta = {}
    text = run.site.page_markdown(page.src_uri, page.content, meta, False)
    stem = page.src_uri.removesuffix(".md").removesuffix("index")
    target = work / stem.strip("/") / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"<html><body><h1>{meta.get('title')}</h1>{text}</body></html>", "utf-8")
run.note_sources({}, set(), set())
assert run.finish_outputs(work, site_url="https://example.gov.cn/", site_name="示例", options=options,
                          warned=False) is None
run.end()
print(sorted(p.name for p in (root / "site").iterdir()), work.exists())
"""


def test_another_engine_can_drive_a_whole_build(portal_dir: Path, blocker: Path) -> None:
    """The build's steps (site/build.py) run with MkDocs blocked: the staged site is swapped in."""
    make_portal(portal_dir, {"content/news/a.md": item_md(title="甲")})
    result = _run_blocked(portal_dir, blocker, SITE_BUILD)
    assert (
        "'catalog.json'" in result.stdout and "'news'" in result.stdout and "'sitemap.xml'" in result.stdout
    )
    assert result.stdout.endswith("False\n")  # the staging folder is gone after the swap
    assert "<h1>甲</h1>" in (portal_dir / "site/news/a/index.html").read_text("utf-8")


def _imports_engine(tree: ast.Module) -> bool:
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        if any(name.split(".")[0] in ("mkdocs", "material") for name in names):
            return True
    return False


def test_the_engine_adapter_stays_thin() -> None:
    """Issue 14: at most 500 lines of Python in the modules that import MkDocs or Material."""
    package = Path(__file__).resolve().parents[1] / "plugins" / "opengov"
    coupled = {
        path.relative_to(package).as_posix(): len(path.read_text("utf-8").splitlines())
        for path in sorted(package.rglob("*.py"))
        if _imports_engine(ast.parse(path.read_text("utf-8")))
    }
    assert set(coupled) <= {f"mkdocs_plugin/{name}" for name in ("plugin.py", "config.py", "configfile.py")}
    assert sum(coupled.values()) <= 500, coupled
