"""Plugin options are validated, and ``opengov check`` reads ``mkdocs.yml`` as MkDocs does (issue 13).

A bad option is a usage error: ``opengov check`` exits 2 with the reason on standard error,
``mkdocs build`` fails with the same reason and leaves ``site/`` as it was. ``!ENV``,
``INHERIT``, ``plugins`` as a mapping and ``-f`` mean the same to the check and the build.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import build, check_cli, findings, snapshot
from factories import FULL_FOOTER, MKDOCS_YML, item_md, make_portal

ITEMS = {"content/news/a.md": item_md(title="第一条")}


def _portal(root: Path, items: dict[str, str] | None = None, **kwargs: object) -> Path:
    """A portal with a previous build's ``site/`` (one marker file), to see that it stays."""
    make_portal(root, ITEMS if items is None else items, **kwargs)  # type: ignore[arg-type]
    site = root / "site"
    site.mkdir()
    (site / "index.html").write_text("上一次成功构建的网站\n", encoding="utf-8")
    return root


def _run(
    root: Path, command: list[str], env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PYTHONUTF8": "1", "NO_COLOR": "1", "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        command, cwd=root, capture_output=True, text=True, encoding="utf-8", env=full_env, timeout=300
    )


def check_env(root: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return _run(root, ["opengov", "check", *args], env)


def build_env(root: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return _run(root, [sys.executable, "-m", "mkdocs", "build", *args], env)


def build_findings(stderr: str) -> list[str]:
    """The findings a build logged, without MkDocs' level prefix."""
    return findings(
        "\n".join(re.sub(r"^(ERROR|WARNING|INFO)\s+-\s+", "", line) for line in stderr.splitlines())
    )


def assert_usage_error(root: Path, reason: str, *args: str) -> None:
    """``opengov check`` exits 2 with ``reason``; the build fails with it and keeps ``site/``."""
    before = snapshot(root / "site")
    result = check_cli(root, *args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert reason in result.stderr
    assert "Traceback" not in result.stderr and not findings(result.stdout)
    built = build(root, False, *args)
    assert built.returncode != 0
    assert reason in built.stderr
    assert snapshot(root / "site") == before


# -- every option is validated -------------------------------------------------------------

BAD_OPTIONS = [
    pytest.param({"page_size": 0}, "page_size 必须是大于 0 的整数，现在是 0", id="page_size-0"),
    pytest.param({"feed_size": -5}, "feed_size 必须是大于 0 的整数，现在是 -5", id="feed_size-negative"),
    pytest.param(
        {"page_size": "5"}, 'page_size 应为整数（不加引号，如 20），而现在是 "5"', id="page_size-string"
    ),
    pytest.param(
        {"page_size": True}, "page_size 应为整数（不加引号，如 20），而现在是 true", id="page_size-bool"
    ),
    pytest.param({"search": "yes"}, 'search 应为 true 或 false，而现在是 "yes"', id="search-string"),
    pytest.param(
        {"compliance_page": 1}, "compliance_page 应为 true 或 false，而现在是 1", id="compliance-int"
    ),
    pytest.param({"content_dir": 5}, "content_dir 应为文字", id="content_dir-int"),
    pytest.param(
        {"catalog": "content/katalog.yml"}, "catalog 指向的文件 content/katalog.yml 不存在", id="catalog"
    ),
    pytest.param(
        {"annual_report": "annual.yml"}, "annual_report 指向的文件 annual.yml 不存在", id="annual_report"
    ),
    pytest.param(
        {"yearly_website_report": "yearly.yml"},
        "yearly_website_report 指向的文件 yearly.yml 不存在",
        id="yearly_website_report",
    ),
    pytest.param(
        {"footer": {"sponsr": "县政府办"}}, "opengov 插件没有 footer.sponsr 这一选项", id="footer-unknown"
    ),
    pytest.param(
        {"footer": {"site_code": 5113250001}},
        "footer.site_code 应为文字（数字也要写在引号里",
        id="footer-int",
    ),
    pytest.param({"footer": "县政府办"}, "footer 应为“键: 值”的映射", id="footer-not-mapping"),
    pytest.param(
        {"pagesize": 5},
        "opengov 插件没有 pagesize 这一选项，写了也不会生效。是否想写 page_size？",
        id="unknown",
    ),
    pytest.param({"cache_dir": ""}, "cache_dir 是空的", id="cache_dir-empty"),
    pytest.param(
        {"cache_dir": "docs/index.md"}, "cache_dir 指向的 docs/index.md 是一个文件", id="cache_dir-file"
    ),
    pytest.param({"cache_dir": "docs/cache"}, "cache_dir（", id="cache_dir-in-docs"),
    pytest.param({"cache_dir": "site"}, "不能与 site_dir", id="cache_dir-is-site"),
    pytest.param({"cache_dir": "content/.cache"}, "不能与 content_dir", id="cache_dir-in-content"),
]


@pytest.mark.parametrize(("options", "reason"), BAD_OPTIONS)
def test_bad_option_is_a_usage_error_for_check_and_build(
    portal_dir: Path, options: dict, reason: str
) -> None:
    _portal(portal_dir, plugin_options=options)
    assert_usage_error(portal_dir, reason)


def test_every_bad_option_is_reported_at_once(portal_dir: Path) -> None:
    _portal(portal_dir, plugin_options={"page_size": 0, "feed_size": -5})
    result = check_cli(portal_dir)
    assert result.returncode == 2
    assert "page_size 必须是大于 0" in result.stderr and "feed_size 必须是大于 0" in result.stderr


def test_existing_option_files_and_cache_dir_are_accepted(portal_dir: Path) -> None:
    make_portal(
        portal_dir,
        {**ITEMS, "yearly.yml": "{}\n", "content/other-catalog.yml": ""},
        plugin_options={"yearly_website_report": "yearly.yml", "cache_dir": "var/opengov-cache"},
    )
    result = check_cli(portal_dir)
    assert result.returncode == 0, result.stderr


def test_cache_dir_holds_the_incremental_manifest(portal_dir: Path) -> None:
    make_portal(portal_dir, ITEMS, plugin_options={"cache_dir": "var/opengov-cache"})
    result = build(portal_dir)
    assert result.returncode == 0, result.stderr
    assert list((portal_dir / "var/opengov-cache").glob("outputs-*.json"))
    assert not (portal_dir / ".cache").exists()


# -- mkdocs.yml read as MkDocs reads it ---------------------------------------------------

ENV_YML = MKDOCS_YML.replace(
    "site_url: https://example.gov.cn/\n", 'site_url: !ENV [OG_SITE_URL, "https://example.gov.cn/portal/"]\n'
)
# A site-root link: it resolves only when the site lives under /portal/.
LINKING = {
    "content/news/a.md": item_md(title="第一条"),
    "content/news/b.md": item_md(title="第二条", body="见[第一条](/portal/news/a/)。\n"),
}


@pytest.mark.parametrize(
    ("env", "broken"),
    [
        pytest.param({}, False, id="default"),
        pytest.param({"OG_SITE_URL": "https://www.other.gov.cn/"}, True, id="from-environment"),
    ],
)
def test_env_site_url_check_and_build_agree(portal_dir: Path, env: dict[str, str], broken: bool) -> None:
    make_portal(portal_dir, LINKING, mkdocs_yml=ENV_YML)
    env = {"OG_SITE_URL": "", **env} if env else {}
    base = os.environ.copy()
    base.pop("OG_SITE_URL", None)
    checked = _run(portal_dir, ["opengov", "check"], {**env})
    built = build_env(portal_dir, env)
    check_lines = findings(checked.stdout)
    assert check_lines == build_findings(built.stderr)
    assert any("broken-link" in line for line in check_lines) is broken
    assert checked.returncode == (1 if broken else 0), checked.stderr
    assert (built.returncode != 0) is broken
    if not broken:
        feed = (portal_dir / "site/atom.xml").read_text(encoding="utf-8")
        assert "https://example.gov.cn/portal/news/a/" in feed


def test_env_site_url_that_is_not_a_url_stops_both(portal_dir: Path) -> None:
    make_portal(portal_dir, ITEMS, mkdocs_yml=ENV_YML)
    checked = check_env(portal_dir, {"OG_SITE_URL": "ftp://www.example.gov.cn/"})
    built = build_env(portal_dir, {"OG_SITE_URL": "ftp://www.example.gov.cn/"})
    reason = "site_url「ftp://www.example.gov.cn/」不是完整的网址"
    assert checked.returncode == 2 and reason in checked.stderr
    assert built.returncode != 0 and reason in built.stderr


BASE_YML = """\
site_url: https://example.gov.cn/portal/
theme:
  name: material
  language: zh
plugins:
  - opengov:
      footer: {footer}
"""


def test_inherit_check_and_build_agree(portal_dir: Path) -> None:
    import json

    make_portal(
        portal_dir,
        {**LINKING, "base.yml": BASE_YML.format(footer=json.dumps(FULL_FOOTER, ensure_ascii=False))},
        mkdocs_yml="INHERIT: base.yml\nsite_name: 某某县人民政府信息公开\n",
    )
    checked = check_cli(portal_dir)
    built = build(portal_dir)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert built.returncode == 0, built.stderr
    # The footer comes from base.yml (no missing-footer-mark) and so does the site's /portal/ path.
    assert findings(checked.stdout) == build_findings(built.stderr)
    assert not [
        line for line in findings(checked.stdout) if "missing-footer-mark" in line or "broken" in line
    ]
    assert FULL_FOOTER["sponsor"] in (portal_dir / "site/index.html").read_text(encoding="utf-8")


def test_inherited_bad_option_stops_both(portal_dir: Path) -> None:
    _portal(
        portal_dir,
        items={},
        mkdocs_yml="INHERIT: base.yml\nsite_name: 县门户\nplugins:\n  - opengov:\n      page_size: 0\n",
    )
    (portal_dir / "base.yml").write_text(BASE_YML.format(footer="{}"), encoding="utf-8")
    assert_usage_error(portal_dir, "page_size 必须是大于 0 的整数")


def test_missing_inherited_file_is_a_usage_error(portal_dir: Path) -> None:
    make_portal(portal_dir, ITEMS, mkdocs_yml="INHERIT: base.yml\nsite_name: 县门户\n")
    result = check_cli(portal_dir)
    assert result.returncode == 2
    assert "mkdocs.yml 的 INHERIT 指向的文件 base.yml 不存在" in result.stderr


def _mapping_yml(options: str) -> str:
    return MKDOCS_YML.replace("plugins:\n  - opengov\n", f"plugins:\n  search: {{}}\n  opengov: {options}\n")


def test_plugins_mapping_check_and_build_agree(portal_dir: Path) -> None:
    import json

    footer = json.dumps(FULL_FOOTER, ensure_ascii=False)
    make_portal(portal_dir, ITEMS, mkdocs_yml=_mapping_yml(f"{{page_size: 1, footer: {footer}}}"))
    checked = check_cli(portal_dir)
    built = build(portal_dir)
    assert checked.returncode == 0 and built.returncode == 0, built.stderr
    assert findings(checked.stdout) == build_findings(built.stderr)
    assert not [line for line in findings(checked.stdout) if "missing-footer-mark" in line]  # footer read


def test_plugins_mapping_bad_option_stops_both(portal_dir: Path) -> None:
    _portal(portal_dir, mkdocs_yml=_mapping_yml("{page_size: 0}"))
    assert_usage_error(portal_dir, "page_size 必须是大于 0 的整数")


def test_plugin_without_options(portal_dir: Path) -> None:
    make_portal(portal_dir, ITEMS, mkdocs_yml=MKDOCS_YML.replace("  - opengov\n", "  - opengov:\n"))
    checked = check_cli(portal_dir)
    assert checked.returncode == 0, checked.stderr
    assert any("missing-footer-mark" in line for line in findings(checked.stdout))


def test_other_config_file(portal_dir: Path) -> None:
    _portal(portal_dir)
    (portal_dir / "other.yml").write_text(
        MKDOCS_YML.replace("  - opengov\n", "  - opengov:\n      feed_size: 0\n"), encoding="utf-8"
    )
    assert check_cli(portal_dir).returncode == 0  # mkdocs.yml itself is fine
    assert_usage_error(portal_dir, "feed_size 必须是大于 0 的整数", "-f", "other.yml")


# -- an unreadable mkdocs.yml --------------------------------------------------------------


def test_yaml_error_names_file_and_line(portal_dir: Path) -> None:
    _portal(portal_dir, mkdocs_yml=MKDOCS_YML + "extra:\n  a: [1, 2\n")
    result = check_cli(portal_dir)
    assert result.returncode == 2
    assert re.search(r"mkdocs\.yml 第 1[01] 行不是有效的 YAML", result.stderr), result.stderr
    assert build(portal_dir).returncode != 0


def test_yaml_error_in_inherited_file_names_that_file(portal_dir: Path) -> None:
    make_portal(
        portal_dir,
        {**ITEMS, "base.yml": "theme:\n  name: material\n bad: 1\n"},
        mkdocs_yml="INHERIT: base.yml\n",
    )
    result = check_cli(portal_dir)
    assert result.returncode == 2
    assert re.search(r"base\.yml 第 \d 行不是有效的 YAML", result.stderr), result.stderr


def test_missing_config_file(portal_dir: Path) -> None:
    make_portal(portal_dir, ITEMS)
    result = check_cli(portal_dir, "-f", "nope.yml")
    assert result.returncode == 2
    assert "找不到 nope.yml" in result.stderr


def test_bad_mkdocs_setting_is_reported_in_chinese_frame(portal_dir: Path) -> None:
    make_portal(
        portal_dir, ITEMS, mkdocs_yml=MKDOCS_YML.replace("  - opengov\n", "  - opengov\n  - no-such-plugin\n")
    )
    result = check_cli(portal_dir)
    assert result.returncode == 2
    assert "mkdocs.yml 中的设置有误：plugins：" in result.stderr and "no-such-plugin" in result.stderr


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,x",
        "//evil.example/",
        "/local/",
    ],
)
@pytest.mark.parametrize("key", ["error_report_url", "gov_badge_link"])
def test_footer_links_must_be_http_addresses(portal_dir: Path, key: str, url: str) -> None:
    make_portal(portal_dir, {"content/news/a.md": item_md()}, plugin_options={"footer": {key: url}})
    checked = check_cli(portal_dir)
    assert checked.returncode == 2 and f"footer.{key} 应为以 https://" in checked.stderr
    result = build(portal_dir)
    assert result.returncode != 0 and "完整网址" in result.stdout + result.stderr
    assert not (portal_dir / "site").exists()
