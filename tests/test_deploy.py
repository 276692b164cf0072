"""Builds that cannot be broken (issue 13): the build lock, the site swap in each deployment
layout, Chinese messages for operating-system errors, and the indexer ended with the build."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import _env, build, site_files, snapshot
from factories import item_md, make_portal
from test_new_init import opengov_command, portal  # noqa: F401 - a fixture

from opengov.core.buildlock import BuildLock
from opengov.core.oserrors import os_error_message
from opengov.core.siteswap import exchange, update_in_place
from opengov.site.staging import Staging

WAIT_LINE = "另一次构建正在进行，等待其完成"
NEW_WAIT_LINE = "另一次构建或新建正在进行，等待其完成"


def many_items(count: int) -> dict[str, str]:
    return {
        f"content/news/2024/item-{n:03d}.md": item_md(
            title=f"第{n}号通知",
            date=f"2024-05-{n % 28 + 1:02d}",
            index_no=f"11511325MB0000019N/2024-{n:05d}",
        )
        for n in range(1, count + 1)
    }


def start(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env or _env(),
    )


def read_until(proc: subprocess.Popen[str], needle: str) -> str:
    """Standard error up to the line holding ``needle``; fails if the process ends first."""
    assert proc.stderr is not None
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if needle in line:
            return "".join(seen)
    proc.wait()
    pytest.fail(f"never printed {needle!r}; stderr was:\n{''.join(seen)}")


def without_index(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in files.items() if not name.startswith("pagefind/")}


# -- 1. the build lock -----------------------------------------------------------------------


def test_two_builds_at_once_wait_for_each_other_and_leave_one_clean_site(portal_dir: Path) -> None:
    make_portal(portal_dir, many_items(60))
    held = BuildLock(portal_dir / ".cache" / "opengov")
    held.acquire()  # a build in progress: both new builds must see it and wait
    command = [sys.executable, "-m", "mkdocs", "build"]
    builds = [start(command, portal_dir) for _ in range(2)]
    try:
        for proc in builds:
            read_until(proc, WAIT_LINE)
    finally:
        held.release()
    results = [proc.communicate(timeout=300) for proc in builds]
    for proc, (_out, err) in zip(builds, results, strict=True):
        assert proc.returncode == 0, err
        assert err.count(WAIT_LINE) == 0  # said once, before the lines read above
    together = site_files(portal_dir / "site")
    assert "news/2024/item-060/index.html" in together
    assert not list(portal_dir.glob("site.opengov-*"))
    shutil.rmtree(portal_dir / "site")
    shutil.rmtree(portal_dir / ".cache")
    clean = build(portal_dir)
    assert clean.returncode == 0, clean.stderr
    alone = site_files(portal_dir / "site")
    # Pagefind names its index files by hash, which differs from run to run; all else is bytes.
    assert without_index(alone) == without_index(together)
    assert len(alone) == len(together) and "pagefind/pagefind.js" in together


def test_four_opengov_new_at_once_hand_out_four_numbers(portal: Path) -> None:  # noqa: F811
    root = portal
    held = BuildLock(root / ".cache" / "opengov")
    held.acquire()  # all four start while the numbers are locked, so all four read the same portal
    args = "new --column news --publisher zfb --title 关于汛期的通知 --date 2025-06-01".split()
    runs = [start([*opengov_command(), *args], root) for _ in range(4)]
    try:
        for proc in runs:
            read_until(proc, NEW_WAIT_LINE)
    finally:
        held.release()
    paths = []
    for proc in runs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        paths.append(out.strip())
    numbers = [
        next(line for line in (root / p).read_text("utf-8").splitlines() if line.startswith("index_no:"))
        for p in paths
    ]
    assert len(set(paths)) == 4
    assert sorted(numbers) == [f"index_no: 11000000MB00000001/2025-{n:05d}" for n in range(1, 5)]


# -- 2. the swap -----------------------------------------------------------------------------


def test_exchange_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "from-a").write_text("a")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "from-b").write_text("b")
    assert exchange(tmp_path / "a", tmp_path / "b") is True
    assert sorted(os.listdir(tmp_path / "a")) == ["from-b"]
    assert sorted(os.listdir(tmp_path / "b")) == ["from-a"]


POLLER = """
import os, sys
site, stop = sys.argv[1], sys.argv[2]
print("ready", flush=True)
checks = misses = 0
while not os.path.exists(stop):
    checks += 1
    if not os.path.exists(site):
        misses += 1
