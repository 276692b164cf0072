"""The one way findings are collected: ``file:line: severity code: message`` (CONTRACT §6)."""

from __future__ import annotations

from .model import Finding


class Findings(list[Finding]):
    """A list of findings with a short way to add one."""

    def error(self, path: str, line: int, code: str, message: str) -> None:
        self.append(Finding(path, line, "error", code, message))

    def warning(self, path: str, line: int, code: str, message: str) -> None:
        self.append(Finding(path, line, "warning", code, message))
