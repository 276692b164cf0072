"""The persistent build cache of ``mkdocs build`` (issue 17): a build that reuses it writes the
very bytes a clean build writes, whatever changed since the cache was made.

Each test builds a real portal twice in a new process (the cache is the only thing kept),
changes one thing, builds again with the cache and once more without it, and compares
every file. Pagefind's own output is not reproducible between two clean builds (its filter
files come out in varying order and so under varying names): the search index is compared
by what it holds instead (see ``_search_content``).
"""

from __future__ import annotations

import gzip
import json
import shutil
import time
from pathlib import Path

import cbor2
import pytest
from conftest import build, snapshot
from factories import item_md, make_portal

CACHE = Path(".cache/opengov/build")
REUSED = "使用构建缓存"
DAMAGED = "构建缓存已损坏"
SECRET_TITLE = "关于撤回事项的内部通知"
SECRET_SENTENCE = "这一句只出现在后来撤回的条目正文中以便检查缓存里是否仍有它"


def _items() -> dict[str, str]:
    files: dict[str, str] = {}
    for n in range(14):
        day = f"2024-{1 + n % 12:02d}-{1 + n:02d}"
        column = ("news", "budget", "policy")[n % 3]
        body = (
            f"第 {n} 条的正文，说明本县第 {n} 项工作的情况。\n\n| 项目 | 金额 |\n|---|---|\n| 甲 | {n}00 |\n"
        )
        if n == 3:
            body += "\n详见[第 4 条](../budget/item4.md)。\n"
        files[f"content/{column}/item{n}.md"] = item_md(f"第{n}号公开事项", day, column, body=body)
    files["content/policy/reading.md"] = item_md(
        "政策解读：第2号公开事项", "2024-03-20", "policy", interprets="policy/item2.md"
    )
    files["content/news/withdrawn.md"] = item_md(
        SECRET_TITLE, "2024-02-14", "news", body=SECRET_SENTENCE + "。\n"
    )
    files["content/news/a.csv"] = "项目,金额\n甲,1\n"
    files["content/news/attached.md"] = item_md(
        "带附件的公开事项", "2024-04-04", "news", attachments=["a.csv"]
    )
    return files


def _portal(root: Path, **options: object) -> Path:
    return make_portal(
        root, _items(), plugin_options={"page_size": 4, "feed_size": 3, "search": False, **options}
    )


def _built(root: Path) -> str:
    result = build(root)
    assert result.returncode == 0, result.stderr
    return result.stderr


def _search_content(site: Path) -> dict[str, object]:
    """The search index as a reader's query meets it: every file but Pagefind's unordered
    filter files (decoded and compared as sets) and the two files naming them."""
    out: dict[str, object] = {}
    for path in sorted((site / "pagefind").rglob("*")):
        rel = path.relative_to(site).as_posix()
        if not path.is_file():
            continue
        if rel.endswith(".pf_filter"):
            data = cbor2.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd") :])
            folder = rel.rsplit("/", 2)[0]
            out.setdefault(folder + "/filters", []).append(json.dumps(_unordered(data)))
        elif not rel.endswith((".pf_meta", "pagefind-entry.json")):
            out[rel] = path.read_bytes()
    for key, value in out.items():
        if isinstance(value, list):
            out[key] = sorted(value)
    return out


def _unordered(value: object) -> object:
    """A filter file's lists as sets: Pagefind writes their entries in no fixed order."""
    if isinstance(value, list):
        return sorted((_unordered(v) for v in value), key=json.dumps)
    return value


def _outputs(site: Path) -> tuple[dict[str, bytes], dict[str, object]]:
    files = {k: v for k, v in snapshot(site).items() if not k.startswith("pagefind/")}
    return files, _search_content(site) if (site / "pagefind").is_dir() else {}


def _same_as_clean(root: Path) -> str:
    """Build with the cache, then without it; assert every file is the same. Returns the
    warm build's log."""
    log = _built(root)
    warm = _outputs(root / "site")
    shutil.rmtree(root / CACHE)
    _built(root)
    clean = _outputs(root / "site")
    assert sorted(warm[0]) == sorted(clean[0])
    differ = [name for name in clean[0] if warm[0][name] != clean[0][name]]
    assert differ == []
    assert warm[1] == clean[1]
    return log


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _reused(log: str) -> int:
    line = next(line for line in log.splitlines() if REUSED in line)
    return int(line.split("：", 1)[1].split(" ", 1)[0])


@pytest.fixture
def warm(tmp_path: Path) -> Path:
    root = _portal(tmp_path / "portal")
    _built(root)
    assert (root / CACHE / "state.json").is_file()
    return root


