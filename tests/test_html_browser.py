"""graph.html in a real headless Chromium (Debian's, driven by Playwright), offline.

The page is built through the CLI from the bundled sample plus a paper with a hostile
title; every request other than the file itself is refused, as it would be offline.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import run_kg

import kg

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HOSTILE_TITLE = "<img src=x onerror=\"document.title='PWNED'\"> Attention Tricks"


@pytest.fixture(scope="module")
def page_file(tmp_path_factory) -> Path:

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
        "build", str(corpus), "-o", str(folder / "out"), "--formats", "html", "--no-progress"
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
    """Ids of the nodes drawn (of ``kind``): vis-network draws those of ``nodeIndices``."""
    return page.evaluate(
        "kind => kgNetwork.body.nodeIndices.filter(id => !kind || kgNodes.get(id).kind === kind)",
        kind,
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


def test_labels_go_to_specific_names_before_plain_phrases_of_their_size(page):
    ranks = page.evaluate(
        "kgNetwork.body.data.nodes.get().filter(n => n.kind !== 'paper')"
        ".map(n => [n.size_pagerank, n.label_rank])"
    )
    assert all(0.5 * size - 0.01 <= rank <= size + 0.01 for size, rank in ranks)
    assert any(rank < size - 0.01 for size, rank in ranks)  # some name says less than others


def test_hostile_title_is_text_and_runs_nothing(page):
    page.fill("#search", "BERT")
    page.press("#search", "Enter")
    assert page.title() != "PWNED"
    panel = page.inner_text("#panel-body")
    assert "<img src=x" in panel  # shown as text
    assert page.locator("#panel-body img").count() == 0
    assert page.locator("#panel-body a[href^='javascript']").count() == 0
    assert page.title() != "PWNED" and page.errors == []


def offline(page) -> bool:
    """Whether the page asked for nothing but its own file."""
    return not [u for u in page.requests if not u.startswith("file://")]


def community_legend(page) -> list[tuple[int, str]]:
    return [
        (int(number), name)
        for number, name in page.evaluate("""() => [...document.querySelectorAll(
            '#communities .community[data-community]')].map(a => [a.dataset.community,
            a.querySelector('.community-name').textContent])""")
    ]


def test_first_view_is_coloured_by_community_with_a_named_legend(page):
    assert page.input_value("#colour-by") == "community"
    drawn = page.evaluate("""() => kgNodes.get().filter(n => n.kind !== 'paper').map(n =>
        ({colour: n.color, community: n.community, want: n.colour_community,
          label: kgFullLabel[n.id]}))""")
    assert all(n["colour"] == n["want"] for n in drawn)
    legend = community_legend(page)
    assert legend
    for number, name in legend:  # named by labels of its own members, one to three of them
        parts = name.split(" \u00b7 ")
        members = {n["label"] for n in drawn if n["community"] == number}
        assert 1 <= len(parts) <= 3 and set(parts) <= members, (name, members)
    assert len({name for _, name in legend}) == len(legend)
    assert page.errors == [] and offline(page)


def test_a_paper_panel_shows_the_abstract_with_its_mentions_marked_by_type(page):
    paper = page.evaluate("""() => {
        const id = Object.keys(kgPanelData.papers).find(id =>
            kgPanelData.papers[id].authors.length && kgPanelData.papers[id].year);
        kgShowPanel(id);
        const p = document.querySelector('#panel-body .abstract');
        return {id: id, text: p.textContent, html: p.innerHTML,
                marks: [...p.querySelectorAll('mark')].map(m => [m.className, m.textContent]),
                date: document.querySelector('#panel-body .date').textContent,
                authors: (document.querySelector('#panel-body .authors') || {}).textContent};
    }""")
    assert page.is_visible("#panel.open")
    assert len(paper["text"]) > 100 and len(paper["marks"]) >= 2
    types = {"t-method", "t-dataset", "t-task", "t-metric", "t-concept"}
    assert {cls for cls, _ in paper["marks"]} <= types
    assert all(text and text in paper["text"] for _, text in paper["marks"])
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", paper["date"]), paper["date"]
    assert paper["authors"]  # the sample's papers list their authors


def test_the_hostile_papers_abstract_is_marked_as_text(page):
    page.fill("#search", "BERT")
    page.press("#search", "Enter")
    hostile = page.evaluate(
        """(title) => Object.keys(kgNodes.get().reduce((a, n) => (a[n.id] = 1, a), {}))
            .find(id => id.startsWith('paper:') && kgNodes.get(id).title === title)""",
        HOSTILE_TITLE,
    )
    page.evaluate("id => kgShowPanel(id)", hostile)
    marks = page.eval_on_selector_all(
        "#panel-body .abstract mark", "ms => ms.map(m => m.textContent)"
    )
    assert {"BERT", "GLUE", "SQuAD"} <= set(marks)
    assert page.locator("#panel-body img").count() == 0 and page.title() != "PWNED"
    assert "<img src=x" in page.inner_text("#panel-body h1")


def test_an_entity_panel_lists_what_it_meets_its_papers_and_evidence(page):
    shown = page.evaluate("""() => {
        const methods = kgNodes.get({filter: n => n.kind === 'method'})
            .sort((a, b) => b.paper_count - a.paper_count);
        kgShowPanel(methods[0].id);
        const groups = [...document.querySelectorAll('#panel-body .meets-group')].map(g => ({
            type: g.dataset.type, basis: g.dataset.basis,
            counts: [...g.querySelectorAll(':scope > ul .count')].map(c => c.textContent.trim())}));
        return {groups: groups,
                papers: document.querySelectorAll('#panel-body ul.papers > li').length,
                evidence: [...document.querySelectorAll('#evidence .evidence')].map(e => ({
                    sentence: e.querySelector('.sentence').textContent,
                    marked: e.querySelectorAll('.sentence mark').length,
                    title: e.querySelector('.source a').textContent}))};
    }""")
    assert shown["groups"] and shown["papers"] >= 2
    for group in shown["groups"]:
        assert group["basis"] in ("typed", "cooccurrence") and group["counts"]
        numbers = [int(c.split()[0]) for c in group["counts"]]
        assert all(n >= 1 for n in numbers) and numbers == sorted(numbers, reverse=True)
    assert shown["evidence"]
    titles = set(page.evaluate("Object.values(kgNodes.get()).map(n => n.title)"))
    for row in shown["evidence"]:
        assert row["marked"] >= 1 and row["title"] in titles
    assert page.errors == []


def drawn_ids(page) -> set[str]:
    return set(node_ids(page))


def slide(page, selector: str, value: int) -> None:
    page.evaluate(
        """([selector, value]) => { const s = document.querySelector(selector);
            s.value = String(value); s.dispatchEvent(new Event('input'));
            s.dispatchEvent(new Event('change')); }""",
        [selector, value],
    )


def test_year_filter_slider_and_focus_view_change_what_is_drawn(page):
    everything = drawn_ids(page)
    assert page.is_visible("#year-filter")  # the sample's papers are dated
    last = int(page.get_attribute("#year-to", "max"))
    slide(page, "#year-from", last)  # the last year only
    year = int(page.inner_text("#year-readout"))
    late = drawn_ids(page)
    assert late and late < everything
    years = page.evaluate(
        "ids => ids.filter(id => id.startsWith('paper:')).map(id => kgNodes.get(id).year)",
        sorted(late),
    )
    assert years and set(years) == {year}
    slide(page, "#year-from", 0)
    assert drawn_ids(page) == everything

    top = int(page.get_attribute("#min-papers", "max"))
    slide(page, "#min-papers", top)
    least = int(page.inner_text("#min-papers-readout"))
    assert page.inner_text("#min-papers-noun") == "papers"  # the noun agrees with the count
    few = drawn_ids(page)
    assert few and few < everything
    counts = page.evaluate(
        "ids => ids.filter(id => !id.startsWith('paper:')).map(id => kgNodes.get(id).paper_count)",
        sorted(few),
    )
    assert counts and min(counts) >= least > 1
    hidden = page.evaluate(
        "ids => kgFullLabel[Object.keys(kgFullLabel).find(id => !ids.includes(id))]", sorted(few)
    )
    page.fill("#search", hidden)
    page.press("#search", "Enter")  # found, its panel opened, and said to be filtered out
    assert "hidden by the filters" in page.inner_text("#search-result")
    assert page.inner_text("#panel-body h1") == hidden
    slide(page, "#min-papers", 0)
    assert drawn_ids(page) == everything
    assert page.inner_text("#min-papers-noun") == "paper"

    hub = page.evaluate("""() => kgNodes.get({filter: n => n.kind === 'method'})
        .sort((a, b) => b.paper_count - a.paper_count)[0].id""")
    page.evaluate("id => kgShowPanel(id)", hub)
    page.click("#focus-entity")
    focused = drawn_ids(page)
    assert hub in focused and focused < everything
    assert page.is_visible("#focus-bar")
    papers = {i for i in focused if i.startswith("paper:")}
    linked = set(
        page.evaluate(
            "id => kgNetwork.body.data.edges.get().filter(e => e.to === id).map(e => e.from)", hub
        )
    )
    assert papers == linked  # the papers naming it, and no other
    page.click("#focus-back")
    assert drawn_ids(page) == everything and not page.is_visible("#focus-bar")
    assert page.errors == [] and offline(page)


def test_the_view_saves_as_png_and_svg(page, tmp_path):
    import xml.etree.ElementTree as ET

    with page.expect_download() as png:
        page.click("#save-png")
    png.value.save_as(tmp_path / "view.png")
    data = (tmp_path / "view.png").read_bytes()
    assert png.value.suggested_filename == "kg-map.png"
    assert data.startswith(b"\x89PNG") and len(data) > 10_000
    with page.expect_download() as svg:
        page.click("#save-svg")
    svg.value.save_as(tmp_path / "view.svg")
    assert svg.value.suggested_filename == "kg-map.svg"
    root = ET.parse(tmp_path / "view.svg").getroot()
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == ns + "svg"
    circles = root.findall(f".//{ns}circle")
    assert len(circles) >= 20 and root.findall(f".//{ns}line") and root.findall(f".//{ns}text")
    assert page.errors == [] and offline(page)


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
  const named = kgNodes.get().filter(n => n.kind !== 'paper' && n.label && n.label.trim());
  return {drawn: boxes.length, overlapping: hits,
          fewestPapers: Math.min(...named.map(n => n.paper_count)),
          plainNamed: named.filter(n => n.plain).map(n => n.label),
          plainOfThreePapers: kgNodes.get().filter(n => n.plain && n.paper_count >= 3).length};
}"""


