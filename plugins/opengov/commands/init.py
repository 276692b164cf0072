"""``opengov init DIR``: write a ready portal (CONTRACT §6) into an empty or missing folder.

The templates live in ``init_template/`` next to this module (package data);
``{{name}}``-style tokens are filled by plain string replacement, since the YAML
and workflow files are full of braces of their own. Everything is written into a
hidden temporary folder beside DIR and moved into place at the end, so a failure
leaves nothing half-written.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from ..core.codes import code_valid
from ..core.dates import beijing_today
from ..core.vocabulary import DEFAULT_INDEX_FORMAT, EXIT_FAILED, EXIT_OK, EXIT_USAGE

TEMPLATE_DIR = Path(__file__).resolve().parent / "init_template"
DEFAULT_NAME = "某某县人民政府"
# A placeholder 统一社会信用代码 whose GB 32100 check character is right (no bad-code warning).
DEFAULT_CODE = "11000000MB00000001"

# Characters that would need quoting in YAML or break a Markdown heading; real names never have them.
_NAME_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f:#{}\[\],&*!|>'\"%@`\\]")
_CODE_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z-]{0,39}$")


def template_files(year: int) -> list[tuple[str, str]]:
    """(template file, destination in the portal); dot-files are stored without the dot."""
    return [
        ("mkdocs.yml", "mkdocs.yml"),
        ("content/catalog.yml", "content/catalog.yml"),
        ("content/welcome.md", f"content/news/{year}/welcome.md"),
        ("docs/index.md", "docs/index.md"),
        ("docs/guide.md", "docs/guide.md"),
        ("README.md", "README.md"),
        ("requirements.txt", "requirements.txt"),
        ("gitignore.txt", ".gitignore"),
        ("pre-commit-config.yml", ".pre-commit-config.yaml"),
        ("github-workflow.yml", ".github/workflows/portal.yml"),
    ]


def _fill(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    return text


def _prefix(name: str) -> str:
    """``某某县人民政府`` → ``某某县``, for department names like 某某县财政局."""
    for suffix in ("人民政府", "政府"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return ""


def _check_arguments(name: str, code: str) -> str | None:
    if not name:
        return "--name 不能为空（例如：--name 示例县人民政府）"
    if _NAME_FORBIDDEN.search(name) or name[0] in "-?" or name != name.strip():
        return f"--name“{name}”含有不能用于机关名称的符号（冒号、引号、括号等半角符号），请只写机关全称"
    if not _CODE_PATTERN.match(code):
        return f"--code“{code}”无效：机关代码只能由字母、数字和连字符组成（统一社会信用代码为 18 位）"
    return None


def _is_empty_dir(path: Path) -> bool:
    return path.is_dir() and not any(path.iterdir())


def render_portal(target: Path, name: str, code: str, placeholder_code: bool) -> list[str]:
    """Write every template file under ``target``; returns the written paths (POSIX)."""
    today = beijing_today()
    values = {
        "name": name,
        "site_name": f"{name}信息公开",
        "prefix": _prefix(name),
        "code": code,
        "code_note": "占位代码，请改为本机关的真实代码" if placeholder_code else "请核对",
        "date": today.isoformat(),
        "year": str(today.year),
        # A new portal has no items: the example takes sequence 1 of this year.
        "index_no": DEFAULT_INDEX_FORMAT.format(code=code, year=today.year, month=today.month, seq=1),
    }
    written: list[str] = []
    for source, destination in template_files(today.year):
        text = (TEMPLATE_DIR / source).read_text(encoding="utf-8")
        path = target / destination
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_fill(text, values), encoding="utf-8", newline="\n")
        written.append(destination)
    return written


def _move_into(staging: Path, target: Path) -> None:
    """Put the staged portal at ``target`` (missing, or an existing empty folder)."""
    if not target.exists():
        os.rename(staging, target)  # one atomic step
        return
    # An existing empty folder (perhaps the shell's current one): move the entries in,
    # undoing the moves if one fails.
    moved: list[Path] = []
    try:
        for entry in sorted(staging.iterdir()):
            destination = target / entry.name
            os.rename(entry, destination)
            moved.append(destination)
    except OSError:
        for destination in moved:
            os.rename(destination, staging / destination.name)
        raise
    staging.rmdir()


def cmd_init(args: argparse.Namespace) -> int:
    target = Path(args.dir)
    shown = args.dir
    name = (args.name if args.name is not None else DEFAULT_NAME).strip()
    placeholder_code = args.code is None
    code = DEFAULT_CODE if placeholder_code else args.code.strip()
    problem = _check_arguments(name, code)
    if problem:
        print(f"opengov init: {problem}", file=sys.stderr)
        return EXIT_USAGE
    if target.exists() and not _is_empty_dir(target):
        what = "不是文件夹" if not target.is_dir() else "不是空文件夹"
        print(
            f"opengov init: {shown} {what}，为避免覆盖已有文件，没有写入任何内容。"
            "请指定一个不存在的或空的文件夹，例如：opengov init my-portal",
            file=sys.stderr,
        )
        return EXIT_FAILED
    parent = target.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.resolve().name}.opengov-init-", dir=parent))
        umask = os.umask(0o022)
        os.umask(umask)
        os.chmod(staging, 0o777 & ~umask)  # mkdtemp makes it private; the portal is not
    except OSError as exc:
        print(f"opengov init: 无法在 {parent} 中创建文件夹：{exc}", file=sys.stderr)
        return EXIT_FAILED
    try:
        written = render_portal(staging, name, code, placeholder_code)
        if target.exists() and not _is_empty_dir(target):  # someone wrote there meanwhile
            raise FileExistsError(f"{shown} 已不是空文件夹")
        _move_into(staging, target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"opengov init: 写入失败，没有留下任何文件：{exc}", file=sys.stderr)
        return EXIT_FAILED
    if not code_valid(code):
        print(
            f"注意：机关代码“{code}”未通过 GB 32100/GB 11714 校验（opengov check 会给出 bad-code 警告），请核对",
            file=sys.stderr,
        )
    print(f"已在 {shown} 创建政府信息公开门户（{name}）：")
    for path in written:
        print(f"  {path}")
    cd = shown if " " not in shown else f'"{shown}"'
    print(
        "\n下一步：\n"
        f"  cd {cd} && mkdocs serve        # 本地预览 http://127.0.0.1:8000/\n"
        "  opengov new                      # 新建一条信息（自动编排索引号）\n"
        "  opengov check                    # 发布前检查\n"
        "正式上线前：在 mkdocs.yml 填写 site_url 和页脚信息，"
        + ("在 content/catalog.yml 把占位机关代码改为本机关的统一社会信用代码，" if placeholder_code else "")
        + "并填写 docs/guide.md（政府信息公开指南）中的“【请填写】”。"
    )
    return EXIT_OK
