"""The plugin's options (CONTRACT §4), as typed MkDocs config classes.

The rules and their Chinese reasons are ``core/options.py``; these classes only apply them
where MkDocs validates options, which ``opengov check`` does too (``configfile.py``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..core.options import (
    DEFAULTS,
    existing_file_problem,
    folder_problem,
    positive_problem,
    type_problem,
    unknown_key_problem,
    web_address_problem,
)

T = TypeVar("T")


class Typed(Generic[T], c.Type[T]):
    """``config_options.Type`` with the reason in Chinese (and ``true`` is not an integer)."""

    def __init__(self, type_: type[T], /, **kwargs: Any) -> None:
        super().__init__(type_, **kwargs)
        self.expected = type_

    def run_validation(self, value: object) -> T:
        problem = type_problem(self.label(), value, self.expected)
        if problem:
            raise base.ValidationError(problem)
        return cast(T, value)  # type_problem found it is a T

    def pre_validation(self, config: base.Config, key_name: str) -> None:
        self.option_key = f"{getattr(config, 'section', '')}{key_name}"

    def label(self) -> str:
        return getattr(self, "option_key", "")


class PositiveInt(Typed[int]):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(int, **kwargs)

    def run_validation(self, value: object) -> int:
        number = super().run_validation(value)
        problem = positive_problem(self.label(), number)
        if problem:
            raise base.ValidationError(problem)
        return number


def _root(config: base.Config) -> Path:
    """The folder of ``mkdocs.yml``: relative option paths start there, as in the build."""
    path = config.config_file_path
    return Path(os.path.dirname(os.path.abspath(path))) if path else Path.cwd()


class ExistingFile(Typed[str]):
    """A path (kept as written) that must name an existing file."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(str, **kwargs)

    def post_validation(self, config: base.Config, key_name: str) -> None:
        value = config[key_name]
        problem = value is not None and existing_file_problem(self.label(), value, _root(config))
        if problem:
            raise base.ValidationError(problem)


class WebAddress(Typed[str]):
    """An absolute http(s) address (footer links)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(str, **kwargs)

    def run_validation(self, value: object) -> str:
        text = super().run_validation(value)
        problem = web_address_problem(self.label(), text)
        if problem:
            raise base.ValidationError(problem)
        return text


class Folder(Typed[str]):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(str, **kwargs)

    def post_validation(self, config: base.Config, key_name: str) -> None:
        problem = folder_problem(self.label(), config[key_name], _root(config))
        if problem:
            raise base.ValidationError(problem)


class StrictConfig(base.Config):
    """Every option's problem is reported at once, and unknown keys are errors.

    MkDocs stops at the first bad option and only warns about an unknown one; a misspelt
    option would then be ignored in silence.
    """

    section = ""  # how the options of this class are named in messages ("footer.")

    def _validate(self) -> tuple[base.ConfigErrors, base.ConfigWarnings]:
        failed: base.ConfigErrors = []
        warnings: base.ConfigWarnings = []
        for key, option in self._schema:
            try:
                self[key] = option.validate(self.get(key))
                warnings.extend((key, w) for w in option.warnings)
            except base.ValidationError as exc:
                failed.append((key, exc))
            option.reset_warnings()
        for key in sorted(set(self.keys()) - self._schema_keys):
            failed.append(
                (key, base.ValidationError(unknown_key_problem(key, self._schema_keys, self.section)))
            )
        return failed, warnings


class FooterConfig(StrictConfig):
    section = "footer."
    sponsor = c.Optional(Typed(str))  # 主办单位
    organizer = c.Optional(Typed(str))  # 承办单位
    contact = c.Optional(Typed(str))
    site_code = c.Optional(Typed(str))  # 网站标识码
    icp = c.Optional(Typed(str))  # ICP备案号
    police_record = c.Optional(Typed(str))  # 公安机关备案号
    gov_badge = c.Optional(Typed(str))  # image path of the 党政机关网站标识
    gov_badge_link = c.Optional(WebAddress())
    error_report_url = c.Optional(WebAddress())  # 我为政府网站找错


class Footer(c.SubConfig[FooterConfig]):
    """The footer marks; its own reason is shown without MkDocs' English "Sub-option" prefix."""

    def run_validation(self, value: object) -> FooterConfig:
        problem = type_problem("footer", value, dict)
        if problem:
            raise base.ValidationError(problem)
        config = FooterConfig(config_file_path=self._config_file_path)
        config.load_dict(cast(dict[str, Any], value))  # type_problem found it is a mapping
        failed, warnings = config.validate()
        if failed:
            raise base.ValidationError("；".join(str(err) for _key, err in failed))
        self.warnings.extend(msg for _key, msg in warnings)
        return config


class OpenGovConfig(StrictConfig):
    # The defaults are core/options.py's, which reads the same options without MkDocs.
    content_dir = Typed(str, default=DEFAULTS.content_dir)
    # None means "<content_dir>/catalog.yml", which is content/catalog.yml by default.
    catalog = c.Optional(ExistingFile())
    page_size = PositiveInt(default=DEFAULTS.page_size)
    feed_size = PositiveInt(default=DEFAULTS.feed_size)
    search = Typed(bool, default=DEFAULTS.search)
    compliance_page = Typed(bool, default=DEFAULTS.compliance_page)
    yearly_website_report = c.Optional(ExistingFile())
    cache_dir = Folder(default=DEFAULTS.cache_dir)
    annual_report = c.Optional(ExistingFile())
    footer = Footer(FooterConfig)
