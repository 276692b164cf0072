"""Search benchmark (issue 5): what a reader downloads for a first Chinese query.

    python scripts/bench_search.py [--items 10000] [--work DIR] [--query 社会救助 ...] [--reuse]
                                   [--compare] [--shard PAGES]

1. Generates the deterministic portal of N items (scripts/gen_portal.py) with
   ``search: true`` and builds it (``python -m mkdocs build``), timing the whole build
   and reading the plugin's own "站内搜索索引已建立 … 用时 X 秒" line for the indexing
   time; the indexer's peak memory is the build's children's peak RSS.
2. Serves ``site/`` on 127.0.0.1 and opens ``/search/?q=<query>`` in a fresh Chromium
   context (Debian's /usr/bin/chromium, never a downloaded browser) per query, adding up
   every response: all of them, and the search part alone (``pagefind/``). Requests to
   any other host are refused and reported. A second query in the same tab shows what a
   further query costs. Sizes are as served by a plain file server (no compression), plus
   what gzip would make of the bytes that are not compressed already (Pagefind's index
   and fragment files are gzip streams; its JS and WASM are not).
3. Writes the same pages as a plain Material site with ``plugins: [search]`` (lunr) and
   builds it, for the size of ``search/search_index.json``: Material's browser downloads
   that whole file before the first query (``--no-lunr`` skips it).
4. With ``--compare``: indexes the built site again twice, each into a folder of its own
   and in a child process: in shards (at most ``--shard`` pages each, default the
   plugin's ``SHARD_PAGES``, and its memory estimate) and as one bundle
   (``OPENGOV_SEARCH_SHARD=0``: one indexer process, as before shards). For each:
   the number of shards, every indexer process's peak RSS, the indexing time and the
   bundle's size; then the first-query bytes, the number of results and the first page of
   results of each query (plus date-sorted and filter-only ones) with that bundle served
   as ``/pagefind/``, and whether the two agree. The load average is printed with it: the
   machine may be shared.

Prints a table. Nothing here touches the network beyond 127.0.0.1.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from urllib.parse import quote, urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen_portal  # noqa: E402  (a sibling script)

from opengov.browser import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

# Words the generated portal uses: a column title, a common phrase, a rarer compound.
DEFAULT_QUERIES = ["社会救助", "政务公开", "营商环境优化"]
SECOND_QUERY = "预算执行"

# Run mkdocs in a child that reports its peak RSS and its own children's (pagefind).
from bench import WRAPPER  # noqa: E402

INDEX_LINE = re.compile(r"站内搜索索引已建立：(\d+) 个页面，(\d+) 个词，用时 ([\d.]+) 秒")


def say(message: str) -> None:
    print(message, flush=True)


def kb(n: float | None) -> str:
    return "—" if n is None else f"{n / 1024:,.1f} kB"


@dataclass
class Build:
    ok: bool
    wall_s: float
    log: str
    peak_rss_mb: float | None = None
    children_peak_rss_mb: float | None = None
    index_s: float | None = None
    pages: int | None = None
    words: int | None = None


def build(folder: Path, timeout: float) -> Build:
    stats = folder / ".bench-search.json"
    stats.unlink(missing_ok=True)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", NO_COLOR="1", PYTHONUTF8="1")
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(stats), "build"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )
    wall = time.monotonic() - started
    log = proc.stdout + proc.stderr
    result = Build(ok=proc.returncode == 0, wall_s=wall, log=log)
    if stats.exists():
        data = json.loads(stats.read_text())
        result.peak_rss_mb = data["maxrss_kb"] / 1024
        result.children_peak_rss_mb = data["children_maxrss_kb"] / 1024
    match = INDEX_LINE.search(log)
    if match:
        result.pages, result.words, result.index_s = int(match[1]), int(match[2]), float(match[3])
    return result


def folder_bytes(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


@dataclass
class Transfer:
    url: str
    size: int  # body bytes as served
    gzip_size: int  # body bytes if the server gzipped what is not compressed already


@dataclass
class QueryCost:
    query: str
    status: str
    results: int
    seconds: float
    transfers: list[Transfer] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)  # the results shown (the first page of them)

    def total(self, part: str = "", gz: bool = False) -> int:
        return sum(t.gzip_size if gz else t.size for t in self.transfers if part in urlsplit(t.url).path)


def _gzip_size(path: str, body: bytes) -> int:
    if body[:2] == b"\x1f\x8b" or path.endswith((".png", ".jpg", ".gif", ".woff2")):
        return len(body)
    return len(gzip.compress(body, 6))


class Server:
    """``site`` on 127.0.0.1; with ``bundle``, ``/pagefind/…`` is served from that folder."""

    def __init__(self, site: Path, bundle: Path | None = None) -> None:
        class Handler(SimpleHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def translate_path(self, path: str) -> str:
                if bundle is not None and urlsplit(path).path.startswith("/pagefind/"):
                    rest = urlsplit(path).path[len("/pagefind/") :]
                    return str(bundle / rest)
                return super().translate_path(path)

        self.httpd, self.base = serve(site, Handler)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# Settled: results, none, an error, or (a filter without words) the pointer to the catalogue.
DONE = "() => /^(找到|没有找到|搜索暂时|请输入要查找的词语。只按条件)/.test((document.getElementById('og-search-status') || {}).textContent || '')"


RESULT_URLS = "els => els.map(a => new URL(a.href).pathname)"


def measure_queries(
    site: Path, queries: list[str], bundle: Path | None = None, second_query: bool = True
) -> tuple[list[QueryCost], QueryCost | None]:
    from playwright.sync_api import sync_playwright

    server = Server(site, bundle)
    costs: list[QueryCost] = []
    second: QueryCost | None = None
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for i, query in enumerate(queries):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                cost = QueryCost(query, "", 0, 0.0)
                current = [cost]

                def route(r: object, current: list[QueryCost] = current) -> None:
                    url = r.request.url
                    if urlsplit(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:")):
                        r.continue_()
                    else:
                        current[0].foreign.append(url)
                        r.abort()

                def finished(response: object, current: list[QueryCost] = current) -> None:
                    try:
                        body = response.body()
                    except Exception:  # noqa: BLE001 - redirects and aborted requests have none
                        return
                    path = urlsplit(response.url).path
                    current[0].transfers.append(Transfer(response.url, len(body), _gzip_size(path, body)))

                context.route("**/*", route)
                page = context.new_page()
                page.on("response", finished)
                started = time.monotonic()
                page.goto(
                    server.base + "/search/?" + (query[1:] if query.startswith("?") else "q=" + quote(query))
                )
                page.wait_for_function(DONE, timeout=120000)
                page.wait_for_load_state("networkidle")
                cost.seconds = time.monotonic() - started
                cost.status = page.inner_text("#og-search-status")
                cost.results = int(m[1]) if (m := re.search(r"找到 (\d+) 条", cost.status)) else 0
                cost.urls = page.eval_on_selector_all("#og-search-results .og-result__title a", RESULT_URLS)
                costs.append(cost)
                if i == 0 and second_query:
                    # A further query in the same tab: only what it adds.
                    second = QueryCost(SECOND_QUERY, "", 0, 0.0)
                    current[0] = second
                    started = time.monotonic()
                    page.fill("#og-search-q", SECOND_QUERY)
                    page.press("#og-search-q", "Enter")
                    page.wait_for_function(
                        "(q) => document.getElementById('og-search-status').textContent.includes(q)",
                        arg=SECOND_QUERY,
                        timeout=120000,
                    )
                    page.wait_for_load_state("networkidle")
                    second.seconds = time.monotonic() - started
                    second.status = page.inner_text("#og-search-status")
                    second.results = int(m[1]) if (m := re.search(r"找到 (\d+) 条", second.status)) else 0
                context.close()
            browser.close()
    finally:
        server.close()
    return costs, second


def lunr_index(work: Path, n: int, timeout: float, reuse: bool) -> tuple[Build | None, Path]:
    folder = work / "material-search"
    index = folder / "site" / "search" / "search_index.json"
    if reuse and index.exists():
        return None, index
    gen_portal.write_plain(folder, n)
    yml = folder / "mkdocs.yml"
    text = yml.read_text(encoding="utf-8")
    assert "plugins: []" in text
    yml.write_text(text.replace("plugins: []", "plugins:\n  - search"), encoding="utf-8")
    return build(folder, timeout), index


# Queries compared between the sharded and the single bundle: words, a date sort both ways,
# filters alone (listed newest first), a filter with words.
COMPARE_QUERIES = [
    "社会救助",
    "政务公开",
    "营商环境优化",
    "预算执行",
    "低保",
    "征地补偿",
    "资金 公开",
    "?q=社会救助&sort=date-desc",
    "?q=政务公开&sort=date-asc",
    "?column=fiscal",
    "?q=资金&column=fiscal",
]

INDEX_CHILD = r"""
import json, sys, time
from pathlib import Path
from opengov.search.indexer import index_site
stats = index_site(Path(sys.argv[1]), output_dir=Path(sys.argv[2]))
print(json.dumps({"shards": stats.shards, "pages": stats.pages, "seconds": stats.seconds,
                  "peak_rss_mb": stats.peak_rss_mb, "shard_rss_mb": stats.shard_rss_mb,
                  "bytes": stats.bytes, "files": stats.files}))
