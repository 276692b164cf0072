"""The ``opengov`` command: check, new, import, init, report (CONTRACT §5)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from .core.config_problems import config_problems
from .core.loader import load_portal
from .core.model import Portal
from .core.vocabulary import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from .settings import Settings, SettingsError, load_options, read_settings


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # usage errors exit 2, in Chinese
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: 用法错误：{message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="opengov", description="OpenGov Portal 政务公开门户工具")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = sub.add_parser("check", help="检查将要发布的全部内容，不构建网站")
    check.add_argument("-f", "--config-file", default=None)
    check.add_argument("--format", choices=("text", "json"), default="text")

    new = sub.add_parser("new", help="新建一条信息（自动编排索引号）")
    new.add_argument("-f", "--config-file", default=None)
    new.add_argument("--column")
    new.add_argument("--publisher")
    new.add_argument("--title")
    new.add_argument("--date")
    new.add_argument("--doc-number")
    new.add_argument("--doc-type")
    new.add_argument("--from", dest="from_file", metavar="FILE.docx", help="从 Word 文档（.docx）新建")
    new.add_argument("--no-original", action="store_true", help="不把原 Word 文档作为附件")

    imp = sub.add_parser("import", help="从原网站的信息清单（.xlsx 或 .csv）导入条目")
    imp.add_argument("manifest", metavar="MANIFEST")
    imp.add_argument("-f", "--config-file", default=None)
    imp.add_argument("--map", metavar="MAP.yml", help="原栏目、原发布机构名称与目录 id 的对照表")
    imp.add_argument("--dry-run", action="store_true", help="只检查、报告，不写入任何文件")

    init = sub.add_parser("init", help="在空文件夹中创建一个新门户")
    init.add_argument("dir")
    init.add_argument("--name")
    init.add_argument("--code")

    report = sub.add_parser("report", help="政务公开合规报告")
    report.add_argument("-f", "--config-file", default=None)
    report.add_argument("--as-of")
    report.add_argument("--format", choices=("text", "json"), default="text")
    report.add_argument("--fail-on", default="")
    report.add_argument("--html", metavar="DIR")
    return parser


def load(settings: Settings) -> Portal:
    return load_portal(load_options(settings, site_checks=True))


def cmd_check(args: argparse.Namespace) -> int:
    settings = read_settings(args.config_file)
    root = settings.root
    problems = config_problems(
        site_url=settings.site_url,
        use_directory_urls=settings.use_directory_urls,
        markdown_extensions=settings.markdown_extensions,
        content_dir=root / settings.content_dir,
        docs_dir=root / settings.docs_dir,
        cache_dir=root / settings.cache_dir,
        site_dir=Path(settings.site_dir),
        root=root,
        catalog=root / settings.catalog,
        plugin_names=settings.plugin_names,
    )
    if problems:
        # The build would stop before reading any item: a configuration error, like an unreadable file.
        raise SettingsError(f"{settings.config_file}：" + "；".join(problems))
    portal = load(settings)
    if args.format == "json":
        print(json.dumps([f.as_dict() for f in portal.findings], ensure_ascii=False, indent=1))
    else:
        for finding in portal.findings:
            print(finding.format())
        errors, warnings = len(portal.errors), len(portal.warnings)
        verdict = "可以发布" if not errors else "请先改正错误再发布"
        print(
            f"检查了 {len(portal.items)} 条信息（公开 {len(portal.published)} 条）：{errors} 个错误，{warnings} 个警告。{verdict}",
            file=sys.stderr,
        )
    return EXIT_FAILED if portal.errors else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            return cmd_check(args)
        if args.command == "new" and args.from_file:
            from .commands.new_from import cmd_new_from

            return cmd_new_from(args)
        if args.command == "new":
            from .commands.new import cmd_new

            return cmd_new(args)
        if args.command == "import":
            from .commands.importer import cmd_import

            return cmd_import(args)
        if args.command == "init":
            from .commands.init import cmd_init

            return cmd_init(args)
        if args.command == "report":
            from .commands.report import cmd_report

            return cmd_report(args)
    except SettingsError as exc:
        print(f"opengov: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("已取消，未写入任何文件。", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
