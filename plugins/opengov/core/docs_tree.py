"""Stage 1 of the pipeline, the docs half: which ordinary pages and files ``docs/`` holds.

(The content half is ``loader.py``: items and the catalog.)
"""

from __future__ import annotations

import os
from pathlib import Path

from .findings import Findings
from .frontmatter import encoding_problem
from .paths import real_inside


def read_docs_tree(docs_dir: Path, docs_rel: str, roots: tuple[Path, ...]) -> tuple[frozenset[str], Findings]:
    """Files the engine will copy from ``docs/``; a symlink out of the portal is an error, not a
    file, and so is a page that cannot be decoded (the engine would stop with a traceback).

    MkDocs follows symlinks when it copies, so ``docs/x -> /etc`` would publish the machine's files.
    """
    findings = Findings()
    found: set[str] = set()
    if not docs_dir.is_dir():
        return frozenset(found), findings
    # The real folders above each walked one, to see a link lead back into them (a loop).
    chains: dict[str, tuple[str, ...]] = {str(docs_dir): (os.path.realpath(docs_dir),)}
    for folder, dirs, files in os.walk(docs_dir, followlinks=True):
        base = Path(folder).relative_to(docs_dir).as_posix()
        prefix = "" if base == "." else base + "/"
        kept = []
        for name in sorted(d for d in dirs if not d.startswith(".")):
            full = os.path.join(folder, name)
            if os.path.islink(full) and not real_inside(full, roots):
                _outside_docs(findings, f"{docs_rel}/{prefix}{name}")
            elif os.path.islink(full) and _loops(full, chains[folder]):
                # MkDocs follows folder links and would walk this one for ever: stop before it does.
                _outside_docs(findings, f"{docs_rel}/{prefix}{name}", loop=True)
            else:
                kept.append(name)
                chains[full] = (*chains[folder], os.path.realpath(full))
        dirs[:] = kept
        for name in files:
            if os.path.islink(os.path.join(folder, name)) and not real_inside(
                os.path.join(folder, name), roots
            ):
                _outside_docs(findings, f"{docs_rel}/{prefix}{name}")
            else:
                found.add(prefix + name)
    for path in sorted(found):
        if path.endswith(".md"):
            problem = encoding_problem((docs_dir / path).read_bytes())
            if problem:
                findings.error(f"{docs_rel}/{path}", 1, "bad-encoding", problem)
    return frozenset(found), findings


def _loops(link: str, above: tuple[str, ...]) -> bool:
    """A folder link to a folder it already sits in: walking it never ends."""
    real = os.path.realpath(link)
    return any(here == real or here.startswith(real + os.sep) for here in above)


def _outside_docs(findings: Findings, source: str, loop: bool = False) -> None:
    why = (
        "指向它自己所在的文件夹（或上级文件夹），构建会无限循环"
        if loop
        else "指向门户的 content/ 和 docs/ 之外（或已失效），构建会把它指向的文件公开到网站上"
    )
    message = f"“{source}”是快捷方式（符号链接），{why}。请删除这个链接，把需要公开的文件本身放进来"
    findings.error(source, 1, "broken-link", message)
