"""The plugin options as the command line reads them from ``mkdocs.yml`` (no build).

The file may carry MkDocs-specific tags (``!!python/name:…``, ``!ENV``); they are
read as plain values since the commands only need the ``opengov`` options.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .core.loader import LoadOptions


class SettingsError(Exception):
    """``mkdocs.yml`` is missing or unreadable (exit status 2)."""


class _TolerantLoader(yaml.SafeLoader):
    pass


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_TolerantLoader.add_multi_constructor("!", _any_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)


@dataclass
class Settings:
    root: Path
    site_name: str = ""
    site_url: str | None = None
    use_directory_urls: object = True
    docs_dir: str = "docs"
    markdown_extensions: object = None
    content_dir: str = "content"
    catalog: str = "content/catalog.yml"
    page_size: int = 20
    feed_size: int = 50
    search: bool = True
    compliance_page: bool = False
    annual_report: str | None = None
    footer: dict[str, Any] = field(default_factory=dict)
    config_file: str = "mkdocs.yml"  # relative to root


# Without -f: MkDocs' file, else ProperDocs' (which asks its users to rename mkdocs.yml).
CONFIG_NAMES = ("mkdocs.yml", "properdocs.yml")


def read_settings(config_file: str | Path | None = None) -> Settings:
    if config_file is None:
        found = [name for name in CONFIG_NAMES if Path(name).is_file()]
        config_file = found[0] if found else CONFIG_NAMES[0]
    path = Path(config_file)
    try:
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_TolerantLoader)  # noqa: S506
    except OSError:
        raise SettingsError(
            f"找不到 {path}。请在门户根目录（有 mkdocs.yml 的文件夹）运行，或用 -f 指定配置文件"
        ) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path} 无法读取：{exc}") from None
    if not isinstance(data, dict):
        raise SettingsError(f"{path} 不是有效的 MkDocs 配置（应为“键: 值”映射）")
    options: dict[str, Any] = {}
    for entry in data.get("plugins") or []:
        if isinstance(entry, dict) and "opengov" in entry:
            options = entry["opengov"] or {}
    from .mkdocs_plugin.config import OpenGovConfig  # typed option checks, shared with the plugin

    config = OpenGovConfig(config_file_path=str(path))
    config.load_dict(options)
    failed, _warnings = config.validate()
    if failed:
        problems = "；".join(f"{key}: {err}" for key, err in failed)
        raise SettingsError(f"{path} 中 opengov 插件的选项有误：{problems}")
    content_dir = config.content_dir
    return Settings(
        root=path.resolve().parent,
        site_name=str(data.get("site_name") or ""),
        site_url=data.get("site_url"),
        use_directory_urls=data.get("use_directory_urls", True),
        docs_dir=str(data.get("docs_dir") or "docs"),
        markdown_extensions=data.get("markdown_extensions"),
        content_dir=content_dir,
        catalog=config.catalog or posixpath.join(content_dir, "catalog.yml"),
        page_size=config.page_size,
        feed_size=config.feed_size,
        search=config.search,
        compliance_page=config.compliance_page,
        annual_report=config.annual_report,
        footer=dict(config.footer),
        config_file=path.name,
    )


def load_options(
    settings: Settings, today: dt.date | None = None, *, site_checks: bool = False
) -> LoadOptions:
    """The loader's options for these settings; ``site_checks`` adds footer and annual-report checks."""
    return LoadOptions(
        root=settings.root,
        content_dir=settings.content_dir,
        catalog=settings.catalog,
        docs_dir=settings.docs_dir,
        today=today,
        page_size=settings.page_size,
        footer=settings.footer if site_checks else None,
        config_file=settings.config_file,
        annual_report=settings.annual_report if site_checks else None,
        site_url=settings.site_url,
    )
