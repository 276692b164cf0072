"""``mkdocs.yml`` read without MkDocs, as MkDocs reads it, for the commands that do not build.

``!ENV`` (pyyaml-env-tag's rules), ``INHERIT`` (a deep merge, lists replaced, as mergedeep
does), ``plugins`` as a list or a mapping, and the plugin's options checked by
``options.read_plugin_options``, which gives the build's reasons. Tags that would import
Python (``!!python/name:…``, as Material's emoji settings use) are kept as text: reading the
file must never run the engine or its theme.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit, urlunsplit

import yaml

from .options import PluginOptions, read_plugin_options


class ConfigFileError(Exception):
    """``mkdocs.yml`` cannot be read or holds a bad option (the commands' exit status 2)."""


@dataclass(frozen=True)
class SiteConfig:
    """What the commands need of ``mkdocs.yml``: MkDocs' own settings and the plugin's options."""

    path: Path
    site_name: str
    site_url: str | None
    use_directory_urls: object
    docs_dir: str  # absolute, as MkDocs makes it
    site_dir: str  # absolute
    markdown_extensions: object
    plugin_names: tuple[str, ...]
    options: PluginOptions = field(default_factory=PluginOptions)


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    """``!ENV NAME`` or ``!ENV [NAME, OTHER, default]``: the first variable set, typed as YAML."""
    default = None
    if isinstance(node, yaml.ScalarNode):
        names = [loader.construct_scalar(node)]
    elif isinstance(node, yaml.SequenceNode):
        children = node.value
        if len(children) > 1:
            default = loader.construct_object(children[-1])
            children = children[:-1]
        names = [loader.construct_scalar(child) for child in children]
    else:
        mapping = cast(yaml.MappingNode, node)  # the composer makes scalar, sequence and mapping nodes only
        raise yaml.constructor.ConstructorError(
            None, None, f"expected a scalar or sequence node, but found {mapping.id}", node.start_mark
        )
    for name in names:
        if name in os.environ:
            value = os.environ[name]
            tag = loader.resolve(yaml.ScalarNode, value, (True, False))
            return loader.construct_object(yaml.ScalarNode(tag, value))
    return default


def _other_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    """Any other tag (``!relative``, ``!!python/name:…``): its value, never what it would import."""
    if isinstance(node, yaml.ScalarNode):
        return f"{node.tag} {node.value}".strip()
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(cast(yaml.MappingNode, node))  # the only other kind of node


class _Loader(yaml.SafeLoader):
    """YAML 1.1 as MkDocs reads it (its loader resolves scalars the same way)."""


_Loader.add_constructor("!ENV", _env_tag)
_Loader.add_multi_constructor("!", _other_tag)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _other_tag)


def yaml_problem(path: Path, exc: BaseException | None) -> str:
    mark = getattr(exc, "problem_mark", None)
    if mark is None:
        return f"{path} 不是有效的 YAML 文件，无法读取（{exc}）。请检查缩进、冒号和引号"
    name = Path(mark.name).name if mark.name and not mark.name.startswith("<") else path.name
    problem = getattr(exc, "problem", None) or ""
    return f"{name} 第 {mark.line + 1} 行不是有效的 YAML（{problem}），无法读取。请检查这一行及上一行的缩进、冒号和引号"


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``extra`` over ``base``: mappings merged key by key, anything else replaced."""
    for key, value in extra.items():
        if isinstance(base.get(key), dict) and isinstance(value, dict):
            _merge(base[key], value)
        else:
            base[key] = value
    return base


def _load_yaml(path: Path, top: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fd:
            data: object = yaml.load(fd, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except OSError as exc:
        raise ConfigFileError(f"无法打开 {path}：{exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise ConfigFileError(yaml_problem(top, exc)) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigFileError(f"{top.name} 无法读取：内容应为“键: 值”的映射，而现在是 {type(data).__name__}")
    if "INHERIT" in data:
        relpath = data.pop("INHERIT")
        parent = Path(os.path.normpath(os.path.join(os.path.dirname(path), str(relpath))))
        if not parent.exists():
            raise ConfigFileError(
                f"{top.name} 的 INHERIT 指向的文件 {relpath} 不存在。请检查路径（相对于 {top.name} 所在的文件夹）"
            )
        data = _merge(_load_yaml(parent, top), data)
    return data


def plugin_entries(plugins: object) -> list[tuple[str, object]]:
    """``plugins`` as a list of names or one-key mappings, or a mapping: (name, options) in order.

    A plugin listed again is named ``name #2`` and so on, as MkDocs names it.
    """
    if isinstance(plugins, dict):
        pairs = list(plugins.items())
    elif isinstance(plugins, list):
        pairs = []
        for entry in plugins:
            if isinstance(entry, dict) and len(entry) == 1:
                pairs.append(next(iter(entry.items())))
            else:
                pairs.append((str(entry), None))
    else:
        pairs = []
    seen: dict[str, int] = {}
    named = []
    for name, options in pairs:
        seen[name] = seen.get(name, 0) + 1
        named.append((name if seen[name] == 1 else f"{name} #{seen[name]}", options))
    return named


def _site_url(value: object) -> str | None:
    """MkDocs adds the final "/" to a full address; anything else is judged by ``config_problems``."""
    if not isinstance(value, str) or not value:
        # Not text: passed on as it is for siteconfig's check to report (MkDocs, when installed, rejects it first).
        return value  # type: ignore[return-value]
    parts = urlsplit(value)
    if parts.scheme and parts.netloc and not parts.path.endswith("/"):
        return urlunsplit(parts._replace(path=f"{parts.path}/"))
    return value


def _folder(root: Path, value: object, default: str) -> str:
    return os.path.abspath(os.path.join(root, str(value or default)))


def read_config_file(path: Path) -> SiteConfig:
    """The settings of ``path``; :class:`ConfigFileError` in Chinese when it is bad."""
    if not path.is_file():
        raise ConfigFileError(
            f"找不到 {path}。请在门户根目录（有 mkdocs.yml 的文件夹）运行，或用 -f 指定配置文件"
        )
    data = _load_yaml(path, path)
    root = Path(os.path.dirname(os.path.abspath(path)))
    plugins = plugin_entries(data.get("plugins", ["search"]))
    raw = next((opts for name, opts in plugins if name == "opengov"), None)
    options, problems = read_plugin_options(raw if isinstance(raw, dict) else {}, root)
    if problems:
        raise ConfigFileError(f"{path.name} 中的设置有误：" + "；".join(problems))
    return SiteConfig(
        path=path,
        site_name=str(data.get("site_name") or ""),
        site_url=_site_url(data.get("site_url")),
        use_directory_urls=True if data.get("use_directory_urls") is None else data["use_directory_urls"],
        docs_dir=_folder(root, data.get("docs_dir"), "docs"),
        site_dir=_folder(root, data.get("site_dir"), "site"),
        markdown_extensions=data.get("markdown_extensions", []),
        plugin_names=tuple(name for name, _options in plugins),
        options=options,
    )
