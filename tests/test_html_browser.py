"""graph.html in a real headless Chromium (Debian's, driven by Playwright), offline.

The page is built through the CLI from the bundled sample plus a paper with a hostile
title; every request other than the file itself is refused, as it would be offline.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import run_kg

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HOSTILE_TITLE = "<img src=x onerror=\"document.title='PWNED'\"> Attention Tricks"


@pytest.fixture(scope="module")
def page_file(tmp_path_factory) -> Path:
    import kg

    folder = tmp_path_factory.mktemp("html")
    corpus = folder / "papers.jsonl"
    lines = [Path(p).read_text("utf-8") for p in kg.sample_inputs() if p.endswith(".jsonl")]
    hostile = {
        "title": HOSTILE_TITLE,
        "abstract": "We fine-tune BERT with the Transformer architecture on GLUE and SQuAD.",
        "urls": ["javascript:alert(1)", "https://example.org/code"],
    }
    corpus.write_text("".join(lines) + json.dumps(hostile) + "\n", "utf-8")
    result = run_kg(
        "build", str(corpus), "-o", str(folder / "out"), "--format", "html", "--no-progress"
    )
    assert result.returncode == 0, result.stderr
    return folder / "out" / "graph.html"


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make test` installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, page_file):
    """The page loaded from file:// with the network refused; console errors are collected."""
    context = browser.new_context(offline=True, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.errors = []
    page.requests = []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))

    def refuse_network(route):
        page.requests.append(route.request.url)
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", refuse_network)
    page.goto(page_file.as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=20000)
    yield page
    context.close()


def node_ids(page, kind=None) -> list[str]:
    return page.evaluate(
        "kind => kgNetwork.body.data.nodes.getIds({filter: n => !kind || n.kind === kind})", kind
    )


def test_page_loads_offline_without_errors_and_draws_every_node(page, page_file):
    assert page.errors == []
    assert [u for u in page.requests if not u.startswith("file://")] == []
    assert page.locator("#network canvas").count() == 1
    html = page_file.read_text("utf-8")
    expected = len(json.loads(html.split("new vis.DataSet(", 1)[1].split(");", 1)[0]))
    drawn = page.evaluate("Object.keys(kgNetwork.getPositions()).length")
    assert drawn == expected > 20
    page.screenshot(path=str(page_file.with_suffix(".png")))
    assert page_file.with_suffix(".png").stat().st_size > 10_000


def test_search_focuses_a_node_and_opens_its_panel(page):
    page.fill("#search", "transformer")
    page.press("#search", "Enter")
    selected = page.evaluate("kgNetwork.getSelectedNodes()")
    assert len(selected) == 1 and selected[0].startswith("method:")  # the one node-id scheme
    assert page.is_visible("#panel.open")
    assert "Transformer" in page.inner_text("#panel-body h1")


def test_type_filter_hides_that_type(page):
    assert node_ids(page, "method")
    page.uncheck(".type-filter[value='method']")
    assert node_ids(page, "method") == []
    assert node_ids(page, "dataset")  # other types stay
    page.check(".type-filter[value='method']")
    assert node_ids(page, "method")


def test_clicking_a_node_opens_the_panel_with_its_papers(page):
    target = page.evaluate("""() => {
        // The dataset node farthest from any other node, so the click cannot hit a neighbour.
        const pos = kgNetwork.getPositions();
        const gap = id => Math.min(...Object.keys(pos).filter(o => o !== id)
            .map(o => Math.hypot(pos[o].x - pos[id].x, pos[o].y - pos[id].y)));
        const id = kgNetwork.body.data.nodes.getIds({filter: n => n.kind === 'dataset'})
            .sort((a, b) => gap(b) - gap(a))[0];
        kgNetwork.moveTo({position: kgNetwork.getPositions([id])[id], scale: 1.5, animation: false});
        const p = kgNetwork.canvasToDOM(kgNetwork.getPositions([id])[id]);
        const box = document.querySelector('#network').getBoundingClientRect();
        return {id: id, x: box.left + p.x, y: box.top + p.y};
    }""")
    page.mouse.click(target["x"], target["y"])
    assert page.is_visible("#panel.open")
    assert page.locator("#panel-body li").count() >= 1  # its papers
    assert page.evaluate("kgNetwork.getSelectedNodes()") == [target["id"]]


def test_an_entity_panel_lists_its_reported_results_as_text(page):
    shown = page.evaluate("""() => {
        const ids = kgNetwork.body.data.nodes.getIds({filter: n => n.kind !== 'paper'});
        for (const id of ids) {
            kgShowPanel(id);
            const heads = [...document.querySelectorAll('#panel-body h2')].map(h => h.textContent);
            if (heads.includes('Reported results')) {
                return {id: id, text: document.querySelector('#panel-body').textContent,
                        strong: document.querySelectorAll('#panel-body strong').length};
            }
        }
        return null;
    }""")
    assert shown is not None  # the sample reports "seven times faster" on C4
    assert "seven times" in shown["text"] and shown["strong"] >= 1
    assert page.errors == []


