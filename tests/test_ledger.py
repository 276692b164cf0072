"""The publication ledger (issue 16 part 1, CONTRACT §5 and §7) on real git repositories made
here, with set author and committer dates: a backdated item, a date changed after
publication, a shallow clone, no git."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from conftest import build, check_cli, opengov_cli
from factories import item_md, make_portal


def git(root: Path, *args: str, when: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "编辑", "GIT_AUTHOR_EMAIL": "e@example.gov.cn"}
    env |= {"GIT_COMMITTER_NAME": "编辑", "GIT_COMMITTER_EMAIL": "e@example.gov.cn"}
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def commit_all(root: Path, when: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"commit {when}", when=when)
    return git(root, "rev-parse", "HEAD")


def write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


def history_portal(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """May: an honest item, a backdated one (dated March, added in May); June: the honest item's
    date moved back; and one honest item in the next month so the portal is fresh."""
    root = make_portal(tmp_path / "p", {"content/news/honest.md": item_md("按时发布", date="2024-05-10")})
    git(root, "init", "-q", "-b", "main")
    shas = {"first": commit_all(root, "2024-05-10T09:12:00+08:00")}
    write(root, "content/news/late.md", item_md("补发的旧通知", date="2024-03-01"))
    shas["late"] = commit_all(root, "2024-05-20T10:00:00+08:00")
    write(root, "content/news/honest.md", item_md("按时发布", date="2024-04-01"))
    shas["moved"] = commit_all(root, "2024-06-02T11:00:00+08:00")
    write(root, "content/news/fresh.md", item_md("近期动态", date="2024-06-20"))
    shas["fresh"] = commit_all(root, "2024-06-20T08:00:00+08:00")
    return root, shas


def report(root: Path, as_of: str) -> dict:
    done = opengov_cli(root, "report", "--format", "json", "--as-of", as_of)
    return json.loads(done.stdout)


def test_a_backdated_item_and_a_changed_date_are_found_and_fail_the_verdict(tmp_path: Path) -> None:
    root, shas = history_portal(tmp_path)
    out = report(root, "2024-06-25")
    # Moving a published item's date back makes it backdated too (its date, not its history's).
    assert [b["path"] for b in out["backdated"]] == ["content/news/honest.md", "content/news/late.md"]
    assert out["backdated"][1] == {
        "path": "content/news/late.md",
        "date": "2024-03-01",
        "first_published": "2024-05-20T10:00:00+08:00",
        "commit": shas["late"],
        "days": 80,
        "title": "补发的旧通知",
        "url": "news/late/",
    }
    assert [(c["path"], c["from"], c["to"], c["commit"]) for c in out["date_changes"]] == [
        ("content/news/honest.md", "2024-05-10", "2024-04-01", shas["moved"])
    ]
    assert out["verdict"]["pass"] is False
    assert any("伪造发稿日期" in r for r in out["verdict"]["reasons"])
    assert not [w for w in out["warnings"] if w["code"] == "history-unavailable"]
    checked = check_cli(root)
    assert "content/news/late.md:3: warning backdated:" in checked.stdout
    assert "content/news/honest.md:3: warning date-changed:" in checked.stdout
    assert "2024-05-10 改为 2024-04-01" in checked.stdout


def test_an_item_counts_only_from_the_commit_that_published_it(tmp_path: Path) -> None:
    root, _shas = history_portal(tmp_path)
    # On 15 May the backdated item (dated March) was not yet on the site: it must not serve March.
    out = report(root, "2024-05-15")
    assert out["items"] == 1
    assert report(root, "2024-05-21")["items"] == 2


def test_catalog_json_has_first_published(tmp_path: Path) -> None:
    root, _shas = history_portal(tmp_path)
    done = build(root)
    assert done.returncode == 0, done.stderr
    rows = {r["path"]: r for r in json.loads((root / "site" / "catalog.json").read_text("utf-8"))}
    assert rows["news/late.md"]["first_published"] == "2024-05-20T10:00:00+08:00"
    assert rows["news/honest.md"]["first_published"] == "2024-05-10T09:12:00+08:00"


def test_a_renamed_item_keeps_its_first_publication(tmp_path: Path) -> None:
    root, _shas = history_portal(tmp_path)
    git(root, "mv", "content/news/fresh.md", "content/news/fresh-renamed.md")
    commit_all(root, "2024-07-01T08:00:00+08:00")
    out = report(root, "2024-07-02")
    assert [b["path"] for b in out["backdated"]] == ["content/news/honest.md", "content/news/late.md"]
    assert not [c for c in out["date_changes"] if "fresh" in c["path"]]


def test_archive_until_trusts_the_migrated_archive(tmp_path: Path) -> None:
    root, _shas = history_portal(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace("  - opengov\n", "  - opengov:\n      archive_until: 2024-05-31\n"),
        encoding="utf-8",
    )
    commit_all(root, "2024-06-21T08:00:00+08:00")
    out = report(root, "2024-06-25")
    assert out["backdated"] == []
    assert [c["path"] for c in out["date_changes"]] == ["content/news/honest.md"]  # after the archive


def test_a_shallow_clone_or_no_git_says_so_and_never_judges(tmp_path: Path) -> None:
    root, _shas = history_portal(tmp_path)
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{root}", str(shallow)],
        check=True,
        capture_output=True,
    )
    plain = make_portal(
        tmp_path / "plain", {"content/news/late.md": item_md("补发的旧通知", date="2024-03-01")}
    )
    for folder, words in ((shallow, "浅克隆"), (plain, "不是 git 仓库")):
        out = report(folder, "2024-06-25")
        assert out["backdated"] == [] and out["date_changes"] == []
        unavailable = [w for w in out["warnings"] if w["code"] == "history-unavailable"]
        assert len(unavailable) == 1 and words in unavailable[0]["message"], out["warnings"]
        assert not any("伪造发稿日期" in r for r in out["verdict"]["reasons"])


def test_the_content_folder_keeps_a_leading_dot() -> None:
    from opengov.core.history.gitlog import content_folder

    assert content_folder("", ".content") == ".content"
    assert content_folder("portal/", "content") == "portal/content"
    assert content_folder("", ".") == ""


def test_the_changes_feed_tells_of_corrections_and_of_a_repeal_dated_by_its_commit(
    tmp_path: Path, atom_schema: object
) -> None:
    import feedparser
    from lxml import etree

    root, shas = history_portal(tmp_path)
    rule = "content/news/rule.md"
    write(
        root,
        rule,
        item_md("关于临时措施的通知", date="2024-06-21", doc_type="normative", validity="effective"),
    )
    commit_all(root, "2024-06-21T09:00:00+08:00")
    write(
        root,
        rule,
        item_md("关于临时措施的通知", date="2024-06-21", doc_type="normative", validity="repealed"),
    )
    shas["repeal"] = commit_all(root, "2024-07-03T15:30:00+08:00")
    write(root, "content/news/fresh.md", item_md("近期动态", date="2024-06-20", body="正文，已更正。\n"))
    shas["fix"] = commit_all(root, "2024-07-04T10:00:00+08:00")
    done = build(root)
    assert done.returncode == 0, done.stderr
    atom = (root / "site" / "changes" / "atom.xml").read_bytes()
    atom_schema.assertValid(etree.fromstring(atom))  # type: ignore[attr-defined]
    for kind, data in (("atom", atom), ("rss", (root / "site" / "changes" / "rss.xml").read_bytes())):
        feed = feedparser.parse(data)
        assert not feed.bozo, (kind, feed.bozo_exception)
        got = [(e.title, e.published_parsed[:3]) for e in feed.entries]
        assert got == [
            ("更正：近期动态", (2024, 7, 4)),
            ("废止：关于临时措施的通知", (2024, 7, 3)),
            ("更正发布日期：按时发布", (2024, 6, 2)),
        ], kind
        texts = [e.summary for e in feed.entries]
        assert "《关于临时措施的通知》自2024年7月3日起废止。" in texts
        assert "《按时发布》的发布日期于2024年6月2日由2024年5月10日更正为2024年4月1日。" in texts
        assert len({e.id for e in feed.entries}) == 3
        assert feed.entries[1].link == "https://example.gov.cn/news/rule/"


def test_a_commit_that_moves_the_date_and_repeals_the_document_tells_both(tmp_path: Path) -> None:
    import feedparser

    root, _shas = history_portal(tmp_path)
    rule = "content/news/rule.md"
    write(
        root, rule, item_md("关于某事项的规定", date="2024-06-21", doc_type="normative", validity="effective")
    )
    commit_all(root, "2024-06-21T09:00:00+08:00")
    write(
        root, rule, item_md("关于某事项的规定", date="2024-06-22", doc_type="normative", validity="repealed")
    )
    commit_all(root, "2024-07-01T10:00:00+08:00")
    done = build(root)
    assert done.returncode == 0, done.stderr
    feed = feedparser.parse((root / "site" / "changes" / "atom.xml").read_bytes())
    titles = [e.title for e in feed.entries]
    assert "废止：关于某事项的规定" in titles and "更正发布日期：关于某事项的规定" in titles
