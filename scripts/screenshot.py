"""Screenshot pages of a built site at desktop and phone widths (Debian Chromium, headless).

    python scripts/screenshot.py site/ out/ / /fiscal/ /catalog/

Writes ``out/<name>-1280.png`` and ``out/<name>-390.png`` for each path.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

from opengov.browser import CHROMIUM, CHROMIUM_ARGS, serve


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--full", action="store_true", help="whole page, not just the first screen")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    server, base = serve(args.site)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width, height in ((1280, 900), (390, 844)):
            page = browser.new_page(viewport={"width": width, "height": height})
            for path in args.paths:
                page.goto(base + path, wait_until="networkidle")
                name = path.strip("/").replace("/", "_") or "home"
                target = args.out / f"{name}-{width}.png"
                page.screenshot(path=str(target), full_page=args.full)
                print(target)
            page.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