def test_an_unchanged_portal_reuses_every_item_and_listing_page(warm: Path) -> None:
    log = _same_as_clean(warm)
    assert _reused(log) >= 17  # 17 items, and listing pages beyond each column's first
    assert DAMAGED not in log


def test_an_edited_body_rerenders_its_page_and_nothing_else_differs(warm: Path) -> None:
    _edit(warm, "content/news/item0.md", "第 0 条的正文", "第 0 条改过的正文")
    log = _same_as_clean(warm)
    assert _reused(log) >= 16
    assert "第 0 条改过的正文" in (warm / "site/news/item0/index.html").read_text(encoding="utf-8")


def test_an_edited_title_reaches_listings_feeds_and_the_interpretation(warm: Path) -> None:
    _edit(warm, "content/policy/item2.md", "title: 第2号公开事项", "title: 第2号公开事项（修订）")
    log = _same_as_clean(warm)
    assert REUSED in log
    reading = (warm / "site/policy/reading/index.html").read_text(encoding="utf-8")
    assert "第2号公开事项（修订）" in reading


def test_an_added_and_a_deleted_item(warm: Path) -> None:
    (warm / "content/news/added.md").write_text(
        item_md("新增的公开事项", "2024-12-01", "news"), encoding="utf-8"
    )
    (warm / "content/budget/item1.md").unlink()
    log = _same_as_clean(warm)
    assert REUSED in log
    assert (warm / "site/news/added/index.html").is_file()
    assert not (warm / "site/budget/item1").exists()


def test_a_changed_attachment_reaches_its_items_page(warm: Path) -> None:
    (warm / "content/news/a.csv").write_text("项目,金额\n" + "甲,1\n" * 400, encoding="utf-8")
    _same_as_clean(warm)


def test_a_withdrawn_item_leaves_the_site_and_the_cache(warm: Path) -> None:
    cache = warm / CACHE
    assert _grep(cache, SECRET_SENTENCE)  # its page was stored while it was published
    _edit(warm, "content/news/withdrawn.md", "title:", "disclosure: withheld\ntitle:")
    log = _built(warm)
    assert REUSED in log
    assert not (warm / "site/news/withdrawn").exists()
    assert _grep(cache, SECRET_SENTENCE) == []
    assert _grep(cache, SECRET_TITLE) == []
    _edit(warm, "content/news/item0.md", "第 0 条的正文", "第 0 条又改过的正文")
    _same_as_clean(warm)


def _grep(folder: Path, needle: str) -> list[str]:
    forms = (needle.encode(), json.dumps(needle).strip('"').encode())
    return [
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and any(form in p.read_bytes() for form in forms)
    ]


@pytest.mark.parametrize(
    ("rel", "old", "new"),
    [
        ("content/catalog.yml", "title: 要闻动态", "title: 本县要闻"),
        ("mkdocs.yml", "site_name: 某某县人民政府信息公开", "site_name: 某某县人民政府信息公开网"),
        ("mkdocs.yml", "plugins:", "copyright: 某某县人民政府 版权所有\nplugins:"),
        ("docs/index.md", "# 欢迎", "# 欢迎访问"),
    ],
    ids=["catalog", "site-name", "copyright", "docs-page-title"],
)
def test_what_every_page_shows_rerenders_every_page(warm: Path, rel: str, old: str, new: str) -> None:
    _edit(warm, rel, old, new)
    log = _same_as_clean(warm)
    assert REUSED not in log


def test_a_template_override_rerenders_every_page(tmp_path: Path) -> None:
    root = _portal(tmp_path / "portal")
    _edit(root, "mkdocs.yml", "  language: zh\n", "  language: zh\n  custom_dir: overrides\n")
    override = root / "overrides/main.html"
    override.parent.mkdir()
    override.write_text('{% extends "base.html" %}\n', encoding="utf-8")
    _built(root)
    override.write_text(
        '{% extends "base.html" %}\n{% block announce %}停电通知{% endblock %}\n', encoding="utf-8"
    )
    log = _same_as_clean(root)
    assert REUSED not in log
    assert "停电通知" in (root / "site/news/item0/index.html").read_text(encoding="utf-8")


def test_a_cache_from_another_plugin_version_is_not_used(warm: Path) -> None:
    state = warm / CACHE / "state.json"
    data = json.loads(state.read_text(encoding="utf-8"))
    data["token"] = "written-by-another-version"
    state.write_text(json.dumps(data), encoding="utf-8")
    log = _same_as_clean(warm)
    assert REUSED not in log
    assert DAMAGED not in log


