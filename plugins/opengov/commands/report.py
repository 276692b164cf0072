"""``opengov report``: the compliance report (CONTRACT §5, §7)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from ..core.compliance import compliance_bundle, fail_on, html_document, parse_fail_on, render_text
from ..core.dates import beijing_today
from ..core.loader import load_portal
from ..core.vocabulary import EXIT_FAILED as EXIT_FAIL
from ..core.vocabulary import EXIT_OK, EXIT_USAGE
from ..settings import load_options, read_settings


def cmd_report(args: argparse.Namespace) -> int:
    settings = read_settings(args.config_file)
    try:
        as_of = dt.date.fromisoformat(args.as_of) if args.as_of else beijing_today()
    except ValueError:
        print(f"opengov report: --as-of 应为 YYYY-MM-DD 格式的日期，而不是“{args.as_of}”", file=sys.stderr)
        return EXIT_USAGE
    try:
        kinds = parse_fail_on(args.fail_on) if args.fail_on else set()
    except ValueError as exc:
        print(f"opengov report: {exc}", file=sys.stderr)
        return EXIT_USAGE
    # Load as of that day: items scheduled before it must count, later ones must not.
    portal = load_portal(load_options(settings, as_of))
    annual = settings.root / settings.annual_report if settings.annual_report else None
    bundle = compliance_bundle(
        portal,
        as_of,
        annual_file=annual,
        annual_rel=settings.annual_report or "",
        base=settings.site_url or "/",
    )
    report = bundle.report
    # The HTML copy is written first: a bad --html path is a usage error with nothing printed.
    if args.html:
        title = f"{portal.catalog.organization.name}政务公开合规检查报告（截至 {as_of.isoformat()}）"
        files = {"index.html": html_document(title, bundle.html).encode("utf-8"), **bundle.files}
        problem = _write_folder(Path(args.html), files)
        if problem:
            print(f"opengov report: {problem}", file=sys.stderr)
            return EXIT_USAGE
    if args.format == "json":
        print(json.dumps(report.to_json_dict(), ensure_ascii=False, indent=2))
    else:
        print(render_text(report), end="")
    for finding in bundle.findings:
        if finding not in report.warnings:
            print(finding.format(), file=sys.stderr)
    if args.html:
        print(f"已写入 {Path(args.html) / 'index.html'}", file=sys.stderr)
    return EXIT_FAIL if fail_on(report, kinds) else EXIT_OK


def _write_folder(out: Path, files: dict[str, bytes]) -> str | None:
    """Write ``files`` into ``out`` (created if missing); the Chinese reason when that fails."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (out / name).write_bytes(data)
    except FileExistsError:
        return f"--html 应为一个文件夹，但 {out} 已是一个文件（或路径中有文件挡住）。请换一个文件夹路径"
    except NotADirectoryError:
        return f"--html 的路径 {out} 中有一段是文件而不是文件夹。请换一个文件夹路径"
    except PermissionError:
        return f"没有权限在 {out} 写入报告。请换一个有写入权限的文件夹"
    except OSError as exc:
        return f"无法在 {out} 写入报告（{exc.strerror or exc}）。请检查磁盘空间和路径"
    return None
