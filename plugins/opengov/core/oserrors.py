"""Operating-system errors a build meets (full disk, no permission, busy, read-only), in Chinese.

A traceback tells an administrator nothing; the message names the path and what to do.
No MkDocs imports here: the plugin raises the message as its own error.
"""

from __future__ import annotations

import errno
from pathlib import Path

_REASONS: dict[int, str] = {
    errno.ENOSPC: "磁盘空间不足，无法写入 {path}。请清理磁盘或扩容后重新构建",
    errno.EDQUOT: "磁盘配额已用完，无法写入 {path}。请清理文件或申请更大配额后重新构建",
    errno.EACCES: "没有写入权限：{path}。请让运行构建的用户可以写入该文件夹（如用 chown 或 chmod）后重新构建",
    errno.EPERM: "没有写入权限（操作不被允许）：{path}。请检查该文件夹的所有者和权限后重新构建",
    errno.EBUSY: "{path} 正被占用（设备或资源忙），无法替换。请关闭占用它的程序后重新构建",
    errno.EROFS: "{path} 位于只读文件系统上，无法写入。请以读写方式挂载，或把 site_dir 改到可写的位置",
    errno.ENOTDIR: "路径 {path} 中有一段是文件而不是文件夹。请删除或改名该文件，或在 mkdocs.yml 中改正路径",
}


def shown_path(path: object, root: Path | None) -> str:
    """The path relative to the portal when it lies inside, else as it is."""
    if path is None:
        return "（未知路径）"
    text = str(path)
    if root is not None:
        try:
            return Path(text).resolve().relative_to(root.resolve()).as_posix()
        except (ValueError, OSError):
            pass
    return text


def os_error_message(error: BaseException, root: Path | None = None) -> str | None:
    """The Chinese message for an :class:`OSError` a build can meet, or ``None`` for any other."""
    if not isinstance(error, OSError) or error.errno not in _REASONS:
        return None
    paths = [p for p in (error.filename, error.filename2) if p is not None]
    where = "、".join(shown_path(p, root) for p in paths) if paths else shown_path(None, root)
    return _REASONS[error.errno].format(path=where)