def test_size_can_follow_pagerank_or_paper_count(page):
    sizes = (
        "kgNetwork.body.data.nodes.get().filter(n => n.kind !== 'paper')"
        ".map(n => [n.size, n.size_pagerank, n.size_papers])"
    )
    before = page.evaluate(sizes)
    assert [size for size, _, _ in before] == [rank for _, rank, _ in before]  # the default
    page.select_option("#size-by", "size_papers")
    after = page.evaluate(sizes)
    assert [size for size, _, _ in after] == [papers for _, _, papers in before]
    assert [papers for _, _, papers in before] != [rank for _, rank, _ in before]  # a change
    assert max(papers for _, _, papers in before) == 40  # the most cited entity: 8 + 32


def test_hostile_title_is_text_and_runs_nothing(page):
    page.fill("#search", "BERT")
    page.press("#search", "Enter")
    assert page.title() != "PWNED"
    panel = page.inner_text("#panel-body")
    assert "<img src=x" in panel  # shown as text
    assert page.locator("#panel-body img").count() == 0
    assert page.locator("#panel-body a[href^='javascript']").count() == 0
    assert page.title() != "PWNED" and page.errors == []


# --- the seeds: graph.html's map and report.html ------------------------------------------


def open_offline(browser, path: Path, viewport=(1400, 900)):
    """A page of ``path`` from file:// with the network refused; errors and requests kept."""
    context = browser.new_context(
        offline=True, viewport={"width": viewport[0], "height": viewport[1]}
    )
    page = context.new_page()
    page.errors, page.requests = [], []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))

    def refuse_network(route):
        page.requests.append(route.request.url)
        route.continue_() if route.request.url.startswith("file://") else route.abort()

    page.route("**/*", refuse_network)
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=30000)
    return context, page


# The label boxes vis-network drew (its own canvas text metrics), in screen pixels, for the
# labels inside the canvas; and how many of them overlap another.
LABEL_OVERLAP = """() => {
  const net = kgNetwork, scale = net.getScale();
  const canvas = document.querySelector('#network canvas');
  const boxes = [];
  for (const n of kgNodes.get()) {
    if (!n.label || !n.label.trim()) continue;
    const size = net.body.nodes[n.id].labelModule.size;
    const a = net.canvasToDOM({x: size.left, y: size.top});
    const b = net.canvasToDOM({x: size.left + size.width, y: size.top + size.height});
    if (b.x < 0 || a.x > canvas.clientWidth || b.y < 0 || a.y > canvas.clientHeight) continue;
    boxes.push([a.x, a.y, b.x, b.y]);
  }
  const hits = boxes.filter(p => boxes.some(q => q !== p && p[0] < q[2] && q[0] < p[2]
                                                 && p[1] < q[3] && q[1] < p[3])).length;
  return {drawn: boxes.length, overlapping: hits};
}"""


def test_seeds_map_labels_do_not_overlap_and_communities_recolour(browser, seeds_build):
    context, page = open_offline(browser, seeds_build[1] / "graph.html")
    try:
        first = page.evaluate(LABEL_OVERLAP)
        assert first["drawn"] >= 20
        assert first["overlapping"] < 0.05 * first["drawn"], first
        page.evaluate("kgNetwork.moveTo({scale: kgNetwork.getScale() * 3, animation: false})")
        page.evaluate("kgPlaceLabels()")  # as the zoom handler does on the next frame
        zoomed = page.evaluate(LABEL_OVERLAP)
        assert zoomed["overlapping"] < 0.05 * max(zoomed["drawn"], 1), zoomed

        colours = (
            "kgNodes.get().filter(n => n.kind !== 'paper')"
            ".map(n => [n.color, n.colour_type, n.colour_community])"
        )
        before = page.evaluate(colours)
        assert [shown for shown, _, _ in before] == [by_type for _, by_type, _ in before]
        page.select_option("#colour-by", "community")
        by_community = [shown for shown, _, _ in page.evaluate(colours)]
        assert by_community == [community for _, _, community in before]
        assert by_community != [by_type for _, by_type, _ in before]
        assert len(set(by_community)) >= 5  # several communities, each in its colour
        # picking a community in the legend fades every node outside it
        page.click(".community[data-community='0']")
        faded = page.evaluate(
            "kgNodes.get().filter(n => n.community !== 0).every(n => n.color === '#e6e6e6')"
        )
        members = page.evaluate("kgNodes.get().filter(n => n.community === 0).map(n => n.color)")
        assert faded and members and "#e6e6e6" not in members
        assert page.errors == [] and not [u for u in page.requests if not u.startswith("file://")]
    finally:
        context.close()