# Resolves true once the map has checked the label boxes it drew (a frame after they are
# placed), false if it has not after 600 frames (about ten seconds).
LABELS_SETTLED = """() => new Promise(done => {
  let frames = 0;
  const check = () => (window.kgLabelsSettled ? done(true)
                       : ++frames > 600 ? done(false) : requestAnimationFrame(check));
  check();
})"""


def test_seeds_map_labels_do_not_overlap_and_communities_recolour(browser, seeds_build):
    context, page = open_offline(browser, seeds_build[1] / "graph.html")
    try:
        # the boxes are read once the frame that draws the placed labels is checked: before
        # it, vis-network's boxes are those of the last frame, at the old zoom
        assert page.evaluate(LABELS_SETTLED)
        first = page.evaluate(LABEL_OVERLAP)
        assert first["drawn"] >= 15
        assert first["overlapping"] == 0, first
        # the first view names entities of three papers or more: those of one or two would
        # take the free space at the map's edges
        assert first["fewestPapers"] >= 3, first
        # nor a plain word, the likeliest to hold two senses (the map holds some it could name)
        assert first["plainNamed"] == [] and first["plainOfThreePapers"] > 0, first
        page.evaluate("kgNetwork.moveTo({scale: kgNetwork.getScale() * 3, animation: false})")
        page.evaluate("kgPlaceLabels()")  # as the zoom handler does on the next frame
        assert page.evaluate(LABELS_SETTLED)
        zoomed = page.evaluate(LABEL_OVERLAP)
        assert zoomed["drawn"] >= 10 and zoomed["overlapping"] == 0, zoomed
        page.evaluate("kgNetwork.moveTo({scale: kgNetwork.getScale() * 4, animation: false})")
        page.evaluate("kgPlaceLabels()")
        assert page.evaluate(LABELS_SETTLED)
        assert page.evaluate(LABEL_OVERLAP)["fewestPapers"] < 3  # zoomed in, smaller ones named

        colours = "kgNodes.get().filter(n => n.kind !== 'paper').map(n => n.color)"
        by_community = page.evaluate(colours)  # the first view
        page.select_option("#colour-by", "type")
        by_type = page.evaluate(colours)
        assert by_community != by_type
        page.select_option("#colour-by", "community")
        assert page.evaluate(colours) == by_community
        assert len(set(by_community)) >= 5  # several communities, each in its colour
        # picking a community in the legend fades every node outside it
        page.click(".community[data-community='0']")
        faded = page.evaluate(
            "kgNodes.get().filter(n => n.community !== 0).every(n => n.color === '#e6e6e6')"
        )
        members = page.evaluate("kgNodes.get().filter(n => n.community === 0).map(n => n.color)")
        assert faded and members and "#e6e6e6" not in members
        legend = community_legend(page)
        assert len(legend) >= 5 and all(" \u00b7 " in name for _, name in legend)
        assert page.errors == [] and not [u for u in page.requests if not u.startswith("file://")]
    finally:
        context.close()


