"""Screenshots of kg's pages for the README, in headless Chromium, offline.

    .venv/bin/kg build ../shared/seeds -o out --formats ttl,html,report
    .venv/bin/python docs/screenshot.py out/graph.html docs/map-seeds.png
    .venv/bin/python docs/screenshot.py out/report.html docs/report-seeds.png --scroll-to '#top-entities'

Debian's Chromium (/usr/bin/chromium, as in the tests) draws the page from file:// with
the network refused; the PNG is reduced to a palette of --colours colours to stay small.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=760)
    parser.add_argument(
        "--colour-by",
        choices=("type", "community"),
        help="graph.html: colour the nodes by type or by community (default: as the page opens)",
    )
    parser.add_argument("--scroll-to", help="CSS selector to scroll to the top first (report.html)")
    parser.add_argument(
        "--colours", type=int, default=128, help="palette size of the PNG (default: %(default)s)"
    )
    args = parser.parse_args()

    from PIL import Image
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(
            offline=True, viewport={"width": args.width, "height": args.height}
        )
        page = context.new_page()
        page.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith("file://") else route.abort()
            ),
        )
        page.goto(args.page.resolve().as_uri())
        page.wait_for_selector("body[data-ready='1']", timeout=60000)
        if args.colour_by:
            page.select_option("#colour-by", args.colour_by)
        if args.scroll_to:
            page.eval_on_selector(args.scroll_to, "e => e.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(500)
        page.screenshot(path=str(args.png))
        browser.close()
    image = Image.open(args.png).convert("RGB")
    image.quantize(colors=args.colours, method=Image.Quantize.MEDIANCUT).save(
        args.png, optimize=True
    )
    print(f"wrote {args.png} ({args.png.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