def test_the_token_follows_the_plugins_version_and_code(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from opengov.site import buildcache

    before = buildcache.sources_digest([], tmp_path, None)
    real = buildcache.metadata.version
    monkeypatch.setattr(
        buildcache.metadata, "version", lambda name: "9.9.9" if name == "opengov" else real(name)
    )
    buildcache.package_digest.cache_clear()  # computed once per process
    assert buildcache.sources_digest([], tmp_path, None) != before
    monkeypatch.undo()
    buildcache.package_digest.cache_clear()
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "main.html").write_text("a", encoding="utf-8")
    first = buildcache.sources_digest([str(theme)], tmp_path, None)
    (theme / "main.html").write_text("b", encoding="utf-8")
    assert buildcache.sources_digest([str(theme)], tmp_path, None) != first


@pytest.mark.parametrize("damage", ["garbage", "wrong-shape", "outside-path"])
def test_a_damaged_state_file_is_ignored_with_a_warning(warm: Path, damage: str) -> None:
    state = warm / CACHE / "state.json"
    if damage == "garbage":
        state.write_bytes(b"\x00\xff not json")
    elif damage == "wrong-shape":
        state.write_text('{"format": 1, "pages": []}', encoding="utf-8")
    else:
        data = json.loads(state.read_text(encoding="utf-8"))
        uri = next(iter(data["pages"]))
        data["pages"][uri][1] = "../../outside.html"
        state.write_text(json.dumps(data), encoding="utf-8")
    log = _same_as_clean(warm)
    assert DAMAGED in log
    assert REUSED not in log
    assert not (warm.parent / "outside.html").exists()


def test_a_stored_page_changed_on_disk_is_rendered_again(warm: Path) -> None:
    data = json.loads((warm / CACHE / "state.json").read_text(encoding="utf-8"))
    digest = data["pages"]["news/item0.md"][2]
    stored = warm / CACHE / "objects" / digest[:2] / digest
    stored.write_bytes(stored.read_bytes().replace("第 0 条的正文".encode(), "被篡改的正文".encode()))
    log = _same_as_clean(warm)
    assert DAMAGED in log
    assert _reused(log) >= 16
    assert "被篡改" not in (warm / "site/news/item0/index.html").read_text(encoding="utf-8")


def test_a_deleted_cache_builds_clean(warm: Path) -> None:
    shutil.rmtree(warm / ".cache")
    log = _same_as_clean(warm)
    assert REUSED not in log and DAMAGED not in log


def test_with_search_an_edit_gives_the_same_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENGOV_SEARCH_SHARD", "6")  # several shards on a small portal
    root = _portal(tmp_path / "portal", search=True)
    _built(root)
    _edit(root, "content/news/item0.md", "第 0 条的正文", "第 0 条改过的正文")
    log = _same_as_clean(root)
    assert REUSED in log
    assert "部分未变，沿用构建缓存" in log  # the shards without item0 were not indexed again
    # Withdrawn: its words leave the stored shards with it.
    assert _fragments_hold(root, "第13条的正文")
    assert _fragments_hold(root, SECRET_SENTENCE[:12])
    _edit(root, "content/news/withdrawn.md", "title:", "disclosure: withheld\ntitle:")
    _built(root)
    assert _fragments_hold(root, "第13条的正文")
    assert not _fragments_hold(root, SECRET_SENTENCE[:12])


def _fragments_hold(root: Path, text: str) -> bool:
    """Whether any stored search fragment holds ``text`` (Pagefind puts zero-width spaces
    between the words it found)."""
    for path in (root / CACHE / "search").rglob("*.pf_fragment"):
        shown = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        if text in shown.replace("\u200b", "").replace(" ", ""):
            return True
    return False


def test_a_parsed_item_comes_back_from_json_as_it_was(tmp_path: Path) -> None:
    from opengov.core.frontmatter import parse_item
    from opengov.core.itemjson import item_from_json, item_to_json

    text = item_md(
        "关于印发某某办法的通知",
        "2024-05-01 09:30",
        ["policy", "news"],
        written="2024-04-28",
        doc_number="某府办发〔2024〕3号",
        index_no="11511325MB12345622/2024-00001",
        validity="repealed",
        repealed_on="2024-06-01",
        doc_type="normative",
        topics=["财政"],
        keywords=["预算", "公开"],
        attachments=[{"path": "a.pdf", "title": "附件一", "reviewed": "true"}],
        old_urls=["/art/2017/7/27/art_1_2.html"],
        pii_allow=["12345678901"],
        unknown_key="值",  # a finding, kept with the item
        body="# 标题\n\n正文。\n",
    )
    item, found = parse_item(text.encode(), "policy/a.md", "content/policy/a.md")
    assert found  # the unknown key
    data = json.loads(json.dumps(item_to_json(item, found), ensure_ascii=False))
    assert item_from_json(data) == (item, found)
    data["item"]["date"] = "2024-05-01T09:30:00"  # no time zone: not what dump writes
    with pytest.raises(ValueError):
        item_from_json(data)


REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = [
    REPO / "plugins/opengov/commands/init_template/github-workflow.yml",
    REPO / "deploy/github-actions.yml",
]


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_the_ci_templates_keep_the_build_cache(workflow: Path) -> None:
    import yaml

    from opengov.core.options import DEFAULT_CACHE_DIR

    steps = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]["build"]["steps"]
    names = [step.get("uses", step.get("run", "")) for step in steps]
    kept = next(step for step in steps if str(step.get("uses", "")).startswith("actions/cache@"))
    assert kept["with"]["path"] == f"{DEFAULT_CACHE_DIR}/build"
    assert "restore-keys" in kept["with"]  # a new commit starts from the last one's cache
    assert names.index(kept["uses"]) < names.index("mkdocs build")
    gitlab = yaml.safe_load((REPO / "deploy/gitlab-ci.yml").read_text(encoding="utf-8"))
    if workflow.name == "github-actions.yml":
        paths = [p for cache in gitlab["build"]["cache"] for p in cache["paths"]]
        assert f"{DEFAULT_CACHE_DIR}/build/" in paths


def test_a_fresh_checkout_with_the_restored_cache_builds_warm(tmp_path: Path) -> None:
    """What the CI template does: a new clone (every file time new), the cache folder put
    back, `mkdocs build`: pages are reused and the site is a clean build's."""
    first = _portal(tmp_path / "first")
    _built(first)
    clone = tmp_path / "clone"
    shutil.copytree(first, clone, copy_function=shutil.copy, ignore=shutil.ignore_patterns(".cache", "site*"))
    shutil.copytree(first / CACHE, clone / CACHE)  # actions/cache restores the folder
    _edit(clone, "content/news/item0.md", "第 0 条的正文", "第 0 条在新提交中改过的正文")
    log = _same_as_clean(clone)
    assert _reused(log) >= 16


def test_a_crashed_builds_prefetch_folder_is_not_published(warm: Path) -> None:
    # The folder a warm build links the last build's pages into, left by a killed build.
    leftover = warm / "site.opengov-pre/news/planted"
    leftover.mkdir(parents=True)
    (leftover / "index.html").write_text(f"<p>{SECRET_TITLE}</p>", encoding="utf-8")
    log = _same_as_clean(warm)
    assert REUSED in log
    assert not (warm / "site/news/planted").exists()
    assert not (warm / "site.opengov-pre").exists()


def test_a_failed_warm_build_leaves_the_site_and_no_folder_behind(warm: Path) -> None:
    before = snapshot(warm / "site")
    _edit(warm, "content/news/item0.md", "publisher: czj", "publisher: nobody")  # an error
    result = build(warm)
    assert result.returncode != 0
    assert snapshot(warm / "site") == before
    assert sorted(p.name for p in warm.iterdir() if p.name.startswith("site")) == ["site"]


def test_a_personal_number_added_to_a_cached_item_still_stops_the_build(warm: Path) -> None:
    assert '"privacy"' in (warm / CACHE / "parsed.json").read_text(encoding="utf-8")  # the checks' memo
    before = snapshot(warm / "site")
    _edit(warm, "content/news/item0.md", "第 0 条的正文", "联系人身份证号 110101199003078515，第 0 条的正文")
    result = build(warm)
    assert result.returncode != 0
    assert "content/news/item0.md:" in result.stderr and "身份证" in result.stderr
    assert snapshot(warm / "site") == before


def test_a_planted_check_memo_is_not_trusted(warm: Path) -> None:
    parsed = warm / CACHE / "parsed.json"
    data = json.loads(parsed.read_text(encoding="utf-8"))
    entry = data["entries"]["news/item0.md"]
    entry["derived"] = {"privacy": "nothing to see"}
    parsed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    log = _same_as_clean(warm)
    assert DAMAGED in log


# -- a cache someone wrote into (found by an attack on the cache; each once broke a promise) ---


