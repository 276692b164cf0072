"""The publication ledger's cost (issue 16: ≤ 2 s for 10,000 items over 10,000 commits).

    python scripts/bench_ledger.py [--items 10000] [--edits 0.2]

Makes a git repository in a temporary folder with ``git fast-import``: the generated
portal's items (scripts/gen_portal.py), one commit each in date order, committed on their
dates; a share of the commits (``--edits``) also edits an earlier item — its body (a
correction) or its date (a date change) — so the ledger has versions to compare. Then,
side by side in one run:

- reading the current items (what every build does anyway, the yardstick),
- ``git log`` (one pass) and the ledger (one ``git cat-file --batch``, each version parsed),

and prints the ledger's time against the 2 s target and as a ratio of the read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen_portal import ItemSpec, _portal_front, catalog_yaml, make_items  # noqa: E402

from opengov.core.frontmatter import parse_item  # noqa: E402
from opengov.core.history import build_ledger, read_git_log  # noqa: E402

TARGET_S = 2.0
BEIJING = dt.timezone(dt.timedelta(hours=8))


def _data(text: bytes) -> bytes:
    return b"data %d\n%s\n" % (len(text), text)


def make_repo(root: Path, n: int, edits: float) -> tuple[int, int]:
    """The repository; returns (commits, file versions)."""
    specs = sorted(make_items(n), key=lambda s: (s.date, s.number))
    rng = random.Random(7)
    stream = bytearray()
    versions = 0
    committed: list[ItemSpec] = []
    for mark, spec in enumerate(specs, 1):
        stamp = int(spec.date.replace(tzinfo=BEIJING).timestamp()) + 600
        text = (_portal_front(spec) + spec.body).encode("utf-8")
        files = [(f"content/{spec.path}", text)]
        if mark == 1:
            files.append(("content/catalog.yml", catalog_yaml().encode("utf-8")))
        if committed and rng.random() < edits:
            old = rng.choice(committed)
            if rng.random() < 0.5:  # a correction
                edited = replace(old, body=old.body + "\n更正：补充说明。\n")
            else:  # the date moved back a day: the date-changed case
                edited = replace(old, date_text=(old.date - dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M"))
            files.append((f"content/{old.path}", (_portal_front(edited) + edited.body).encode("utf-8")))
        committed.append(spec)
        stream += b"commit refs/heads/main\nmark :%d\n" % mark
        stream += f"committer 编辑 <e@example.gov.cn> {stamp} +0800\n".encode()
        stream += _data(b"item %d" % spec.number)
        if mark > 1:
            stream += b"from :%d\n" % (mark - 1)
        for path, body in files:
            stream += b"M 100644 inline " + path.encode("utf-8") + b"\n" + _data(body)
            versions += 1
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=bytes(stream), check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=root, check=True)
    return len(specs), versions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument(
        "--edits", type=float, default=0.2, help="share of commits that also edit an old item"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        print(f"making a repository of {args.items} items …", flush=True)
        commits, versions = make_repo(root, args.items, args.edits)
        content = root / "content"
        start = time.perf_counter()
        published = []
        for path in sorted(content.rglob("*.md")):
            rel = path.relative_to(content).as_posix()
            published.append(parse_item(path.read_bytes(), rel, f"content/{rel}")[0])
        read_s = time.perf_counter() - start
        start = time.perf_counter()
        log = read_git_log(root, "content")
        log_s = time.perf_counter() - start
        start = time.perf_counter()
        moment = dt.datetime(2026, 12, 1, tzinfo=BEIJING)
        ledger = build_ledger(
            log, published, lambda raw, p: parse_item(raw, p, f"content/{p}")[0], moment, None
        )
        ledger_s = time.perf_counter() - start
    total = log_s + ledger_s
    changed = sum(len(h.date_changes) for h in ledger.items.values())
    corrected = sum(len(h.corrections) for h in ledger.items.values())
    print(f"{len(published)} items, {commits} commits, {versions} file versions")
    print(f"ledger found: {len(ledger.items)} histories, {changed} date changes, {corrected} corrections")
    print(f"read the current items (every build) {read_s:7.2f} s")
    print(f"git log, one pass                    {log_s:7.2f} s")
    print(f"ledger (cat-file, parse, compare)    {ledger_s:7.2f} s")
    verdict = "ok" if total <= TARGET_S else "OVER"
    print(f"ledger total                         {total:7.2f} s  target ≤ {TARGET_S:.1f} s  {verdict}")
    print(f"ledger / read of the items           {total / read_s:7.2f}×")
    return 0 if total <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
