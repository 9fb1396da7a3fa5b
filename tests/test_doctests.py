"""The Examples sections of the public API's docstrings run, as written, on the sample."""

from __future__ import annotations

import doctest
import importlib

import pytest

import kg

# every module that defines something ``kg/__init__.py`` exports, or a function it documents
MODULES = sorted(
    {
        getattr(kg, name).__module__
        for name in kg.__all__
        if hasattr(getattr(kg, name), "__module__") and not name.startswith("__")
    }
    | {"kg.analysis", "kg.query", "kg.notebook", "kg.progress", "kg.views"}
)


def test_the_public_api_is_documented_in_numpydoc_form():
    """Every exported function and class has a docstring; functions with parameters list
    them under Parameters (numpydoc), and say what they return."""
    import inspect

    undocumented, without_sections = [], []
    for name in kg.__all__:
        if name.startswith("__"):
            continue
        item = getattr(kg, name)
        doc = inspect.getdoc(item) or ""
        if not doc:
            undocumented.append(name)
        elif inspect.isfunction(item):
            has_parameters = any(
                p.name != "self" for p in inspect.signature(item).parameters.values()
            )
            if has_parameters and "Parameters\n----------" not in doc:
                without_sections.append(name)
    assert not undocumented
    assert not without_sections


@pytest.mark.parametrize("module_name", MODULES)
def test_docstring_examples_run(module_name, tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)  # an example that writes files writes them here
    module = importlib.import_module(module_name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    for test in finder.find(module, module_name, extraglobs={"kg": kg}):
        runner.run(test)
    results = runner.summarize(verbose=False)
    assert results.attempted > 0, f"{module_name} has no examples"
    assert results.failed == 0, f"{results.failed} of {results.attempted} examples failed"
