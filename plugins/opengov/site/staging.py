"""Atomic site folders: build into a sibling folder, swap it in only when the build succeeded.

MkDocs empties ``site_dir`` right after ``on_pre_build``, before a plugin can
know the build will fail, so the plugin points ``site_dir`` here instead.
The deployment layouts (README, "Deployment 部署"): a plain ``site/`` is exchanged
with the new folder in one step; a symlinked ``site/`` (``site -> /var/www/portal``)
has its target exchanged and keeps the link; a ``site/`` that cannot be renamed (a
mount point, a Docker volume) is updated in place. No MkDocs imports here.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

from ..core.siteswap import NOT_RENAMEABLE, install, remover, update_in_place


class Staging:
    def __init__(self, final_dir: str, trash: Path | None = None) -> None:
        self.final = Path(final_dir)
        self.remove = remover(trash)  # how the replaced site goes (see core/siteswap.py)
        # What is really replaced: the web root a symlinked site/ points to (the link stays).
        self.target = Path(os.path.realpath(self.final))
        self.work = self._beside(self.target, "new")
        self.old = self._beside(self.target, "old")
        self.in_place = False
        self.touched = False  # an in-place update has begun: a failure now leaves a partly new site
        # A preview that rendered only what changed writes a partial site: merge it in.
        self.partial = False

    @staticmethod
    def _beside(folder: Path, role: str) -> Path:
        return folder.with_name(f"{folder.name}.opengov-{role}")

    def prepare(self) -> str:
        # A mount point cannot be renamed: build beside it (its parent's disk), copy in at the end.
        self.in_place = os.path.ismount(self.target)
        try:
            self._make_work()
        except PermissionError:
            if self.target == self.final.absolute():
                raise
            # A web root whose parent the builder may not write (/var/www): stage beside the
            # link instead and update the web root in place.
            self.work = self._beside(self.final.absolute(), "new")
            self.in_place = True
            self._make_work()
        return str(self.work)

    def _make_work(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)
        self.work.mkdir(parents=True)

    def commit(self) -> None:
        """Put the new site in place, never leaving a moment without a site folder."""
        if not self.in_place:
            try:
                install(self.work, self.target, self.old, self.remove)
                return
            except OSError as exc:
                if exc.errno not in NOT_RENAMEABLE:
                    raise
        self.touched = True
        update_in_place(self.work, self.target)
        shutil.rmtree(self.work, ignore_errors=True)

    def finish(self) -> None:
        self.merge() if self.partial else self.commit()

    def merge(self) -> None:
        """Move each new file over its old copy (each one atomically); keep everything else.

        For previews (``mkdocs serve``): a few hundred files instead of a whole site.
        """
        for folder, _dirs, files in os.walk(self.work):
            target = self.target / os.path.relpath(folder, self.work)
            target.mkdir(parents=True, exist_ok=True)
            for name in files:
                try:
                    os.replace(os.path.join(folder, name), target / name)
                except OSError as exc:
                    if exc.errno != errno.EXDEV:
                        raise
                    shutil.copy2(os.path.join(folder, name), target / name)
        shutil.rmtree(self.work, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)
