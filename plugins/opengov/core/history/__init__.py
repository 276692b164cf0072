"""The publication ledger: when each published item really appeared, from the git history.

- ``gitlog.py`` reads the content folder's history (one ``git log``, one ``git cat-file``);
- ``ledger.py`` turns it into each published item's first publication and later changes.

The checks (``checks/history.py``) warn of ``backdated`` and ``date-changed`` items, the
report (``compliance/``) lists them and counts items by when they were committed, and the
site shows ``first_published`` in ``catalog.json`` and the changes feed.
"""

from .gitlog import GitLog, read_git_log
from .ledger import DateChange, Event, ItemHistory, Ledger, build_ledger

__all__ = ["DateChange", "Event", "GitLog", "ItemHistory", "Ledger", "build_ledger", "read_git_log"]