# A point inside the node's disc where vis-network finds that node (not a paper drawn over
# it), in page coordinates, after zooming to it; null when there is none.
CLICK_POINT = """(id) => {
  const at = kgNetwork.getPositions([id])[id];
  kgNetwork.moveTo({position: at, scale: 2, animation: false});
  const c = kgNetwork.canvasToDOM(at), r = kgNodes.get(id).size * kgNetwork.getScale();
  const box = document.querySelector('#network').getBoundingClientRect();
  for (let k = 0; k < 400; k++) {
    const angle = k * 2.39996, distance = 0.9 * r * Math.sqrt(k / 400);
    const p = {x: c.x + distance * Math.cos(angle), y: c.y + distance * Math.sin(angle)};
    if (kgNetwork.getNodeAt(p) === id) return {x: box.left + p.x, y: box.top + p.y};
  }
  return null;
}"""


def expected_panel(graph, key: str, drawn: set[str]):
    """What the entity panel of ``key`` should list, from the graph itself: the datasets it
    meets ({label: papers}, by typed relation where there is one, else by co-occurrence)
    and its distinct evidence sentences, over the papers drawn on the map."""
    from collections import defaultdict

    from kg.export.html import RELATION_PHRASES, TYPED_ROLES

    role = {(r.subject, r.object): r.predicate for r in graph.relations if r.subject in drawn}
    named = defaultdict(set)
    for paper, entity in role:
        named[paper].add(entity)
    typed, together = defaultdict(set), defaultdict(set)
    for paper in drawn:
        if key not in named[paper]:
            continue
        for other in named[paper] - {key}:
            entity = graph.entities[other]
            if entity.type != "dataset" or entity.generic:
                continue
            together[other].add(paper)
            if role[paper, key] in TYPED_ROLES and role[paper, other] in TYPED_ROLES:
                typed[other].add(paper)
    for r in graph.entity_relations:
        if r.predicate in RELATION_PHRASES and key in (r.subject, r.object):
            other = r.object if r.subject == key else r.subject
            entity = graph.entities[other]
            if other != key and entity.type == "dataset" and not entity.generic:
                stating = {graph.mentions[i].paper_key for i in r.evidence} & drawn
                if stating:
                    typed[other] |= stating
    chosen = typed or together
    datasets = {graph.entities[k].label: len(p) for k, p in chosen.items()}
    sentences = set()
    for item in graph.mentions:
        if item.entity_key == key and item.paper_key in drawn:
            m, text = item.mention, graph.papers[item.paper_key].text_of(item.mention.field)
            sentence = (
                text[m.sentence_start : m.sentence_end]
                if m.sentence_end > m.sentence_start
                else text
            )
            sentences.add(" ".join(sentence.split()).lower())
    return ("typed" if typed else "cooccurrence"), datasets, sentences