print(checks, misses, flush=True)
"""


def test_commit_never_leaves_a_moment_without_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("0")
    stop = tmp_path / "stop"
    # Another process, as a web server is: it runs while this one renames.
    poller = start([sys.executable, "-c", POLLER, str(site), str(stop)], tmp_path)
    assert poller.stdout is not None
    assert poller.stdout.readline().strip() == "ready"
    try:
        for n in range(1, 301):
            staging = Staging(str(site))
            work = Path(staging.prepare())
            (work / "index.html").write_text(str(n))
            new_inode = work.stat().st_ino
            staging.commit()
            assert site.stat().st_ino == new_inode
            assert not staging.work.exists() and not staging.old.exists()
    finally:
        stop.touch()
    checks, misses = map(int, poller.communicate(timeout=60)[0].split())
    assert checks > 0
    assert misses == 0
    assert (site / "index.html").read_text() == "300"


def test_symlinked_site_updates_the_web_root_and_keeps_the_link(tmp_path: Path) -> None:
    site_root = make_portal(tmp_path / "portal", many_items(2), plugin_options={"search": False})
    web_root = tmp_path / "www" / "portal"
    web_root.mkdir(parents=True)
    (web_root / "withdrawn.html").write_text("已撤回")
    (site_root / "site").symlink_to(web_root)
    first = build(site_root)
    assert first.returncode == 0, first.stderr
    assert (site_root / "site").is_symlink() and os.readlink(site_root / "site") == str(web_root)
    assert (web_root / "news" / "2024" / "item-002" / "index.html").is_file()
    assert not (web_root / "withdrawn.html").exists()
    (site_root / "content" / "news" / "2024" / "item-002.md").unlink()
    second = build(site_root)
    assert second.returncode == 0, second.stderr
    assert (site_root / "site").is_symlink()
    assert not (web_root / "news" / "2024" / "item-002").exists()  # withdrawn items leave the web root
    assert (web_root / "news" / "2024" / "item-001" / "index.html").is_file()
    assert not list((tmp_path / "www").glob("portal.opengov-*"))


def write_tree(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)


def test_update_in_place_writes_new_and_changed_files_and_removes_stale_ones_last(tmp_path: Path) -> None:
    new, target = tmp_path / "new", tmp_path / "mounted"
    write_tree(
        new, {"index.html": "新首页", "same.css": "body{}", "a/b/page.html": "页", "x/index.html": "x"}
    )
    write_tree(target, {"index.html": "旧首页", "same.css": "body{}", "old/gone.html": "旧", "x": "a file"})
    root_inode = target.stat().st_ino
    same_inode = (target / "same.css").stat().st_ino
    done = update_in_place(new, target)
    assert snapshot(target) == snapshot(new)
    assert target.stat().st_ino == root_inode  # the folder itself is never renamed (a mount point)
    assert (target / "same.css").stat().st_ino == same_inode  # unchanged files are left alone
    assert not (target / "old").exists()
    assert not list(target.rglob(".opengov-*"))
    # New and changed files first, then the stale ones: no moment with a link to nothing.
    assert done.written == ["index.html", "a/b/page.html", "x/index.html"]
    assert done.removed == ["old/gone.html", "old/"]


def test_a_site_that_cannot_be_renamed_is_updated_in_place(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_tree(site, {"index.html": "旧", "stale.html": "旧"})
    inode = site.stat().st_ino
    staging = Staging(str(site))
    work = Path(staging.prepare())
    staging.in_place = True  # what prepare() decides for a mount point (os.path.ismount)
    write_tree(work, {"index.html": "新"})
    staging.commit()
    assert site.stat().st_ino == inode
    assert snapshot(site) == {"index.html": "新".encode()}
    assert not work.exists()


def as_unprivileged(command: list[str]) -> list[str]:
    """``command`` without the power to write where file permissions forbid (root included)."""
    if os.geteuid() != 0:
        return command
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: root may write anywhere")
    # Root without the capabilities that override file permissions, as an ordinary user is.
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--", *command]


STAGE_AND_COMMIT = """
import sys
from pathlib import Path
from opengov.site.staging import Staging
staging = Staging(sys.argv[1])
work = Path(staging.prepare())
(work / "index.html").write_text("新", encoding="utf-8")
staging.commit()
print(staging.in_place, work.parent)
"""


def test_a_web_root_whose_parent_is_not_writable_is_updated_in_place(tmp_path: Path) -> None:
    web_root = tmp_path / "www" / "portal"
    write_tree(web_root, {"index.html": "旧", "withdrawn/index.html": "旧"})
    inode = web_root.stat().st_ino
    (tmp_path / "portal").mkdir()
    link = tmp_path / "portal" / "site"
    link.symlink_to(web_root)
    (tmp_path / "www").chmod(0o555)  # /var/www belongs to another user
    try:
        command = as_unprivileged([sys.executable, "-c", STAGE_AND_COMMIT, str(link)])
        result = subprocess.run(command, capture_output=True, text=True, env=_env(), timeout=60)
    finally:
        (tmp_path / "www").chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", str(tmp_path / "portal")]  # staged beside the link
    assert link.is_symlink() and web_root.stat().st_ino == inode
    assert snapshot(web_root) == {"index.html": "新".encode()}


# -- 3. operating-system errors in Chinese ----------------------------------------------------


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "磁盘空间不足"),
        (errno.EACCES, "没有写入权限"),
        (errno.EPERM, "没有写入权限"),
        (errno.EBUSY, "正被占用"),
        (errno.EROFS, "只读文件系统"),
    ],
)
def test_os_errors_are_told_in_chinese_with_the_path(tmp_path: Path, code: int, words: str) -> None:
    error = OSError(code, os.strerror(code), str(tmp_path / "site" / "index.html"))
    message = os_error_message(error, tmp_path)
    assert message is not None and words in message and "site/index.html" in message
    assert os_error_message(ValueError("x"), tmp_path) is None


def test_build_into_a_folder_it_may_not_write_exits_1_in_chinese(tmp_path: Path) -> None:
    command = as_unprivileged([sys.executable, "-m", "mkdocs", "build"])
    site_root = make_portal(
        tmp_path / "portal",
        many_items(1),
        mkdocs_extra="site_dir: out/site\n",
        plugin_options={"search": False},
    )
    out = site_root / "out"
    write_tree(out, {"site/index.html": "现有网站"})
    out.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)
    try:
        result = subprocess.run(
            command, cwd=site_root, capture_output=True, text=True, env=_env(), timeout=300
        )
    finally:
        out.chmod(0o755)
    assert result.returncode == 1
    assert "没有写入权限" in result.stderr and "out/site.opengov-new" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(out) == {"site/index.html": "现有网站".encode()}


def test_a_file_in_the_site_path_exits_1_in_chinese(tmp_path: Path) -> None:
    site_root = make_portal(
        tmp_path / "portal",
        many_items(1),
        mkdocs_extra="site_dir: blocker/site\n",
        plugin_options={"search": False},
    )
    (site_root / "blocker").write_text("一个文件")
    result = build(site_root)
    assert result.returncode == 1
    assert "是文件而不是文件夹" in result.stderr and "blocker/site" in result.stderr
    assert "Traceback" not in result.stderr


# -- 4. the indexer ends with the build --------------------------------------------------------


def process_alive(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return False
    return fields[0] != "Z"


def fake_indexer(folder: Path) -> tuple[dict[str, str], Path, Path]:
    """An indexer that says when it runs, then never finishes: (environment, fifo, pid file)."""
    fifo, pid_file = folder / "ready", folder / "pagefind.pid"
    os.mkfifo(fifo)
    fake = folder / "bin" / "pagefind_extended"
    fake.parent.mkdir()
    fake.write_text(f"#!/bin/sh\necho $$ > {pid_file}\necho ready > {fifo}\nexec sleep 600\n")
    fake.chmod(0o755)
    return {**_env(), "PAGEFIND_BINARY_PATH": str(fake)}, fifo, pid_file


def stop_once_indexing(proc: subprocess.Popen[str], fifo: Path, pid_file: Path, signum: int) -> None:
    """Wait for the indexer to run, signal ``proc`` alone, and check the indexer ended with it."""
    drain = threading.Thread(target=proc.communicate, daemon=True)
    drain.start()
    with open(fifo, encoding="utf-8") as ready:  # opens once the indexer is running
        assert ready.read().strip() == "ready"
    pid = int(pid_file.read_text())
    try:
        proc.send_signal(signum)  # to the build only, as `kill PID` or a process manager does
        proc.wait(timeout=120)
        assert not process_alive(pid)
    finally:
        if process_alive(pid):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_stopping_a_build_ends_pagefind_and_keeps_the_site(tmp_path: Path, signum: int) -> None:
    site_root = make_portal(tmp_path / "portal", many_items(3), plugin_options={"search": False})
    first = build(site_root)
    assert first.returncode == 0, first.stderr
    before = snapshot(site_root / "site")
    config = site_root / "mkdocs.yml"
    config.write_text(config.read_text().replace("search: false", "search: true"))
    env, fifo, pid_file = fake_indexer(tmp_path)
    proc = start([sys.executable, "-m", "mkdocs", "build"], site_root, env)
    stop_once_indexing(proc, fifo, pid_file, signum)
    assert proc.returncode != 0
    assert snapshot(site_root / "site") == before  # not the half-built one
    assert not (site_root / "site.opengov-new").exists()


def test_stopping_serve_ends_its_background_indexer(tmp_path: Path) -> None:
    site_root = make_portal(tmp_path / "portal", many_items(2))
    env, fifo, pid_file = fake_indexer(tmp_path)
    with socket.socket() as probe:  # a free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"]
    proc = start(command, site_root, env)
    stop_once_indexing(proc, fifo, pid_file, signal.SIGTERM)
