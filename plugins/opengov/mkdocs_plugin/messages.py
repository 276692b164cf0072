"""MkDocs' own loggers and English wordings, read by the adapter (no MkDocs imports needed).

Kept apart from ``plugin.py`` so the code that imports the engine stays the translation only.
"""

from __future__ import annotations

import logging
import re

log = logging.getLogger("mkdocs.plugins.opengov")
PAGES_LOG = logging.getLogger("mkdocs.structure.pages")


class GeneratedLinkFilter(logging.Filter):
    """Drops MkDocs' "unrecognized relative link" notes about links to the portal's own pages.

    A docs page linking to ``catalog/`` or ``../fiscal/`` works (MkDocs leaves the link as is and
    the page exists); MkDocs only cannot tell, because the page is generated. Its own guess names
    the generated file, so the note is dropped exactly when that guess is one of ours.
    """

    GUESS = re.compile(
        r"contains an unrecognized relative link '.*', it was left as is\. Did you mean '(.+)'\?$"
    )

    def __init__(self) -> None:
        super().__init__("mkdocs.structure.pages")
        self.generated: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        match = self.GUESS.search(record.getMessage())
        # The guess keeps the link's #fragment ('compliance/index.md#yearly-website-report').
        return not (match and match.group(1).split("#", 1)[0] in self.generated)


class _ToMkDocs(logging.Handler):
    """The engine-free layers log as ``opengov``; MkDocs shows (and --strict counts) its own loggers."""

    def emit(self, record: logging.LogRecord) -> None:
        if log.isEnabledFor(record.levelno):
            log.handle(record)


def forward_log() -> None:
    core_log = logging.getLogger("opengov")
    if not any(isinstance(handler, _ToMkDocs) for handler in core_log.handlers):
        core_log.addHandler(_ToMkDocs())
    core_log.setLevel(logging.DEBUG)
    core_log.propagate = False


# MkDocs' wording of a plugin's option error (mkdocs/config/config_options.py, Plugins).
PLUGIN_OPTION = re.compile(r"^Plugin '(?P<plugin>[^']+)' option '(?P<option>[^']+)': (?P<reason>.*)$")


def option_problems(key: str, error: object) -> list[str]:
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