def test_a_link_planted_among_the_objects_empties_nothing_outside(warm: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("x", encoding="utf-8")
    (warm / CACHE / "objects/zz").symlink_to(victim)
    _edit(warm, "content/news/item0.md", "第 0 条的正文", "第 0 条改过的正文")
    _same_as_clean(warm)
    assert (victim / "keep.txt").read_text(encoding="utf-8") == "x"


def test_a_stored_page_that_is_a_link_out_of_the_cache_is_not_published(warm: Path, tmp_path: Path) -> None:
    data = json.loads((warm / CACHE / "state.json").read_text(encoding="utf-8"))
    digest = data["pages"]["news/item0.md"][2]
    stored = warm / CACHE / "objects" / digest[:2] / digest
    outside = tmp_path / "outside.html"
    outside.write_bytes(stored.read_bytes())  # the same bytes, so the digest matches
    stored.unlink()
    stored.symlink_to(outside)
    log = _same_as_clean(warm)
    assert DAMAGED in log
    assert not (warm / "site/news/item0/index.html").is_symlink()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("columns", "news"),
        ("columns", [123]),
        ("columns", None),
        ("topics", 5),
        ("draft", "yes"),
        ("keywords", [None]),
        ("aliases", [{}]),
        ("publisher", 7),
        ("body_line", "7"),
    ],
)
def test_a_parsed_item_of_the_wrong_shape_is_not_used(warm: Path, field: str, value: object) -> None:
    parsed = warm / CACHE / "parsed.json"
    data = json.loads(parsed.read_text(encoding="utf-8"))
    data["entries"]["news/item0.md"]["item"][field] = value
    parsed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    log = _same_as_clean(warm)
    assert DAMAGED in log


@pytest.mark.parametrize("name", ["state.json", "parsed.json"])
def test_deeply_nested_json_in_the_cache_is_damage_not_a_crash(warm: Path, name: str) -> None:
    (warm / CACHE / name).write_text("[" * 200000, encoding="utf-8")
    log = _same_as_clean(warm)
    assert DAMAGED in log


def test_feed_text_of_the_wrong_type_is_not_used(warm: Path) -> None:
    state = warm / CACHE / "state.json"
    data = json.loads(state.read_text(encoding="utf-8"))
    path = next(iter(data["feed_html"]))
    data["feed_html"][path][1] = 123
    state.write_text(json.dumps(data), encoding="utf-8")
    log = _same_as_clean(warm)
    assert DAMAGED in log


def test_a_changed_hooks_file_rerenders_every_page(tmp_path: Path) -> None:
    root = _portal(tmp_path / "portal")
    _edit(root, "mkdocs.yml", "plugins:", "hooks:\n  - hooks.py\nplugins:")
    hook = "def on_post_page(output, page, config):\n    return output + '<!-- HOOK-{} -->'\n"
    (root / "hooks.py").write_text(hook.format("V1"), encoding="utf-8")
    _built(root)
    (root / "hooks.py").write_text(hook.format("V2"), encoding="utf-8")
    log = _same_as_clean(root)
    assert REUSED not in log
    assert "HOOK-V2" in (root / "site/news/item0/index.html").read_text(encoding="utf-8")


def test_a_leftover_in_the_trash_is_deleted(warm: Path) -> None:
    old = warm / ".cache/opengov/trash/old-site-left/site/news/withdrawn"
    old.mkdir(parents=True)
    (old / "index.html").write_text(SECRET_SENTENCE, encoding="utf-8")
    _built(warm)
    deadline = time.monotonic() + 60
    while (warm / ".cache/opengov/trash/old-site-left").exists() and time.monotonic() < deadline:
        time.sleep(0.1)  # the background rm: wait for the condition, not for a time
    assert not (warm / ".cache/opengov/trash/old-site-left").exists()


def test_every_item_field_has_a_checked_kind() -> None:
    import dataclasses

    from opengov.core import itemjson
    from opengov.core.model import Item

    fields = {f.name for f in dataclasses.fields(Item)} - set(itemjson._DATES) - {"attachments"}
    assert fields == set(itemjson._KINDS)


def test_a_stored_search_shard_with_planted_counts_is_indexed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENGOV_SEARCH_SHARD", "6")
    root = _portal(tmp_path / "portal", search=True)
    _built(root)
    for record in (root / CACHE / "search").glob("*/record.json"):
        data = json.loads(record.read_text(encoding="utf-8"))
        data["counts"] = {key: -(10**30) for key in data["counts"]}
        record.write_text(json.dumps(data), encoding="utf-8")
    log = _same_as_clean(root)
    assert DAMAGED in log and "搜索索引" in log
    assert "部分未变，沿用构建缓存" not in log
