"""Atomic site folders: build into a sibling folder, swap it in only when the build succeeded.

MkDocs empties ``site_dir`` right after ``on_pre_build``, before a plugin can
know the build will fail, so the plugin points ``site_dir`` here instead.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


class Staging:
    def __init__(self, final_dir: str) -> None:
        self.final = Path(final_dir)
        self.work = self.final.with_name(self.final.name + ".opengov-new")
        self.old = self.final.with_name(self.final.name + ".opengov-old")
        # A preview that rendered only what changed writes a partial site: merge it in.
        self.partial = False

    def prepare(self) -> str:
        shutil.rmtree(self.work, ignore_errors=True)
        self.work.mkdir(parents=True)
        return str(self.work)

    def commit(self) -> None:
        """Put the new site in place: two renames, so readers never see a half-written folder."""
        shutil.rmtree(self.old, ignore_errors=True)
        if self.final.exists():
            os.replace(self.final, self.old)
        os.replace(self.work, self.final)
        shutil.rmtree(self.old, ignore_errors=True)

    def finish(self) -> None:
        self.merge() if self.partial else self.commit()

    def merge(self) -> None:
        """Move each new file over its old copy (each one atomically); keep everything else.

        For previews (``mkdocs serve``): a few hundred files instead of a whole site.
        """
        for folder, _dirs, files in os.walk(self.work):
            target = self.final / os.path.relpath(folder, self.work)
            target.mkdir(parents=True, exist_ok=True)
            for name in files:
                os.replace(os.path.join(folder, name), target / name)
        shutil.rmtree(self.work, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)
