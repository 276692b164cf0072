"""``mkdocs.yml`` validated by MkDocs itself, when MkDocs is installed, for the commands.

The commands read the file without MkDocs (``core/configfile.py``); where MkDocs is there, its
own loader also judges the settings that are not the plugin's (an unknown plugin, a missing
``docs_dir``…), so the check stops where the build would. Only its English errors are put
in Chinese here, naming the file (and the line of a YAML error).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from mkdocs import exceptions
from mkdocs.config.defaults import MkDocsConfig

from ..core.configfile import ConfigFileError, yaml_problem
from .messages import option_problems


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
            raise ConfigFileError(yaml_problem(path, context)) from None
        inherited = re.match(r"Inherited config file '(.+)' does not exist", str(exc))
        if inherited:
            raise ConfigFileError(
                f"{path.name} 的 INHERIT 指向的文件 {inherited[1]} 不存在。请检查路径（相对于 {path.name} 所在的文件夹）"
            ) from None
        raise ConfigFileError(f"{path.name} 无法读取：{exc}") from None
    errors, _warnings = config.validate()
    if errors:
        problems = [line for key, err in errors for line in option_problems(key, err)]
        raise ConfigFileError(f"{path.name} 中的设置有误：" + "；".join(problems))
    return config