def test_seeds_clicking_a_well_connected_method_shows_its_datasets_and_all_evidence(
    browser, seeds_build
):
    import kg

    graph = kg.load(seeds_build[1])
    context, page = open_offline(browser, seeds_build[1] / "graph.html")
    try:
        drawn = {i.removeprefix("paper:") for i in page.evaluate("Object.keys(kgPanelData.papers)")}
        methods = page.evaluate("""() => kgNodes.get({filter: n => n.kind === 'method'})
            .sort((a, b) => b.paper_count - a.paper_count || (a.id < b.id ? -1 : 1))
            .map(n => n.id)""")
        for node in methods:  # the best-connected method meeting a dataset in 5+ sentences
            key = node.split(":", 1)[1]
            basis, datasets, sentences = expected_panel(graph, key, drawn)
            if datasets and len(sentences) >= 5:
                break
        else:
            pytest.fail("no drawn method meets a dataset in five sentences")
        point = page.evaluate(CLICK_POINT, node)
        assert point is not None
        page.mouse.click(point["x"], point["y"])
        assert page.evaluate("kgNetwork.getSelectedNodes()") == [node]
        assert page.inner_text("#panel-body h1") == graph.entities[key].label

        group = page.locator("#panel-body .meets-group[data-type='dataset']")
        assert group.get_attribute("data-basis") == basis
        shown = page.evaluate("""() => [...document.querySelectorAll(
            "#panel-body .meets-group[data-type='dataset'] li")].map(li => [
            li.firstChild.textContent, Number(li.querySelector('.count').textContent.split(' ')[1])])""")
        assert dict(shown) == datasets
        assert len(shown) == len(datasets)

        heading = page.locator("#panel-body h2", has_text="Evidence").text_content()
        assert f"({len(sentences)} sentences)" in heading
        assert page.locator("#evidence .evidence").count() == 5  # the first few
        page.click("#evidence details summary")  # the rest, drawn when opened
        page.wait_for_function(
            "n => document.querySelectorAll('#evidence .evidence').length >= n", arg=len(sentences)
        )
        rows = page.evaluate("""() => [...document.querySelectorAll('#evidence .evidence')].map(e => ({
            sentence: e.querySelector('.sentence').textContent,
            marked: e.querySelectorAll('.sentence mark').length,
            title: e.querySelector('.source a').textContent}))""")
        assert len(rows) == len(sentences) >= 5
        assert {" ".join(r["sentence"].split()).lower() for r in rows} == sentences
        titles = {graph.papers[k].title for k in drawn}
        assert all(r["marked"] >= 1 and r["title"] in titles for r in rows)
        assert page.errors == [] and not [u for u in page.requests if not u.startswith("file://")]
    finally:
        context.close()


