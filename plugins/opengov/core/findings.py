"""The one way findings are collected: ``file:line: severity code: message`` (CONTRACT §6)."""

from __future__ import annotations

from .model import Finding


class Findings(list[Finding]):
    """A list of findings with a short way to add one."""

    def error(self, path: str, line: int, code: str, message: str) -> None:
        self.append(Finding(path, line, "error", code, message))

    def warning(self, path: str, line: int, code: str, message: str) -> None:
        self.append(Finding(path, line, "warning", code, message))


class FileFindings:
    """The findings of one file, in the order they are found (its path given once)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.found = Findings()

    def error(self, line: int, code: str, message: str) -> None:
        self.found.error(self.path, line, code, message)

    def warning(self, line: int, code: str, message: str) -> None:
        self.found.warning(self.path, line, code, message)

    @property
    def failed(self) -> bool:
        return any(f.severity == "error" for f in self.found)
