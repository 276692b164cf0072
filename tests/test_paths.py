"""Paths judged by where they really point, names that make addresses, links Markdown renders.

CONTRACT §1 (References): a symlink that leads out of ``content/`` and ``docs/`` is
``broken-link``; a file name with ``#``, ``?``, ``%``, ``\\`` or a control character is
``bad-path``; addresses the portal writes itself are ``url-conflict``.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from conftest import build, check, finding_heads, site_files, snapshot
from factories import item_md, make_portal
from PIL import Image

MARKER = "SECRET-OUTSIDE-MARKER-7731"
A = "content/news/a.md"


def errors(root: Path) -> list[str]:
    _status, out = check(root)
    return [head for head in finding_heads(out) if ": error " in head]


def outside_file(tmp_path: Path, name: str = "secret.csv") -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir(exist_ok=True)
    secret = folder / name
    secret.write_text(f"名称,值\n{MARKER},1\n", encoding="utf-8")
    return secret


def built_clean(root: Path) -> dict[str, bytes]:
    result = build(root)
    assert result.returncode == 0, result.stderr
    return snapshot(root / "site")


def assert_build_refused(root: Path, before: dict[str, bytes]) -> None:
    result = build(root)
    assert result.returncode != 0
    assert "broken-link" in result.stderr
    assert snapshot(root / "site") == before
    assert not any(MARKER.encode() in data for data in site_files(root / "site").values())


# --------------------------------------------------------------------------- symlinks


def test_attachment_symlink_to_etc_passwd_is_broken_link(tmp_path: Path) -> None:
    root = make_portal(tmp_path / "p", {A: item_md(attachments=["data.csv"])})
    os.symlink("/etc/passwd", root / "content/news/data.csv")
    assert errors(root) == [f"{A}:7: error broken-link"]


def test_symlinked_files_never_reach_the_site(tmp_path: Path) -> None:
    secret = outside_file(tmp_path)
    root = make_portal(tmp_path / "p", {A: item_md(body="正文。\n")})
    before = built_clean(root)
    body = "见[数据](data.csv)和![图](pic.png)。\n\n[站内](/news/abs.csv)\n"
    (root / A).write_text(item_md(attachments=["att.csv"], body=body), encoding="utf-8")
    for name in ("data.csv", "pic.png", "att.csv", "abs.csv"):
        os.symlink(secret, root / "content/news" / name)  # absolute target
    assert errors(root) == [
        f"{A}:7: error broken-link",  # the attachment entry
        f"{A}:9: error broken-link",  # the link and the image on the body's first line
        f"{A}:9: error broken-link",
        f"{A}:11: error broken-link",  # a site-root link
    ]
    assert_build_refused(root, before)


def test_relative_symlink_and_symlinked_folder(tmp_path: Path) -> None:
    secret = outside_file(tmp_path)
    root = make_portal(tmp_path / "p", {A: item_md()})
    before = built_clean(root)
    (root / A).write_text(item_md(body="[表](../shared/secret.csv)\n"), encoding="utf-8")
    os.symlink(os.path.relpath(secret.parent, root / "content"), root / "content/shared")
    # The linked folder itself is reported, and the link through it.
    assert errors(root) == [f"{A}:7: error broken-link", "content/shared:1: error broken-link"]
    assert_build_refused(root, before)


def test_symlink_inside_the_portal_still_works(tmp_path: Path) -> None:
    root = make_portal(
        tmp_path / "p",
        {A: item_md(attachments=["copy.csv"]), "content/news/real.csv": "名称,值\n甲,1\n"},
    )
    os.symlink("real.csv", root / "content/news/copy.csv")
    assert errors(root) == []


def test_item_symlinked_out_of_the_portal(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "leak.md").write_text(item_md(body=f"{MARKER}\n"), encoding="utf-8")
    (outside / "inner.md").write_text(item_md(title="里面", body=f"{MARKER}\n"), encoding="utf-8")
    root = make_portal(tmp_path / "p", {A: item_md()})
    before = built_clean(root)
    os.symlink(outside / "leak.md", root / "content/news/leak.md")
    os.symlink(outside, root / "content/linked")
    assert errors(root) == [
        "content/linked:1: error broken-link",
        "content/news/leak.md:1: error broken-link",
    ]
    assert_build_refused(root, before)


def test_symlink_cycles_do_not_hang(tmp_path: Path) -> None:
    root = make_portal(tmp_path / "p", {A: item_md(body="[x](loop.csv)\n"), "docs/sub/page.md": "# 页\n"})
    os.symlink(".", root / "content/news/again")  # a folder link to itself
    os.symlink("loop.csv", root / "content/news/loop.csv")  # a file link to itself
    os.symlink("b.md", root / "content/news/a2.md")
    os.symlink("a2.md", root / "content/news/b.md")
    os.symlink("..", root / "docs/sub/up")  # MkDocs would walk this for ever
    assert errors(root) == [
        f"{A}:7: error broken-link",
        "content/news/a2.md:1: error broken-link",
        "content/news/b.md:1: error broken-link",
        "docs/sub/up:1: error broken-link",
    ]


def test_docs_symlink_out_of_the_portal(tmp_path: Path) -> None:
    secret = outside_file(tmp_path, "secret.txt")
    root = make_portal(tmp_path / "p", {A: item_md()})
    before = built_clean(root)
    os.symlink(secret, root / "docs/secret.txt")
    assert errors(root) == ["docs/secret.txt:1: error broken-link"]
    assert_build_refused(root, before)


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize("name", ["a#1.csv", "a?1.csv", "a%1.csv", "a\\1.csv", "a\n1.csv", "a\x01.csv"])
def test_referenced_file_names_that_break_addresses(tmp_path: Path, name: str) -> None:
    quoted = '"' + name.replace("\\", "\\\\").replace("\n", "\\n").replace("\x01", "\\x01") + '"'
    root = make_portal(tmp_path / "p", {A: item_md(attachments=[quoted])})
    (root / "content/news" / name).write_text("名称,值\n甲,1\n", encoding="utf-8")
    assert errors(root) == [f"{A}:7: error bad-path"]


def test_linked_file_name_with_percent(tmp_path: Path) -> None:
    root = make_portal(tmp_path / "p", {A: item_md(body="正文\n[表](a%2523.csv)\n")})
    (root / "content/news/a%23.csv").write_text("x\n", encoding="utf-8")
    assert errors(root) == [f"{A}:8: error bad-path"]


@pytest.mark.parametrize("name", ["a#1.md", "a%1.md", "a?1.md"])
def test_item_names_that_break_addresses(tmp_path: Path, name: str) -> None:
    root = make_portal(tmp_path / "p", {f"content/news/{name}": item_md()})
    assert errors(root) == [f"content/news/{name}:1: error bad-path"]


@pytest.mark.parametrize("name", ["b.MD", "b.Md", "b.markdown", "b.mdown", "b.mkd"])
def test_other_markdown_suffixes_are_reported(tmp_path: Path, name: str) -> None:
    root = make_portal(tmp_path / "p", {A: item_md(), f"content/news/{name}": item_md(title="漏掉的")})
    assert errors(root) == [f"content/news/{name}:1: error bad-path"]
    assert "小写 .md" in check(root)[1]
    result = build(root)
    assert result.returncode != 0 and "bad-path" in result.stderr


# --------------------------------------------------------------------------- addresses


@pytest.mark.parametrize(
    "path",
    [
        "content/assets/opengov/portal.js.md",
        "content/assets/javascripts/bundle.md",
        "content/assets/stylesheets/main.md",
        "content/catalog/rows.json.md",
        "content/pagefind/pagefind.js.md",
        "content/404.html.md",
        "content/sitemap.xml.gz.md",
    ],
)
def test_items_at_addresses_the_portal_writes(tmp_path: Path, path: str) -> None:
    root = make_portal(tmp_path / "p", {path: item_md()})
    assert errors(root) == [f"{path}:1: error url-conflict"]


def test_item_at_a_generated_address_fails_the_build(tmp_path: Path) -> None:
    root = make_portal(tmp_path / "p", {A: item_md()})
    before = built_clean(root)
    (root / "content/assets/opengov").mkdir(parents=True)
    (root / "content/assets/opengov/portal.js.md").write_text(item_md(), encoding="utf-8")
    result = build(root)
    assert result.returncode != 0 and "url-conflict" in result.stderr
    assert snapshot(root / "site") == before


# --------------------------------------------------------------------------- loops


def test_alias_at_its_own_path(tmp_path: Path) -> None:
    root = make_portal(tmp_path / "p", {A: item_md(aliases=["news/old.md", "news/a.md"])})
    assert errors(root) == [f"{A}:8: error url-conflict"]


def test_replaced_by_itself(tmp_path: Path) -> None:
    root = make_portal(tmp_path / "p", {A: item_md(replaced_by="news/a.md")})
    assert errors(root) == [f"{A}:6: error bad-value"]


def test_replaced_by_cycles(tmp_path: Path) -> None:
    files = {
        "content/news/a.md": item_md(replaced_by="news/b.md"),
        "content/news/b.md": item_md(replaced_by="news/c.md"),
        "content/news/c.md": item_md(replaced_by="news/a.md"),
        "content/news/d.md": item_md(replaced_by="news/a.md"),  # leads into the loop: its target's fault
        "content/news/e.md": item_md(replaced_by="news/f.md"),
        "content/news/f.md": item_md(),
    }
    root = make_portal(tmp_path / "p", files)
    assert errors(root) == [
        "content/news/a.md:6: error bad-value",
        "content/news/b.md:6: error bad-value",
        "content/news/c.md:6: error bad-value",
    ]


# --------------------------------------------------------------------------- links Markdown renders


NOT_LINKS = """\
正文 `[x](nope1.md)` 与 ``a ` [y](nope2.md)``。

    [缩进代码](nope3.md)
    <a href="nope4.html">x</a>

````
```
[q](nope5.md)
```
[r](nope6.md)
````

~~~
[s](nope7.md)
~~~

<!-- 旧链接 [c](nope8.md)
<img src="nope9.png"> -->
结尾。
"""


def test_link_syntax_that_markdown_does_not_render(tmp_path: Path) -> None:
    root = make_portal(tmp_path / "p", {A: item_md(body=NOT_LINKS)})
    assert errors(root) == []


def test_links_that_markdown_renders_are_checked(tmp_path: Path) -> None:
    body = (
        "正文。\n"  # line 7
        "<a href=nope1.html>无引号</a>\n"
        '<img src="ok.png" srcset="ok.png 1x, nope2.png 2x">\n'
        "[引用式][r]\n"
        "\n"
        "[r]: nope3.md\n"
        "- 列表\n"
        "\n"
        "    [列表里的段落](nope4.md)\n"
        "`code` 之后 [真链接](nope5.md)\n"
    )
    image = io.BytesIO()
    Image.new("RGB", (2, 2)).save(image, "PNG")  # a real image: a broken one is unchecked-attachment
    root = make_portal(tmp_path / "p", {A: item_md(body=body), "content/news/ok.png": image.getvalue()})
    assert errors(root) == [
        f"{A}:8: error broken-link",
        f"{A}:9: error broken-link",
        f"{A}:12: error broken-link",
        f"{A}:15: error broken-link",
        f"{A}:16: error broken-link",
    ]


def test_demo_portal_still_checks_clean() -> None:
    assert errors(Path(__file__).resolve().parents[1]) == []
