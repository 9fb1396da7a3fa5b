"""Benchmark graph.html on a large graph: time to the first stable frame in headless Chromium.

    kg build ../shared/seeds -o out --format nt
    python benchmarks/bench_html.py out --nodes 5000

Writes the page with the 5,000 most central entities (plus their papers), opens it from
file:// in Debian's Chromium with the network refused, and reports the time from
navigation start to the first drawn frame (physics is off and the layout precomputed, so
the first frame is the stable one), the page size, and the time Python took to write it.
Results are printed and appended to benchmarks/results/html.jsonl (git-ignored).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from recording import record_result

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("graph", help="output folder or RDF file of kg build")
    parser.add_argument("--nodes", type=int, default=5000, help="entity nodes to draw")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from playwright.sync_api import sync_playwright

    import kg
    from kg.export.html import write_html

    graph = kg.load(args.graph)
    with tempfile.TemporaryDirectory() as tmp:
        page_path = Path(tmp) / "graph.html"
        started = time.perf_counter()
        write_html(graph, page_path, top=args.nodes)
        write_seconds = time.perf_counter() - started
        timings, drawn = [], 0
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"]
            )
            for _ in range(args.runs):
                context = browser.new_context(offline=True, viewport={"width": 1400, "height": 900})
                page = context.new_page()
                page.route(
                    "**/*",
                    lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort(),
                )
                page.goto(page_path.as_uri())
                page.wait_for_selector("body[data-ready='1']", timeout=60000)
                timings.append(page.evaluate("window.kgFirstFrame") / 1000)
                drawn = page.evaluate("Object.keys(kgNetwork.getPositions()).length")
                context.close()
            browser.close()
        record_result(
            "html",
            {
                "entities": args.nodes,
                "nodes_drawn": drawn,
                "page_bytes": page_path.stat().st_size,
                "first_frame_seconds": [round(t, 2) for t in timings],
                "first_frame_median": round(sorted(timings)[len(timings) // 2], 2),
                "write_seconds": round(write_seconds, 1),
            },
        )


if __name__ == "__main__":
    main()
