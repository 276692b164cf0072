"""One build (or ``opengov new``) at a time per portal: an exclusive ``flock`` in the cache folder.

Two builds sharing a portal share ``site/`` and its staging folder, and two ``opengov new``
read the same highest 索引号; the lock makes the second wait for the first. The kernel
releases a ``flock`` when its process ends, however it ends, so a killed build never leaves
the portal locked. No MkDocs imports here: the plugin and the CLI both use it.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

LOCK_NAME = "build.lock"


class BuildLock:
    """An exclusive lock on ``cache_dir/build.lock``; re-acquiring while held is a no-op.

    ``flock`` locks belong to one open file: a second open of the same file, even in this
    process, would wait for the first, so each portal needs one ``BuildLock`` per process.
    """

    def __init__(self, cache_dir: Path, on_wait: Callable[[], None] | None = None) -> None:
        self.path = Path(cache_dir) / LOCK_NAME
        self.on_wait = on_wait  # called once when another process holds the lock
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock; if another process has it, call ``on_wait`` once, then wait for it."""
        if self._fd is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if self.on_wait is not None:
                    self.on_wait()
                fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)  # Ctrl-C while waiting: nothing held
            raise
        self._fd = fd

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # closing the only descriptor drops the lock

    def __enter__(self) -> BuildLock:
        self.acquire()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.release()
