"""The outputs README.md and docs/*.md print are what kg prints (docs/check_outputs.py)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest
from conftest import REPO

import kg

CHECKER = REPO / "docs" / "check_outputs.py"


def run_checker(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(CHECKER), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=1800,
    )


def checker_module():
    spec = importlib.util.spec_from_file_location("check_outputs", CHECKER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_the_docs_print_what_kg_prints_on_the_seeds(seeds_build, tmp_path):
    # The pages show a build with --formats ttl,html,report,csv; the suite's seeds build has
    # graph.nt too, which kg.load would read instead (and say so). The check sees the rest.
    out = tmp_path / "out"
    out.mkdir()
    for file in seeds_build[1].iterdir():
        if file.name not in ("graph.nt", "graph.jsonld"):
            (out / file.name).symlink_to(file)
    result = run_checker(out)
    assert result.returncode == 0, (
        "a page prints what kg no longer prints; if kg's output changed on purpose, run "
        "`python docs/check_outputs.py OUT --update` on a seeds build and review the diff\n"
        + result.stderr
    )
    assert " 0 stale or failing" in result.stdout


def test_every_output_marker_in_the_docs_has_its_block():
    checker = checker_module()
    outputs = [o for page in checker.default_files() for o in checker.find_outputs(page)]
    assert len(outputs) >= 25
    for output in outputs:
        where = f"{output.file.name}:{output.marker_line + 1}"
        assert output.block is not None, f"{where}: no fenced block after the marker"
        if output.source == "python":
            assert output.code is not None and output.code.info == "python", where
        else:
            assert output.source.split()[0] in ("kg", "cat"), where


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory):
    """The bundled sample, rules only: a small graph to check pages against."""
    out = tmp_path_factory.mktemp("sample_out")
    kg.build(out=out, formats="ttl", entity_model="none")
    return out


STALE_PAGE = """\
# A page

<!-- output: kg centrality out --top 2 -->
```console
$ kg centrality out --top 2
   label  type  score  papers
1  nothing  method 0.5  99
```

```python
import kg

graph = kg.load("out")
len(graph.papers)
```
<!-- output: python -->
```text
-1
```

<!-- output: kg centrality out --top 0 -->
```console
```

```sh
<!-- output: kg this is inside a code block, not a marker -->
```
"""


def test_the_checker_names_each_stale_block_with_a_diff_and_update_fixes_them(sample_out, tmp_path):
    page = tmp_path / "page.md"
    page.write_text(STALE_PAGE, "utf-8")

    result = run_checker(sample_out, page)
    assert result.returncode == 1
    assert f"{page}:3: stale output of `kg centrality out --top 2`" in result.stderr
    assert "-1  nothing  method 0.5  99" in result.stderr  # the diff: the page's line ...
    assert f"{page}:16: stale output of `python`" in result.stderr
    assert f"+{len(kg.load(sample_out).papers)}" in result.stderr  # ... and what prints now
    assert f"{page}:21: `kg centrality out --top 0` failed" in result.stderr
    assert "inside a code block" not in result.stderr
    assert "3 output blocks checked in 1 files: 3 stale or failing" in result.stdout

    updated = run_checker(sample_out, page, "--update")
    assert updated.returncode == 1  # the failing command still fails; the others are rewritten
    text = page.read_text("utf-8")
    assert "nothing  method" not in text
    assert f"```text\n{len(kg.load(sample_out).papers)}\n```" in text
    assert "<!-- output: kg this is inside a code block, not a marker -->" in text

    page.write_text(text.replace("--top 0 -->", "--top 1 -->"), "utf-8")
    assert run_checker(sample_out, page, "--update").returncode == 0
    again = run_checker(sample_out, page)
    assert again.returncode == 0, again.stderr
    assert "$ kg centrality out --top 1\n" in page.read_text("utf-8")
