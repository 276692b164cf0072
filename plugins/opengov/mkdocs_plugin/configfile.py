"""``mkdocs.yml`` read exactly as ``mkdocs build`` reads it, for the commands that do not build.

MkDocs' own loader does ``!ENV``, ``INHERIT``, ``plugins`` as a list or a mapping and every
option's validation (ours included, see ``config.py``); only its English errors are put in
Chinese here, naming the file (and the line of a YAML error).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from mkdocs import exceptions
from mkdocs.config.defaults import MkDocsConfig

from .config import OpenGovConfig


class ConfigFileError(Exception):
    """``mkdocs.yml`` cannot be read or holds a bad option (the commands' exit status 2)."""


# MkDocs' wording of a plugin's option error (mkdocs/config/config_options.py, Plugins).
PLUGIN_OPTION = re.compile(r"^Plugin '(?P<plugin>[^']+)' option '(?P<option>[^']+)': (?P<reason>.*)$")


def _yaml_problem(path: Path, exc: BaseException | None) -> str:
    mark = getattr(exc, "problem_mark", None)
    if mark is None:
        return f"{path} 不是有效的 YAML 文件，无法读取（{exc}）。请检查缩进、冒号和引号"
    name = Path(mark.name).name if mark.name and not mark.name.startswith("<") else path.name
    problem = getattr(exc, "problem", None) or ""
    return f"{name} 第 {mark.line + 1} 行不是有效的 YAML（{problem}），无法读取。请检查这一行及上一行的缩进、冒号和引号"


def _option_problems(key: str, error: object) -> list[str]:
    lines = []
    for line in str(error).splitlines():
        match = PLUGIN_OPTION.match(line)
        if match and match["plugin"] == "opengov":
            reason = match["reason"]
            # ``reason`` names the option itself when it comes from core/options.py.
            lines.append(reason if match["option"] in reason else f"{match['option']}：{reason}")
        else:
            lines.append(f"{key}：{line}")
    return lines


def load_mkdocs_config(path: Path) -> MkDocsConfig:
    """The validated configuration of ``path``; :class:`ConfigFileError` in Chinese when it is bad."""
    if not path.is_file():
        raise ConfigFileError(
            f"找不到 {path}。请在门户根目录（有 mkdocs.yml 的文件夹）运行，或用 -f 指定配置文件"
        )
    config = MkDocsConfig(config_file_path=str(path))
    try:
        with path.open("rb") as fd:
            config.load_file(fd)
    except OSError as exc:
        raise ConfigFileError(f"无法打开 {path}：{exc.strerror}") from None
    except exceptions.ConfigurationError as exc:
        context = exc.__context__
        if isinstance(context, yaml.YAMLError):
            raise ConfigFileError(_yaml_problem(path, context)) from None
        inherited = re.match(r"Inherited config file '(.+)' does not exist", str(exc))
        if inherited:
            raise ConfigFileError(
                f"{path.name} 的 INHERIT 指向的文件 {inherited[1]} 不存在。请检查路径（相对于 {path.name} 所在的文件夹）"
            ) from None
        raise ConfigFileError(f"{path.name} 无法读取：{exc}") from None
    errors, _warnings = config.validate()
    if errors:
        problems = [line for key, err in errors for line in _option_problems(key, err)]
        raise ConfigFileError(f"{path.name} 中的设置有误：" + "；".join(problems))
    return config


def opengov_options(config: MkDocsConfig) -> OpenGovConfig:
    """The plugin's validated options; the defaults when ``mkdocs.yml`` does not list the plugin."""
    plugin = config.plugins.get("opengov")
    if plugin is not None:
        return plugin.config  # type: ignore[return-value]
    options = OpenGovConfig(config_file_path=config.config_file_path)
    options.load_dict({})
    options.validate()
    return options
