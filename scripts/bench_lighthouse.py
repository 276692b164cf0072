"""Lighthouse 12 on the demo portal beside stock Material (issue 18), mobile and desktop.

    npm install --no-save --ignore-scripts --prefix .cache/judges lighthouse@12.2.3
    python scripts/bench_lighthouse.py [--runs 3] [--lighthouse PATH] [--keep DIR]

1. Builds the demo (a copy of mkdocs.yml, content/ and docs/) and a stock Material site of
   the same docs/ pages (``plugins: [search]``, Material's default), each in a temporary folder.
2. Serves each on 127.0.0.1 the way ``deploy/nginx.conf`` does: text gzip-compressed at
   level 6, a missing address answered with 404.html. (A plain file server sends
   everything uncompressed, which no deployment does and which Lighthouse rightly scores.)
3. Runs Lighthouse (Debian's /usr/bin/chromium, the browser tests' flags) on every page
   type, ``--runs`` times each, and prints the median Performance and Accessibility
   scores with FCP, LCP, TBT and CLS: mobile (Lighthouse's default: a slow 4G phone), and
   desktop for the search page, whose results arrive after the first paint.

Targets (issue 18): Performance ≥ 95 and Accessibility 100 on every page type (mobile),
CLS ≤ 0.05 on /search/. Nothing here touches the network beyond 127.0.0.1.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

from opengov.browser import CHROMIUM, CHROMIUM_ARGS, QuietHandler, serve

REPO = Path(__file__).resolve().parents[1]
LIGHTHOUSE = REPO / ".cache/judges/node_modules/.bin/lighthouse"
# What deploy/nginx.conf compresses (gzip_types), by the file's suffix.
GZIP_SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".csv", ".opml"}


class GzipHandler(QuietHandler):
    """A static host as deployed: gzip for text, 404.html for a missing address."""

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the slash
            path = path / "index.html"
        status = 200
        if not path.is_file():
            status, path = 404, Path(self.directory) / "404.html"
        data = path.read_bytes()
        compress = path.suffix in GZIP_SUFFIXES and "gzip" in self.headers.get("Accept-Encoding", "")
        if compress:
            data = gzip.compress(data, compresslevel=6, mtime=0)
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if compress:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        return io.BytesIO(data)


def build(root: Path, mkdocs_yml: str, folders: tuple[str, ...]) -> Path:
    root.mkdir(parents=True)
    (root / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")
    for folder in folders:
        shutil.copytree(REPO / folder, root / folder)
    env = dict(os.environ, NO_COLOR="1", NO_MKDOCS_2_WARNING="1", PYTHONUTF8="1")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, env=env, check=True)
    return root / "site"


def demo_pages(site: Path) -> dict[str, str]:
    item = next(
        "/" + page.parent.relative_to(site).as_posix() + "/"
        for page in sorted(site.glob("*/*/*/index.html"))
        if 'class="og-attachments"' in page.read_text("utf-8")
    )
    pages = {
        "home": "/",
        "column": "/fiscal/",
        "column page 2": "/fiscal/page/2/",
        "department": "/departments/czj/",
        "item": item,
        "catalogue": "/catalog/",
        "policies": "/policies/",
        "search": "/search/",
        "search+results": "/search/?q=" + quote("低保"),
        "compliance": "/compliance/",
        "404": "/404.html",  # Lighthouse will not score a 404 answer; the page itself
    }
    return {name: path for name, path in pages.items() if name == "404" or _exists(site, path)}


def stock_pages(site: Path) -> dict[str, str]:
    pages = {"home": "/"}
    for page in sorted(site.glob("*/index.html"))[:3]:
        pages[page.parent.name] = "/" + page.parent.name + "/"
    pages["404"] = "/404.html"
    return pages


def _exists(site: Path, path: str) -> bool:
    return (site / path.split("?", 1)[0].strip("/") / "index.html").is_file()


def lighthouse(tool: Path, url: str, desktop: bool, out: Path) -> dict[str, float]:
    command = [
        str(tool),
        url,
        "--quiet",
        "--only-categories=performance,accessibility",
        "--output=json",
        f"--output-path={out}",
        "--chrome-flags=" + " ".join(CHROMIUM_ARGS),
    ]
    if desktop:
        command.append("--preset=desktop")
    subprocess.run(command, check=True, env=dict(os.environ, CHROME_PATH=CHROMIUM), timeout=300)
    report = json.loads(out.read_text("utf-8"))
    audits = report["audits"]
    return {
        "perf": report["categories"]["performance"]["score"] * 100,
        "a11y": report["categories"]["accessibility"]["score"] * 100,
        "fcp": audits["first-contentful-paint"]["numericValue"] / 1000,
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
    }


def measure(
    tool: Path, site: Path, pages: dict[str, str], runs: int, desktop: set[str], work: Path
) -> list[tuple[str, str, dict[str, float]]]:
    server, base = serve(site, GzipHandler)
    rows = []
    try:
        for name, path in pages.items():
            for form in ("mobile", "desktop") if name in desktop else ("mobile",):
                results = [
                    lighthouse(tool, base + path, form == "desktop", work / "report.json")
                    for _ in range(runs)
                ]
                median = {key: statistics.median(r[key] for r in results) for key in results[0]}
                rows.append((name, form, median))
                print(f"  {name:<16} {form:<8} {_row(median)}", flush=True)
    finally:
        server.shutdown()
    return rows


def _row(m: dict[str, float]) -> str:
    return (
        f"Perf {m['perf']:5.0f}  A11y {m['a11y']:5.0f}  FCP {m['fcp']:4.1f} s  LCP {m['lcp']:4.1f} s  "
        f"TBT {m['tbt']:5.0f} ms  CLS {m['cls']:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (the median is shown)")
    parser.add_argument("--lighthouse", type=Path, default=LIGHTHOUSE)
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args()
    if not args.lighthouse.exists():
        sys.exit(f"Lighthouse not found at {args.lighthouse}; install it as the docstring says")
    work = args.keep or Path(tempfile.mkdtemp(prefix="opengov-lighthouse-"))
    try:
        print("building the demo and stock Material …", flush=True)
        ours = build(work / "demo", (REPO / "mkdocs.yml").read_text("utf-8"), ("content", "docs"))
        stock_yml = (
            "site_name: 示例县人民政府信息公开\nsite_url: https://www.example.gov.cn/\n"
            "theme:\n  name: material\n  language: zh\n  font: false\nplugins: [search]\n"
        )
        stock = build(work / "stock", stock_yml, ("docs",))
        print(f"OpenGov demo (median of {args.runs}):", flush=True)
        demo_rows = measure(
            args.lighthouse, ours, demo_pages(ours), args.runs, {"search", "search+results"}, work
        )
        print(f"stock Material (median of {args.runs}):", flush=True)
        stock_rows = measure(args.lighthouse, stock, stock_pages(stock), args.runs, set(), work)
        summary(demo_rows, stock_rows)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


def summary(
    demo: list[tuple[str, str, dict[str, float]]], stock: list[tuple[str, str, dict[str, float]]]
) -> None:
    mobile = [m for _, form, m in demo if form == "mobile"]
    stock_mobile = [m for _, form, m in stock if form == "mobile"]
    perf = min(m["perf"] for m in mobile)
    a11y = min(m["a11y"] for m in mobile)
    search_cls = max(m["cls"] for name, _, m in demo if name.startswith("search"))
    print()
    print(
        f"lowest mobile Performance: ours {perf:.0f} (target ≥ 95) · stock Material "
        f"{min(m['perf'] for m in stock_mobile):.0f}–{max(m['perf'] for m in stock_mobile):.0f}"
    )
    print(
        f"lowest Accessibility: ours {a11y:.0f} (target 100) · stock Material "
        f"{min(m['a11y'] for m in stock_mobile):.0f}"
    )
    print(f"largest CLS on /search/: {search_cls:.3f} (target ≤ 0.05)")
    verdict = perf >= 95 and a11y >= 100 and search_cls <= 0.05
    print("targets met" if verdict else "targets NOT met")


if __name__ == "__main__":
    main()
