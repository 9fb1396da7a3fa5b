"""List the entities whose labels the map's first view draws, with their evidence, for judging.

    python benchmarks/judged/list_map_labels.py ../shared/seeds -o map-listing.md
    python benchmarks/judged/list_map_labels.py --score benchmarks/judged/map1.tsv

The map (graph.html) opens on its most central entities and draws a label only where it
fits, so the names a user reads first are a few dozen: this builds the graph, writes its
map to a temporary folder, opens it in Debian's headless Chromium offline (as the tests
do) and lists the entities whose labels are drawn inside the canvas of a 1200 x 760
window, biggest first, in the format of ``list_top.py`` (so a judge's TSV is scored the
same way, with the same verdicts).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from judging import listing_parser, run_listing
from list_top import evidence, score

CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 1200, "height": 760}
# The labels drawn inside the canvas: node id, label and type, biggest node first.
DRAWN_LABELS = """() => {
  const net = kgNetwork;
  const canvas = document.querySelector('#network canvas');
  const drawn = [];
  for (const n of kgNodes.get()) {
    if (n.kind === 'paper' || !n.label || !n.label.trim()) continue;
    const size = net.body.nodes[n.id].labelModule.size;
    const a = net.canvasToDOM({x: size.left, y: size.top});
    const b = net.canvasToDOM({x: size.left + size.width, y: size.top + size.height});
    if (b.x < 0 || a.x > canvas.clientWidth || b.y < 0 || a.y > canvas.clientHeight) continue;
    drawn.push([n.id, n.label, n.kind, n.size]);
  }
  return drawn.sort((p, q) => q[3] - p[3]);
}"""


def drawn_labels(html: Path) -> list[tuple[str, str, str]]:
    """(node id, label, type) of the labels the first view of ``html`` draws."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_context(viewport=VIEWPORT).new_page()
            page.route(
                "**/*",
                lambda route: (
                    route.continue_() if route.request.url.startswith("file://") else route.abort()
                ),
            )
            page.goto(html.resolve().as_uri())
            page.wait_for_selector("body[data-ready='1']", timeout=60000)
            return [(node, label, kind) for node, label, kind, _ in page.evaluate(DRAWN_LABELS)]
        finally:
            browser.close()


def write_listing(graph, limit: int, out) -> None:
    from kg.export.html import write_html

    with tempfile.TemporaryDirectory() as folder:
        drawn = drawn_labels(write_html(graph, Path(folder) / "graph.html"))
    key_of = {graph.node_id(key): key for key in graph.entities}
    print("# Entities whose labels the map's first view draws, biggest first\n", file=out)
    for rank, (node, _, kind) in enumerate(drawn, 1):
        entity = graph.entities[key_of[node]]
        print(f"### {kind} {rank}. {entity.label} ({entity.paper_count} papers)\n", file=out)
        if entity.aliases:
            print(f"aliases: {', '.join(entity.aliases[:10])}\n", file=out)
        for sentence in evidence(graph, entity.key, limit):
            print(f"- {sentence}", file=out)
        print(file=out)


def main(argv: list[str] | None = None) -> int:
    parser = listing_parser(__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sentences", type=int, default=4, help="evidence sentences each (default 4)"
    )
    args = parser.parse_args(argv)
    return run_listing(
        parser, args, score, lambda graph, out: write_listing(graph, args.sentences, out)
    )


if __name__ == "__main__":
    sys.exit(main())