SPARQL_METHOD_DATASET_PAIRS = """
PREFIX kg: <https://w3id.org/kg-papers/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?method ?dataset (COUNT(DISTINCT ?paper) AS ?papers) WHERE {
  ?paper a kg:Paper ; ?namesMethod ?m ; ?namesDataset ?d .
  ?m a kg:Method ; skos:prefLabel ?method .
  ?d a kg:Dataset ; skos:prefLabel ?dataset .
  FILTER NOT EXISTS { ?m kg:generic true } FILTER NOT EXISTS { ?d kg:generic true }
} GROUP BY ?method ?dataset ORDER BY DESC(?papers) ?method ?dataset LIMIT 3
"""
# The same for papers that evaluate the method on the dataset by their roles (the default
# matrix also counts sentences stating "evaluatedOn", so its cells hold at least these).
SPARQL_EVALUATED_PAIRS = SPARQL_METHOD_DATASET_PAIRS.replace(
    "?namesMethod ?m ; ?namesDataset ?d",
    "kg:proposes|kg:uses|kg:comparesWith ?m ; kg:evaluatesOn ?d",
)


def test_seeds_report_renders_every_chart_offline(browser, seeds_build):
    import kg

    context, page = open_offline(browser, seeds_build[1] / "report.html", viewport=(1300, 900))
    try:
        charts = page.evaluate("""() => [...document.querySelectorAll('figure.chart')].map(f => {
            const svg = f.querySelector('svg'), box = svg.getBoundingClientRect();
            const data = [...svg.querySelectorAll('g.datum')];
            return {id: f.id, expected: Number(f.dataset.points), width: box.width, height: box.height,
                    points: data.length,
                    drawn: data.filter(g => { const b = g.getBBox(); return b.width > 0 || b.height > 0; }).length,
                    titled: data.filter(g => g.querySelector('title')).length};
        })""")
        ids = {c["id"] for c in charts}
        assert {
            "chart-papers-over-time",
            "chart-top-method",
            "chart-trend-method",
            "chart-matrix-method-dataset",
            "chart-matrix-method-dataset-cooccurrence",
            "chart-community-sizes",
        } <= ids, ids
        for chart in charts:
            assert chart["width"] > 100 and chart["height"] > 50, chart
            assert chart["points"] == chart["expected"] > 0, chart
            assert chart["drawn"] == chart["points"] == chart["titled"], chart
        assert page.errors == []
        assert [u for u in page.requests if not u.startswith("file://")] == []

        rising = page.evaluate("""() => [...document.querySelectorAll('#table-rising tbody tr')]
            .map(tr => [...tr.cells].map(td => td.textContent))""")
        assert rising  # the seeds have 46 dated papers: a few entities rise, each row checked below
        for label, _type, _earlier, later, change, p_value in rising:
            assert int(later) >= 1 and float(change) > 0 and 0 <= float(p_value) <= 1 and label

        # the three method-dataset pairs most papers share, by SPARQL, are cells of the
        # co-occurrence matrix; those most papers evaluate, cells of the evaluation matrix
        graph = kg.load(seeds_build[1])
        for chart, query, exact in (
            ("chart-matrix-method-dataset-cooccurrence", SPARQL_METHOD_DATASET_PAIRS, True),
            ("chart-matrix-method-dataset", SPARQL_EVALUATED_PAIRS, False),
        ):
            pairs = graph.query(query)
            assert len(pairs) == 3
            matrix = page.evaluate(
                """(chart) => {
                const table = document.querySelector('#' + chart + ' details table');
                const head = [...table.querySelectorAll('thead th')].map(th => th.textContent);
                const cells = {};
                for (const tr of table.querySelectorAll('tbody tr')) {
                    const row = [...tr.cells].map(td => td.textContent);
                    head.slice(1).forEach((column, i) => { cells[row[0] + '|' + column] = Number(row[i + 1]); });
                }
                return cells;
            }""",
                chart,
            )
            tips = page.evaluate(
                """(chart) => [...document.querySelectorAll('#' + chart + ' g.datum title')]
                .map(t => t.textContent)""",
                chart,
            )
            drawn = [row for row in pairs if f"{row['method']}|{row['dataset']}" in matrix]
            # the co-occurrence matrix draws the pairs most papers share; the evaluation one
            # ranks its rows by evaluations, stated ones too, so it draws some of these
            assert len(drawn) == 3 if exact else drawn, (chart, [dict(r) for r in pairs])
            for row in drawn:
                method, dataset, papers = row["method"], row["dataset"], int(row["papers"])
                cell = matrix[f"{method}|{dataset}"]
                assert cell == papers if exact else cell >= papers, (
                    chart,
                    method,
                    dataset,
                    cell,
                    papers,
                )
                assert any(t.startswith(f"{method} \u00d7 {dataset}: {cell} papers") for t in tips)
    finally:
        context.close()
