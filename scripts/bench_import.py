"""``opengov import`` of a former portal's archive: N rows with .docx bodies, timed (target ≤ 120 s at 1,000).

    python scripts/bench_import.py [N]

Writes a portal and an archive of N generated 红头文件 (one .docx each, as tests/factories.py
writes them), a manifest with Chinese headers, 原网址 and an attachment on every tenth row,
then runs ``opengov import`` (a dry run, then the import, then the second run that must change
nothing) as a separate process each, printing the seconds of each beside the target.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from factories import REDHEAD_BODY, item_md, make_portal, redhead_docx, xlsx_file  # noqa: E402

HEADERS = ["标题", "发布日期", "栏目", "发布机构", "索引号", "文号", "正文文件", "附件", "原网址"]
TARGET_SECONDS = 120  # at 1,000 rows (issue 15)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    base = Path(tempfile.mkdtemp(prefix="bench-import-"))
    root = make_portal(base / "portal", {"content/news/a.md": item_md()})
    archive = base / "archive"
    (archive / "docs").mkdir(parents=True)
    (archive / "table.xlsx").write_bytes(xlsx_file([["项目", "金额"], ["设备", 12]]))
    rows: list[list[object]] = []
    for n in range(1, count + 1):
        number = f"示府发〔2016〕{n}号"
        doc = archive / "docs" / f"{n}.docx"
        doc.write_bytes(redhead_docx(doc_number=number, body=REDHEAD_BODY, image=n % 5 == 0))
        rows.append(
            [
                f"关于第{n}期政务公开工作的通知",
                f"2016-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
                "news" if n % 2 else "budget",
                "czj" if n % 2 else "zfb",
                f"11511325MB12345622/2016-{n:05d}",
                number,
                f"docs/{n}.docx",
                "table.xlsx" if n % 10 == 0 else "",
                f"/art/2016/{n % 12 + 1}/{n % 28 + 1}/art_1234_{n}.html",
            ]
        )
    manifest = archive / "清单.xlsx"
    manifest.write_bytes(xlsx_file([HEADERS, *rows]))
    print(f"{count} rows with .docx bodies in {base}")
    for label, extra in (("dry run", ["--dry-run"]), ("import", []), ("second run", [])):
        started = time.perf_counter()
        result = subprocess.run(
            ["opengov", "import", str(manifest), *extra],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - started
        last = (result.stderr.strip().splitlines() or [""])[-1]
        print(
            f"{label:<11} {seconds:6.1f} s  (target ≤ {TARGET_SECONDS * count / 1000:.0f} s)  exit {result.returncode}: {last}"
        )
        if result.returncode != 0:
            print(result.stdout[-2000:])
            sys.exit(1)


if __name__ == "__main__":
    main()