"""


def load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def index_variant(site: Path, out: Path, shard: int, timeout: float) -> dict:
    """Index ``site`` into ``out`` in a child process with this shard size; its figures."""
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, OPENGOV_SEARCH_SHARD=str(shard))
    before = load()
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", INDEX_CHILD, str(site), str(out)],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-4000:])
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    figures["wall_s"] = time.monotonic() - started
    figures["load"] = f"{before} → {load()}"
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=10000)
    parser.add_argument(
        "--work", type=Path, default=None, help="folder to build in (default: a temporary one)"
    )
    parser.add_argument("--query", action="append", help="query to measure (repeatable)")
    parser.add_argument("--reuse", action="store_true", help="reuse sites already built in --work")
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--compare", action="store_true", help="compare the sharded index with one bundle (see 4.)"
    )
    parser.add_argument("--shard", type=int, default=None, help="pages per shard (default: the plugin's)")
    parser.add_argument("--no-lunr", action="store_true", help="skip the Material (lunr) comparison")
    args = parser.parse_args(argv)
    queries = args.query or DEFAULT_QUERIES
    work = args.work or Path(tempfile.mkdtemp(prefix="opengov-bench-search-"))
    work.mkdir(parents=True, exist_ok=True)
    n = args.items

    portal = work / "portal"
    site = portal / "site"
    if args.shard:
        os.environ["OPENGOV_SEARCH_SHARD"] = str(args.shard)
    built: Build | None = None
    if not (args.reuse and (site / "pagefind" / "pagefind.js").exists()):
        say(f"generating a {n}-item portal in {portal} …")
        gen_portal.generate(portal, n, search=True)
        say(f"building it (search: true; load {load()}) …")
        built = build(portal, args.timeout)
        if not built.ok:
            say(built.log[-4000:])
            return 1
    pf_files, pf_bytes = folder_bytes(site / "pagefind")
    site_files, site_bytes = folder_bytes(site)
    shards_json = site / "pagefind" / "shards.json"
    shard_count = len(json.loads(shards_json.read_text())["shards"]) if shards_json.exists() else 1

    say("measuring first queries in Chromium …")
    costs, second = measure_queries(site, queries)

    lunr_raw: bytes | None = None
    lunr_gz = 0
    lunr_build: Build | None = None
    if not args.no_lunr:
        say("building the same pages as a plain Material site with its lunr search …")
        lunr_build, lunr_path = lunr_index(work, n, args.timeout, args.reuse)
        if lunr_build is not None and not lunr_build.ok:
            say(lunr_build.log[-4000:])
            return 1
        lunr_raw = lunr_path.read_bytes()
        lunr_gz = len(gzip.compress(lunr_raw, 6))

    variants: dict[str, dict] = {}
    compared: dict[str, list[QueryCost]] = {}
    if args.compare:
        from opengov.search.shards import SHARD_ENV, SHARD_PAGES

        sizes = {"sharded": args.shard or SHARD_PAGES, "single": 0}
        for name, size in sizes.items():
            say(f"indexing the site again: {name} ({SHARD_ENV}={size}) …")
            variants[name] = index_variant(site, work / f"bundle-{name}", size, args.timeout)
        for name in sizes:
            say(f"querying with the {name} bundle …")
            compared[name], _ = measure_queries(
                site, COMPARE_QUERIES, bundle=work / f"bundle-{name}", second_query=False
            )

    say("")
    say(f"Search benchmark, {n} items (machine: {os.cpu_count()} CPUs, load now {load()})")
    say("")
    if built is not None:
        share = built.index_s / built.wall_s * 100 if built.index_s else None
        say("| build | |")
        say("|---|---:|")
        say(f"| whole build (wall) | {built.wall_s:.1f} s |")
        say(
            f"| of which Pagefind indexing | {built.index_s:.1f} s ({share:.1f} %) |"
            if share
            else "| indexing | ? |"
        )
        say(f"| pages indexed / words | {built.pages} / {built.words} |")
        say(f"| search shards | {shard_count} |")
        say(
            f"| peak RSS: mkdocs / pagefind (largest process) | {built.peak_rss_mb:.0f} MB / "
            f"{built.children_peak_rss_mb:.0f} MB |"
        )
        say("")
    say(
        f"Pagefind bundle on disk: {pf_files} files, {kb(pf_bytes)} (site: {site_files} files, {kb(site_bytes)})"
    )
    say("")
    say(
        "| first query (cold cache) | results | pagefind/ as served | pagefind/ if gzipped | whole page load | whole, gzipped | requests | time |"
    )
    say("|---|---:|---:|---:|---:|---:|---:|---:|")
    for c in costs:
        say(
            f"| {c.query} | {c.results} | {kb(c.total('/pagefind/'))} | {kb(c.total('/pagefind/', True))} "
            f"| {kb(c.total())} | {kb(c.total(gz=True))} | {len(c.transfers)} | {c.seconds:.1f} s |"
        )
    if second is not None:
        say(
            f"| then “{second.query}” in the same tab | {second.results} | {kb(second.total('/pagefind/'))} "
            f"| {kb(second.total('/pagefind/', True))} | {kb(second.total())} | {kb(second.total(gz=True))} "
            f"| {len(second.transfers)} | {second.seconds:.1f} s |"
        )
    if lunr_raw is not None:
        say("")
        say("| Material (lunr) search_index.json, same pages | |")
        say("|---|---:|")
        say(f"| as served | {kb(len(lunr_raw))} |")
        say(f"| gzipped | {kb(lunr_gz)} |")
        if lunr_build is not None:
            say(f"| build time of that site | {lunr_build.wall_s:.1f} s |")
        first = costs[0]
        say("")
        say(
            f"First query “{first.query}” downloads {kb(first.total('/pagefind/'))} of search files "
            f"({kb(first.total('/pagefind/', True))} gzipped) against {kb(len(lunr_raw))} "
            f"({kb(lunr_gz)} gzipped) for Material's whole index: "
            f"{len(lunr_raw) / max(first.total('/pagefind/'), 1):.1f}× less."
        )
    agree = True
    if variants:
        say("")
        say(
            "| index | shards | indexer peak RSS (largest) | each process | indexing time | bundle | load before → after |"
        )
        say("|---|---:|---:|---|---:|---:|---|")
        for name, v in variants.items():
            each = ", ".join(f"{x:.0f}" for x in v["shard_rss_mb"])
            say(
                f"| {name} | {v['shards']} | {v['peak_rss_mb']:.0f} MB | {each} MB | {v['seconds']:.1f} s "
                f"| {kb(v['bytes'])} | {v['load']} |"
            )
        say("")
        say("| query | results: sharded / single | first page (10) | pagefind/ gzipped, sharded / single |")
        say("|---|---:|---|---:|")
        for a, b in zip(compared["sharded"], compared["single"], strict=True):
            overlap = len(set(a.urls) & set(b.urls))
            if a.urls == b.urls:
                verdict = "the same"
            elif overlap == len(b.urls) == len(a.urls):
                verdict = "same pages, order differs"
            else:
                verdict = f"{overlap} of {len(b.urls)} the same"
            # Counts must agree; a date order (sorted, or filters alone) must agree exactly.
            ordered = "sort=" in a.query or (a.query.startswith("?") and "q=" not in a.query)
            if a.results != b.results or (ordered and a.urls != b.urls):
                agree = False
                verdict += " (DIFFERS)"
            say(
                f"| {a.query} | {a.results} / {b.results} | {verdict} "
                f"| {kb(a.total('/pagefind/', True))} / {kb(b.total('/pagefind/', True))} |"
            )
        say("Relevance order is compared as a figure: scores differ slightly between layouts (near ties).")
        say("Result counts and date orders " + ("agree." if agree else "DISAGREE (see above)."))
    all_costs = costs + ([second] if second else []) + [c for cs in compared.values() for c in cs]
    foreign = sorted({u for c in all_costs for u in c.foreign})
    say("Requests to other hosts: " + (", ".join(foreign) if foreign else "none"))
    if args.json:
        figures = {
            "items": n,
            "build": None
            if built is None
            else {
                "wall_s": built.wall_s,
                "index_s": built.index_s,
                "pages": built.pages,
                "words": built.words,
                "shards": shard_count,
                "peak_rss_mb": built.peak_rss_mb,
                "indexer_peak_rss_mb": built.children_peak_rss_mb,
            },
            "pagefind_bundle_bytes": pf_bytes,
            "queries": [
                {
                    "query": c.query,
                    "results": c.results,
                    "pagefind_bytes": c.total("/pagefind/"),
                    "pagefind_gzip_bytes": c.total("/pagefind/", True),
                    "page_bytes": c.total(),
                    "requests": len(c.transfers),
                }
                for c in costs
            ],
            "lunr_index_bytes": len(lunr_raw) if lunr_raw is not None else None,
            "lunr_index_gzip_bytes": lunr_gz if lunr_raw is not None else None,
            "variants": variants,
            "compared": {
                name: [
                    {
                        "query": c.query,
                        "results": c.results,
                        "urls": c.urls,
                        "pagefind_gzip_bytes": c.total("/pagefind/", True),
                    }
                    for c in cs
                ]
                for name, cs in compared.items()
            },
            "foreign_requests": foreign,
        }
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if not foreign and agree else 1


if __name__ == "__main__":
    sys.exit(main())
