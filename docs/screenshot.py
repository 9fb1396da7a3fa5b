"""Screenshots of kg's pages for the README, in headless Chromium, offline.

    .venv/bin/kg build ../shared/seeds -o out --format ttl,html,report
    .venv/bin/python docs/screenshot.py out/graph.html docs/graph-seeds.png --colour-by community
    .venv/bin/python docs/screenshot.py out/report.html docs/report-seeds.png --height 1500
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--colour-by", choices=("type", "community"),
                        help="graph.html: colour the nodes by type or by community first")
    parser.add_argument("--scroll-to", help="CSS selector to scroll into view first (report.html)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"),
                                             headless=True)
        context = browser.new_context(offline=True,
                                      viewport={"width": args.width, "height": args.height})
        page = context.new_page()
        page.goto(args.page.resolve().as_uri())
        page.wait_for_selector("body[data-ready='1']", timeout=60000)
        if args.colour_by:
            page.select_option("#colour-by", args.colour_by)
        if args.scroll_to:
            page.locator(args.scroll_to).scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        page.screenshot(path=str(args.png))
        browser.close()
    print(f"wrote {args.png}")


if __name__ == "__main__":
    main()
