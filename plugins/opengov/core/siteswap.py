"""Putting a freshly built site in place without a moment when the web server finds none.

- :func:`exchange` swaps two folders in one step (Linux ``renameat2(RENAME_EXCHANGE)``);
- :func:`install` uses it, or two renames where the kernel or file system cannot;
- :func:`update_in_place` updates a folder that cannot be renamed (a mount point, a Docker
  volume, another disk): new and changed files first, each atomically, stale ones last.

No MkDocs imports here.
"""

from __future__ import annotations

import ctypes
import errno
import filecmp
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

AT_FDCWD = -100
RENAME_EXCHANGE = 2
# The kernel, the C library or the file system has no exchange: two renames instead.
UNSUPPORTED = (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP)
# The folder cannot be renamed at all (a mount point; another file system): update it in place.
NOT_RENAMEABLE = (errno.EBUSY, errno.EXDEV)


def _renameat2() -> Callable[..., int] | None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        function = libc.renameat2  # glibc 2.28+
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_RENAMEAT2 = _renameat2()


def exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths atomically; ``False`` when this system cannot (nothing changed).

    Raises :class:`OSError` for every other failure (``EBUSY``, ``EXDEV``, ``EACCES``…).
    """
    if _RENAMEAT2 is None:
        return False
    result = _RENAMEAT2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def _remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def remover(trash: Path | None) -> Callable[[Path], None]:
    """How an old site is removed: at once, or (``trash``, a folder on the same disk) moved
    there in one rename and deleted by a background ``rm`` while the build returns (10,000
    page folders take over a second to delete)."""
    if trash is None or os.name != "posix" or shutil.which("rm") is None:
        return _remove

    def later(folder: Path) -> None:
        try:
            trash.mkdir(parents=True, exist_ok=True)
            holder = Path(tempfile.mkdtemp(dir=trash, prefix="old-site-"))
            os.rename(folder, holder / "site")
        except OSError:
            _remove(folder)  # another disk, say: the old way
            return
        _rm_in_background(holder)

    return later


def empty_later(trash: Path) -> None:
    """What an earlier build left in ``trash`` (its ``rm`` killed with a container, say) goes
    too: an old site there may hold a page of an item withdrawn since."""
    if os.name != "posix" or shutil.which("rm") is None or trash.is_symlink() or not trash.is_dir():
        return
    for entry in trash.iterdir():
        _rm_in_background(entry)


def _rm_in_background(path: Path) -> None:
    try:
        quiet = subprocess.DEVNULL
        # Its own session and no inherited descriptors: nothing waits for it.
        subprocess.Popen(
            ["rm", "-rf", "--", str(path)], stdin=quiet, stdout=quiet, stderr=quiet, start_new_session=True
        )
    except OSError:
        _remove(path)


def install(new: Path, target: Path, aside: Path, remove: Callable[[Path], None] = _remove) -> None:
    """Make ``new`` the folder at ``target`` (both on one file system); ``new`` is gone after.

    The exchange leaves no moment without ``target``; without it, the old folder goes to
    ``aside`` and the new one takes its name (two renames). Whatever ``target`` was is
    removed (by ``remove``). Raises :class:`OSError` with ``EBUSY``/``EXDEV`` when ``target``
    cannot be renamed.
    """
    if target.exists() and exchange(new, target):
        remove(new)  # the old site, now under the new one's name
        return
    shutil.rmtree(aside, ignore_errors=True)
    if target.exists():
        os.replace(target, aside)
    try:
        os.replace(new, target)
    except OSError:
        if aside.exists() and not target.exists():
            os.replace(aside, target)  # put the old site back
        raise
    remove(aside)


@dataclass
class InPlace:
    """What :func:`update_in_place` did, relative paths (for logs and tests)."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _same(new_file: str, old_file: Path) -> bool:
    return old_file.is_file() and not old_file.is_symlink() and filecmp.cmp(new_file, old_file, shallow=False)


def _put(source: str, folder: Path, name: str) -> None:
    """``source`` to ``folder/name`` through a temporary file in ``folder``: readers see old or new."""
    handle, temp = tempfile.mkstemp(dir=folder, prefix=".opengov-", suffix=".tmp")
    os.close(handle)
    try:
        shutil.copyfile(source, temp)
        shutil.copymode(source, temp)  # mkstemp's 0600 would hide the page from the web server
        target = folder / name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)  # a folder where the new site has a file
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def update_in_place(new: Path, target: Path) -> InPlace:
    """Make the files under ``target`` those under ``new`` without renaming ``target``.

    New and changed files are written first (each via a temporary file and ``os.replace``
    inside its folder), so every page a reader reaches links to files that exist; stale
    files, then emptied folders, are removed last. Unchanged files are not touched.
    """
    done = InPlace()
    keep_dirs: set[str] = {"."}
    keep_files: set[str] = set()
    target.mkdir(parents=True, exist_ok=True)
    for folder, dirs, files in os.walk(new):
        dirs.sort()
        rel_folder = os.path.relpath(folder, new)
        out = target / rel_folder
        keep_dirs.add(rel_folder)
        if out.is_symlink() or (out.exists() and not out.is_dir()):
            out.unlink()  # a file where the new site has a folder
        out.mkdir(exist_ok=True)
        for name in sorted(files):
            rel = os.path.normpath(os.path.join(rel_folder, name))
            keep_files.add(rel)
            source = os.path.join(folder, name)
            if not _same(source, out / name):
                _put(source, out, name)
                done.written.append(Path(rel).as_posix())
    for folder, dirs, files in os.walk(target, topdown=False):
        rel_folder = os.path.relpath(folder, target)
        for name in sorted(files):
            rel = os.path.normpath(os.path.join(rel_folder, name))
            if rel not in keep_files:
                os.unlink(os.path.join(folder, name))
                done.removed.append(Path(rel).as_posix())
        for name in dirs:
            rel = os.path.normpath(os.path.join(rel_folder, name))
            path = os.path.join(folder, name)
            if rel in keep_dirs:
                continue
            if os.path.islink(path):
                os.unlink(path)
            elif not os.listdir(path):
                os.rmdir(path)
            else:
                continue
            done.removed.append(Path(rel).as_posix() + "/")
    return done
