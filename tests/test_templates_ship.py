"""The engine-free HTML templates (core/templates: compliance and annual report) ship with the
package: a build of it has every one, and the built copy renders from its own (issue 14)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = Path("opengov/core/templates")


def test_built_package_has_and_uses_its_templates(tmp_path: Path) -> None:
    src, lib = tmp_path / "src", tmp_path / "lib"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, src / name)
    shutil.copytree(
        REPO / "plugins", src / "plugins", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    build = [
        sys.executable,
        "-c",
        "from setuptools import setup; setup()",
        "-q",
        "build_py",
        "--build-lib",
        str(lib),
    ]
    subprocess.run(build, cwd=src, check=True, capture_output=True)

    def templates(root: Path) -> list[str]:
        return sorted(str(p.relative_to(root / TEMPLATES)) for p in (root / TEMPLATES).rglob("*.html"))

    assert templates(lib) == templates(REPO / "plugins")
    assert "compliance/fragment.html" in templates(lib) and "annual/report.html" in templates(lib)
    script = (
        "from opengov.core import templating; from opengov.core.compliance import html_document;"
        "print(templating.TEMPLATES); print(html_document('T', '<p>x</p>'))"
    )
    env = {**os.environ, "PYTHONPATH": str(lib)}
    out = subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True)
    first, page = out.stdout.split("\n", 1)
    assert Path(first) == lib / TEMPLATES
    assert "<title>T</title>" in page and "<p>x</p>\n</body>" in page
