"""Shard bundles kept between builds (issue 17): a shard whose pages are, byte for byte,
those of a shard an earlier build indexed is not indexed again; its bundle comes back.

A stored shard is ``<folder>/<key>/bundle/`` (what Pagefind wrote, before pruning) and
``<key>/record.json`` (Pagefind's counts and every file's digest, checked on the way
back: a damaged shard is indexed again). The key is a digest of the indexer (its
version, binary, chunk size) and of every page the shard holds, path and bytes. After
an index is built, the shards it did not use are deleted: an item that left the site
leaves no stored index behind. Pagefind's output is not reproducible run to run (its
filter files come out in varying order), so a reused shard is *a* valid bundle for those
pages, not the bytes a new run would write.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

from ..core.frontmatter import file_digest
from .bundle import link_or_copy
from .shards import Shard

log = logging.getLogger("opengov.search")

RECORD = "record.json"
BUNDLE = "bundle"


class ShardStore:
    def __init__(self, folder: Path, indexer: str) -> None:
        self.folder = folder
        self.indexer = indexer  # what identifies the indexer: versions, binary, options
        self.used: set[str] = set()
        self.reused = 0

    def key(self, shard: Shard, site_dir: Path, chunk: int | None) -> str:
        h = hashlib.blake2b(digest_size=16)
        h.update(f"{self.indexer}|{chunk}".encode())
        for page in shard.pages:
            data = ((page.root or site_dir) / page.rel).read_bytes()
            h.update(b"\0" + page.rel.encode("utf-8", "surrogatepass") + b"\0" + file_digest(data).encode())
        return h.hexdigest()

    def get(self, key: str, target: Path) -> dict[str, int] | None:
        """The stored bundle of ``key`` linked in at ``target``, and its counts; None when
        there is none or it is damaged (then ``target`` is left absent)."""
        entry = self.folder / key
        try:
            record = json.loads((entry / RECORD).read_text(encoding="utf-8"))
            counts = {str(k): _count(v) for k, v in record["counts"].items()}
            files = {str(k): str(v) for k, v in record["files"].items()}
            if entry.is_symlink():
                raise ValueError("link")
            bundle = entry / BUNDLE
            found = _plain_files(bundle)
            if set(found) != set(files) or any(
                file_digest(found[n].read_bytes()) != d for n, d in files.items()
            ):
                raise ValueError("files")
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            log.warning("opengov: 构建缓存已损坏，已忽略：搜索索引的一部分（%s），已重新建立", entry)
            shutil.rmtree(entry, ignore_errors=True)
            return None
        shutil.copytree(bundle, target, copy_function=link_or_copy)
        self.used.add(key)
        self.reused += 1
        return counts

    def put(self, key: str, bundle: Path, counts: dict[str, int]) -> None:
        """Keep a freshly written shard bundle (hard links: no copy of the bytes)."""
        self.used.add(key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            work = Path(tempfile.mkdtemp(prefix=".new-", dir=self.folder))
            shutil.copytree(bundle, work / BUNDLE, copy_function=link_or_copy)
            files = {
                p.relative_to(work / BUNDLE).as_posix(): file_digest(p.read_bytes())
                for p in sorted((work / BUNDLE).rglob("*"))
                if p.is_file()
            }
            (work / RECORD).write_text(json.dumps({"counts": counts, "files": files}), encoding="utf-8")
            shutil.rmtree(self.folder / key, ignore_errors=True)
            os.replace(work, self.folder / key)
        except OSError as exc:
            log.warning("opengov: 搜索索引未能存入构建缓存（%s）", exc)

    def drop_unused(self) -> None:
        """After an index is built: the shards it did not use go."""
        if self.folder.is_symlink() or not self.folder.is_dir():
            return
        for entry in self.folder.iterdir():
            if entry.name not in self.used or entry.is_symlink():
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry, ignore_errors=True)  # rmtree itself never follows links inside
                else:
                    entry.unlink(missing_ok=True)


def _count(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError("count")
    return value


def _plain_files(bundle: Path) -> dict[str, Path]:
    """Every file of a stored bundle by relative path; ValueError for any symbolic link (a
    link would put a file from outside the cache into the published index)."""
    if bundle.is_symlink() or not bundle.is_dir():
        raise ValueError("bundle")
    found = {}
    for folder, dirs, names in os.walk(bundle):
        for name in dirs + names:
            if Path(folder, name).is_symlink():
                raise ValueError("link")
        for name in names:
            path = Path(folder, name)
            found[path.relative_to(bundle).as_posix()] = path
    return found