def test_seeds_year_less_dates_show_day_and_month(browser, seeds_build):
    context, page = open_offline(browser, seeds_build[1] / "graph.html")
    try:
        shown = page.evaluate("""() => Object.keys(kgPanelData.papers)
            .filter(id => kgPanelData.papers[id].date && !kgPanelData.papers[id].year)
            .map(id => { kgShowPanel(id); return document.querySelector('#panel-body .date').textContent; })""")
        assert shown  # the seeds' pages print "Jun 26" without a year
        assert all(
            re.fullmatch(
                r"\d{1,2} (January|February|March|April|May|June|July|August|"
                r"September|October|November|December)",
                d,
            )
            for d in shown
        ), shown
        assert page.errors == []
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
# The same for papers that evaluate the method on the dataset by their roles: they propose
# or compare with it, or use it and propose no method (the default matrix also counts
# sentences stating "evaluatedOn", so its cells hold at least these).
SPARQL_EVALUATED_PAIRS = SPARQL_METHOD_DATASET_PAIRS.replace(
    "?paper a kg:Paper ; ?namesMethod ?m ; ?namesDataset ?d .",
    """?paper a kg:Paper ; kg:evaluatesOn ?d .
  { ?paper kg:proposes|kg:comparesWith ?m }
  UNION
  { ?paper kg:uses ?m . FILTER NOT EXISTS { ?paper kg:proposes ?own . ?own a kg:Method } }""",
)


def test_seeds_report_renders_every_chart_offline(browser, seeds_build):

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
            pairs = kg.sparql(graph, query)
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
                said = f"{method} \u00d7 {dataset}: {cell} paper{'' if cell == 1 else 's'}"
                assert any(t.startswith(said) for t in tips)
    finally:
        context.close()
