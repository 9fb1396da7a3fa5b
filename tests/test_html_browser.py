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
    hostile = {"title": HOSTILE_TITLE,
               "abstract": "We fine-tune BERT with the Transformer architecture on GLUE and SQuAD.",
               "urls": ["javascript:alert(1)", "https://example.org/code"]}
    corpus.write_text("".join(lines) + json.dumps(hostile) + "\n", "utf-8")
    result = run_kg("build", str(corpus), "-o", str(folder / "out"), "--format", "html", "--no-progress")
    assert result.returncode == 0, result.stderr
    return folder / "out" / "graph.html"


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make test` installs Debian's chromium package")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=["--no-sandbox", "--disable-gpu"])
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
    return page.evaluate("kind => kgNetwork.body.data.nodes.getIds({filter: n => !kind || n.kind === kind})",
                         kind)


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


def test_size_can_follow_pagerank_or_paper_count(page):
    sizes = "kgNetwork.body.data.nodes.get().filter(n => n.kind !== 'paper').map(n => n.size)"
    by_rank = page.evaluate(sizes)
    page.select_option("#size-by", "size_papers")
    assert page.evaluate(sizes) != by_rank


def test_hostile_title_is_text_and_runs_nothing(page):
    page.fill("#search", "BERT")
    page.press("#search", "Enter")
    assert page.title() != "PWNED"
    panel = page.inner_text("#panel-body")
    assert "<img src=x" in panel  # shown as text
    assert page.locator("#panel-body img").count() == 0
    assert page.locator("#panel-body a[href^='javascript']").count() == 0
    assert page.title() != "PWNED" and page.errors == []
