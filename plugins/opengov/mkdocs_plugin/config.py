"""The plugin's options (CONTRACT §4), as typed MkDocs config classes.

The rules and their Chinese reasons are ``core/options.py``; these classes only apply them
where MkDocs validates options, which ``opengov check`` does too (``configfile.py``).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..core.options import (
    DEFAULTS,
    day_value,
    existing_file_problem,
    folder_problem,
    positive_problem,
    type_problem,
    unknown_key_problem,
    web_address_problem,
)

T = TypeVar("T")
ValueRule = Callable[[str, Any], str | None]
PathRule = Callable[[str, Any, Path], str | None]


class Typed(Generic[T], c.Type[T]):
    """``config_options.Type`` with Chinese reasons (``true`` is no integer); ``rule`` judges the value,
    ``path_rule`` a path relative to ``mkdocs.yml``: both ``core/options.py``'s, as the commands apply."""

    def __init__(
        self, type_: type[T], /, rule: ValueRule | None = None, path_rule: PathRule | None = None, **kw: Any
    ) -> None:
        super().__init__(type_, **kw)
        self.expected = type_
        self.rule = rule
        self.path_rule = path_rule

    def run_validation(self, value: object) -> T:
        problem = type_problem(self.label(), value, self.expected)
        if problem is None and self.rule is not None:
            problem = self.rule(self.label(), value)
        if problem:
            raise base.ValidationError(problem)
        return cast(T, value)  # type_problem found it is a T

    def pre_validation(self, config: base.Config, key_name: str) -> None:
        self.option_key = f"{getattr(config, 'section', '')}{key_name}"

    def post_validation(self, config: base.Config, key_name: str) -> None:
        value, path = config[key_name], config.config_file_path
        if value is None or self.path_rule is None:
            return
        problem = self.path_rule(
            self.label(), value, Path(os.path.abspath(path)).parent if path else Path.cwd()
        )
        if problem:
            raise base.ValidationError(problem)

    def label(self) -> str:
        return getattr(self, "option_key", "")


class Day(Typed[dt.date]):
    def run_validation(self, value: object) -> dt.date:
        day, problem = day_value(self.label(), value)
        if day is None:
            raise base.ValidationError(problem or "")
        return day


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
    gov_badge_link = c.Optional(Typed(str, rule=web_address_problem))
    error_report_url = c.Optional(Typed(str, rule=web_address_problem))  # 我为政府网站找错


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
    catalog = c.Optional(Typed(str, path_rule=existing_file_problem))
    page_size = Typed(int, rule=positive_problem, default=DEFAULTS.page_size)
    feed_size = Typed(int, rule=positive_problem, default=DEFAULTS.feed_size)
    search = Typed(bool, default=DEFAULTS.search)
    compliance_page = Typed(bool, default=DEFAULTS.compliance_page)
    yearly_website_report = c.Optional(Typed(str, path_rule=existing_file_problem))
    cache_dir = Typed(str, path_rule=folder_problem, default=DEFAULTS.cache_dir)
    annual_report = c.Optional(Typed(str, path_rule=existing_file_problem))
    archive_until = c.Optional(Day(dt.date))
    footer = Footer(FooterConfig)
