"""The git history of the content folder, read in one pass (``git log``), blobs in a second
(``git cat-file --batch``): the read half of the publication ledger. The only module that runs git.

The history is the main line's (``--first-parent``): the site is built from it, so a file
added on a branch was published when the branch was merged, at the merge's commit time.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

# Why the history is unavailable, and how to fix it (the history-unavailable warning).
NO_GIT = "找不到 git 命令，无法读取发布历史。请安装 git 后重试"
NOT_A_REPOSITORY = (
    "门户文件夹不是 git 仓库（或还没有任何提交），无法从提交历史核对发布日期。请用 git 管理门户并提交"
)
SHALLOW = (
    "这是一个浅克隆（只取了最近的提交），无法从完整的提交历史核对发布日期。"
    "请在 CI 中取完整历史（GitHub Actions：actions/checkout 加 fetch-depth: 0；"
    "GitLab CI：GIT_DEPTH: 0），或在本地运行 git fetch --unshallow"
)
GIT_FAILED = "读取 git 提交历史失败（{detail}）。请在门户文件夹运行 git log 查看原因"


@dataclass(frozen=True)
class Change:
    """One file's change in one commit: its blob afterwards (``None``: deleted), and the path
    it came from when git saw a rename."""

    path: str  # relative to the content folder
    blob: str | None
    renamed_from: str | None = None


@dataclass(frozen=True)
class Commit:
    sha: str
    when: dt.datetime  # committer time, aware
    changes: tuple[Change, ...]


@dataclass
class GitLog:
    """The content folder's main-line commits, oldest first; ``problem`` when there are none to read."""

    commits: list[Commit] = field(default_factory=list)
    problem: str | None = None
    top: Path | None = None

    def blobs(self, shas: Iterable[str]) -> dict[str, bytes]:
        """The bytes of each blob (one ``git cat-file --batch``)."""
        wanted = sorted(set(shas))
        if not wanted or self.top is None:
            return {}
        out = _git(self.top, ["cat-file", "--batch"], "\n".join(wanted) + "\n")
        blobs: dict[str, bytes] = {}
        pos = 0
        while pos < len(out):
            end = out.index(b"\n", pos)
            sha, kind, *rest = out[pos:end].decode("ascii").split(" ")
            pos = end + 1
            if kind == "missing":
                continue
            size = int(rest[0])
            blobs[sha] = out[pos : pos + size]
            pos += size + 1
        return blobs


class GitError(Exception):
    pass


def _git(cwd: Path, args: list[str], stdin: str | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=cwd,
            input=stdin.encode() if stdin is not None else None,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError as exc:
        raise GitError(NO_GIT) from exc
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip() or f"exit {done.returncode}")
    return done.stdout


def read_git_log(root: Path, content_dir: str) -> GitLog:
    """The history of ``root/content_dir`` (paths in it relative to the content folder)."""
    try:
        head = _git(root, ["rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository"])
    except GitError as exc:
        return GitLog(problem=NO_GIT if str(exc) == NO_GIT else NOT_A_REPOSITORY)
    top_text, prefix, shallow = (head.decode("utf-8").split("\n") + ["", "", ""])[:3]
    if shallow.strip() == "true":
        return GitLog(problem=SHALLOW)
    top = Path(top_text)
    try:
        _git(root, ["rev-parse", "--verify", "-q", "HEAD"])
    except GitError:
        return GitLog(problem=NOT_A_REPOSITORY)
    folder = content_folder(prefix, content_dir)
    try:
        raw = _git(
            top,
            [
                "log", "--first-parent", "--diff-merges=first-parent", "--reverse", "--raw",
                "--no-abbrev", "-z", "-M", "--no-color", "--format=%x01%H %cI",
                "--", folder or ".",
            ],
        )  # fmt: skip
    except GitError as exc:
        return GitLog(problem=GIT_FAILED.format(detail=str(exc)[:200]))
    return GitLog(commits=parse_log(raw, folder), top=top)


def content_folder(prefix: str, content_dir: str) -> str:
    """The content folder relative to the repository's top (``""``: the top itself)."""
    folder = posixpath.normpath(posixpath.join(prefix, content_dir or "."))
    return "" if folder == "." else folder.strip("/")


def parse_log(raw: bytes, folder: str) -> list[Commit]:
    """``git log --raw -z --format=%x01%H %cI`` output → commits; paths outside ``folder``
    are dropped, the rest made relative to it."""
    prefix = folder + "/" if folder else ""
    commits = []
    for chunk in raw.split(b"\x01")[1:]:
        header, _, body = chunk.partition(b"\x00")
        sha, stamp = header.decode("ascii").strip().split(" ", 1)
        tokens = body.lstrip(b"\n").split(b"\x00")
        changes: list[Change] = []
        i = 0
        while i < len(tokens):
            meta = tokens[i].decode("ascii").strip()
            i += 1
            if not meta.startswith(":"):
                continue
            _old_mode, _new_mode, _old, new, status = meta[1:].split(" ")[:5]
            paths = [tokens[i].decode("utf-8", "replace")]
            i += 1
            if status[0] in "RC":
                paths.append(tokens[i].decode("utf-8", "replace"))
                i += 1
            changes.extend(_changes(status[0], paths, new, prefix))
        commits.append(Commit(sha, dt.datetime.fromisoformat(stamp), tuple(changes)))
    return commits


def _changes(status: str, paths: list[str], blob: str, prefix: str) -> list[Change]:
    inside = [p[len(prefix) :] if p.startswith(prefix) else None for p in paths]
    if status == "D":
        return [Change(inside[0], None)] if inside[0] else []
    if status == "R":
        old, new = inside
        if new is None:  # moved out of the content folder
            return [Change(old, None)] if old else []
        return [Change(new, blob, renamed_from=old)]
    target = inside[-1]
    return [Change(target, blob)] if target else []
