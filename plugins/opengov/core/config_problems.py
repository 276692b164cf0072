"""Problems of `mkdocs.yml` settings that stop a build before any item is read (build and check)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .feeds import check_base_url
from .options import DEFAULT_CACHE_DIR

NO_DIRECTORY_URLS = "opengov 不支持 use_directory_urls: false：政府网站的地址必须以“/”结尾。请删除这一设置"
NO_SITE_URL = "缺少 site_url（网站正式地址，例如 https://www.example.gov.cn/）。订阅源（RSS/Atom）和站点地图需要完整网址"


def site_config_problems(site_url: object, use_directory_urls: object) -> list[str]:
    """What is wrong with these ``mkdocs.yml`` settings, in Chinese; empty when nothing is."""
    problems = []
    if use_directory_urls is False:
        problems.append(NO_DIRECTORY_URLS)
    if not site_url or not str(site_url).strip():
        problems.append(NO_SITE_URL)
    else:
        try:
            check_base_url(str(site_url))
        except ValueError as exc:
            problems.append(str(exc))
    return problems


# Markdown extensions that copy other files into a page: a withheld item could be published
# through them, past every check of what an item may link to (CONTRACT §1 References).
FILE_READING_EXTENSIONS = {
    "pymdownx.snippets": "pymdownx.snippets（--8<-- 片段引用）",
    "markdown_include.include": "markdown_include（{!文件!} 引用）",
    "mdx_include": "mdx_include（{! 文件 !} 引用）",
    "markdown_include": "markdown_include（{!文件!} 引用）",
    "pymdownx.include": "pymdownx.include",
}


def _extension_names(extensions: object) -> list[str]:
    """Names in ``markdown_extensions`` as written: a list of names or one-key mappings, or a mapping."""
    if isinstance(extensions, dict):
        return [str(name) for name in extensions]
    names: list[str] = []
    for entry in extensions if isinstance(extensions, list | tuple) else []:
        names.extend(str(name) for name in (entry if isinstance(entry, dict) else [entry]))
    return names


def extension_problems(extensions: object) -> list[str]:
    """Refused Markdown extensions (those that read files), in Chinese."""
    problems = []
    for name in _extension_names(extensions):
        key = name.strip().casefold().replace("-", "_")
        if key.endswith(":makeextension"):
            key = key.rsplit(":", 1)[0]
        if key in FILE_READING_EXTENSIONS or key.endswith(".snippets"):
            label = FILE_READING_EXTENSIONS.get(key, name)
            problems.append(
                f"markdown_extensions 中的 {label} 会把其他文件的内容直接插入网页，"
                "未公开的条目可能借此被发布，opengov 不允许使用。请从 mkdocs.yml 删除这一扩展"
            )
    return problems


def layout_problems(content_dir: Path, docs_dir: Path) -> list[str]:
    """``content_dir`` and ``docs_dir`` (resolved) may not contain each other (CONTRACT §1)."""
    content, docs = content_dir.resolve(), docs_dir.resolve()
    if content == docs or content.is_relative_to(docs) or docs.is_relative_to(content):
        return [
            f"content_dir（{content_dir}）和 docs_dir（{docs_dir}）不能相同或互相包含："
            "否则未公开的条目会被 MkDocs 当作普通网页发布。请把条目和 docs 页面放在两个并列的文件夹里"
        ]
    return []


def place_problems(root: Path, content_dir: Path, catalog: Path) -> list[str]:
    """``content_dir`` must be a folder and it and the catalog must lie in the portal folder.

    Everything the site publishes comes from the portal (a git work tree); a catalog such as
    ``/etc/passwd`` or content from another folder of the machine is an operator's slip.
    """
    top = root.resolve()
    problems = []
    for name, path in (("content_dir", content_dir), ("catalog", catalog)):
        if not path.resolve().is_relative_to(top):
            problems.append(
                f"{name}（{path}）在门户文件夹 {top} 之外：网站只发布门户文件夹里的内容。"
                "请把它放进 mkdocs.yml 所在的文件夹（或其子文件夹），再改正这一设置"
            )
    if not content_dir.is_dir() and not problems:
        problems.append(
            f"找不到 content_dir 文件夹 {content_dir}。请创建它（信息条目和 catalog.yml 放在里面），或改正这一设置"
        )
    return problems


def plugin_problems(plugin_names: Iterable[str]) -> list[str]:
    """MkDocs only warns when ``opengov`` is listed twice; two instances would build the portal twice."""
    count = sum(1 for name in plugin_names if name == "opengov" or name.startswith("opengov #"))
    if count > 1:
        return [f"plugins 中写了 {count} 次 opengov。请只保留一处（选项都写在这一处下面）"]
    return []


def cache_problems(cache_dir: Path, content_dir: Path, docs_dir: Path, site_dir: Path) -> list[str]:
    """``cache_dir`` (resolved) may not lie in a folder the build publishes, reads or replaces."""
    cache = cache_dir.resolve()
    for name, folder in (("content_dir", content_dir), ("docs_dir", docs_dir), ("site_dir", site_dir)):
        folder = folder.resolve()
        if cache == folder or cache.is_relative_to(folder) or folder.is_relative_to(cache):
            return [
                f"cache_dir（{cache_dir}）不能与 {name}（{folder}）相同或互相包含："
                f"缓存文件会被当作网站内容发布，或在构建时被清除。请使用默认的 {DEFAULT_CACHE_DIR}"
            ]
    return []


def config_problems(
    *,
    site_url: object,
    use_directory_urls: object,
    markdown_extensions: object,
    content_dir: Path,
    docs_dir: Path,
    cache_dir: Path,
    site_dir: Path,
    root: Path,
    catalog: Path,
    plugin_names: Iterable[str],
) -> list[str]:
    """Every problem of ``mkdocs.yml`` that stops a build before any item is read (build and check)."""
    return [
        *site_config_problems(site_url, use_directory_urls),
        *plugin_problems(plugin_names),
        *place_problems(root, content_dir, catalog),
        *layout_problems(content_dir, docs_dir),
        *extension_problems(markdown_extensions),
        *cache_problems(cache_dir, content_dir, docs_dir, site_dir),
    ]
