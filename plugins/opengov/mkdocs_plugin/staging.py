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

    def discard(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)
