"""Check, or rewrite, every printed output in README.md and docs/*.md against a built graph.

    .venv/bin/kg build ../shared/seeds -o out --formats ttl,html,report,csv
    .venv/bin/python docs/check_outputs.py out             # exit 1 naming each stale block
    .venv/bin/python docs/check_outputs.py out --update    # rewrite the blocks from fresh outputs

A fenced block is an output when an HTML comment on the line before its fence names what
printed it:

    <!-- output: kg centrality out --type method --top 5 -->
    <!-- output: kg results out --dataset ImageNet | head -12 -->
    <!-- output: cat ontology/queries/top_methods.rq -->
    <!-- output: python -->

``kg ...`` is run as a command (``| head -N`` keeps its first N lines); the block shows
``$ kg ...`` and what the command printed on its standard output. ``cat FILE`` shows a file
of the repository as it is (a query, say). ``python`` is what the Python block just above
the comment prints when it runs as a notebook cell: its output, then the value of its last
line if that is an expression and not None. The Python blocks of one page run in order in
one namespace, as the cells of one notebook.

The pages show a build of the seeds with ``--formats ttl,html,report,csv``: a folder that
also holds ``graph.nt`` is loaded from that file, and ``kg.load`` says so. Everything runs
in a scratch folder laid out as the repository's root, where ``out`` is the build given,
so the pages name it as a reader would (``kg query out -f ontology/queries/top_methods.rq``).
A command that fails, or prints a ``kg: warning:``, fails the check. Lines are compared
without trailing spaces.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import difflib
import io
import os
import re
import shlex
import subprocess
import sys
import tempfile
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MARKER = re.compile(r"^<!--\s*output:\s*(?P<source>.+?)\s*-->\s*$")
FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})(?P<info>[\w+-]*)\s*$")
HEAD = re.compile(r"^(?P<command>.+?)\s*\|\s*head\s+-(?:n\s*)?(?P<lines>\d+)$")


@dataclass
class Block:
    """A fenced block: lines[start] is its opening fence, lines[end] its closing one."""

    start: int
    end: int
    info: str
    text: str


@dataclass
class Output:
    """A marker, the block after it (None if there is none yet), and the code it shows
    the output of (Python only)."""

    file: Path
    marker_line: int  # 0-based index of the comment
    source: str
    block: Block | None
    code: Block | None


def default_files() -> list[Path]:
    return [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


def parse_blocks(lines: list[str]) -> list[Block]:
    blocks, i = [], 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        fence = opening["fence"]
        j = i + 1
        while j < len(lines) and not (
            lines[j].startswith(fence[0] * len(fence)) and not lines[j].strip(fence[0]).strip()
        ):
            j += 1
        blocks.append(Block(i, j, opening["info"], "\n".join(lines[i + 1 : j])))
        i = j + 1
    return blocks


def find_outputs(file: Path) -> list[Output]:
    lines = file.read_text("utf-8").splitlines()
    blocks = parse_blocks(lines)
    inside = {n for b in blocks for n in range(b.start, b.end + 1)}
    starts = {b.start: b for b in blocks}
    ends = {b.end: b for b in blocks}
    outputs = []
    for n, line in enumerate(lines):
        marker = MARKER.match(line)
        if not marker or n in inside:
            continue
        code = None
        if marker["source"] == "python":
            above = n - 1
            while above >= 0 and not lines[above].strip():
                above -= 1
            code = ends.get(above)
            if code is None or code.info != "python":
                raise SystemExit(f"{file}:{n + 1}: <!-- output: python --> follows no python block")
        outputs.append(Output(file, n, marker["source"], starts.get(n + 1), code))
    return outputs


def scratch_root(build: Path, folder: Path) -> Path:
    """``folder`` laid out as the repository's root, with ``out`` the build folder."""
    for entry in REPO.iterdir():
        if entry.name not in {".git", "out"}:
            (folder / entry.name).symlink_to(entry)
    (folder / "out").symlink_to(build.resolve())
    return folder


def run_command(source: str, cwd: Path) -> tuple[str, str | None]:
    """(the block's text, an error or None) for ``kg ...`` [``| head -N``]."""
    head = HEAD.match(source)
    command, keep = (head["command"], int(head["lines"])) if head else (source, None)
    words = shlex.split(command)
    if words[:1] == ["cat"] and len(words) == 2:  # a file the page shows as it is
        printed = (cwd / words[1]).read_text("utf-8").splitlines()
        return "\n".join([f"$ {source}", *printed[:keep]]), None
    if words[:1] != ["kg"]:
        return "", f"neither a kg command nor cat FILE: {source!r}"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
        "COLUMNS": "80",  # argparse wraps help text to the terminal's width
        "NO_COLOR": "1",
    }
    done = subprocess.run(
        [sys.executable, "-m", "kg", *words[1:]],
        check=False,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    printed = done.stdout.splitlines()
    if keep is not None:
        printed = printed[:keep]
    text = "\n".join([f"$ {source}", *printed])
    if done.returncode != 0:
        return text, f"exit status {done.returncode}\n{done.stderr}"
    warnings = [line for line in done.stderr.splitlines() if line.startswith("kg: warning:")]
    if warnings:
        return text, "\n".join(warnings)
    return text, None


def run_python(code: str, namespace: dict, cwd: Path) -> tuple[str, str | None]:
    """What ``code`` prints in ``namespace``, as a notebook cell: its output, then the value
    of its last line when that is an expression."""
    tree = ast.parse(code)
    tail = tree.body[-1] if tree.body else None
    last = tail if isinstance(tail, ast.Expr) else None
    if last is not None:
        tree.body.pop()
    printed = io.StringIO()
    previous = Path.cwd()
    try:
        os.chdir(cwd)
        with contextlib.redirect_stdout(printed):
            exec(compile(tree, "<docs>", "exec"), namespace)
            if last is not None:
                value = eval(compile(ast.Expression(last.value), "<docs>", "eval"), namespace)
                if value is not None:
                    print(repr(value))
    except Exception:  # noqa: BLE001 - a failing example is reported, with its traceback
        return printed.getvalue(), traceback.format_exc()
    finally:
        os.chdir(previous)
    return printed.getvalue(), None


def shown(file: Path) -> Path:
    return file.relative_to(REPO) if file.is_relative_to(REPO) else file


def normalised(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def fenced(info: str, text: str) -> list[str]:
    fence = "```"
    while fence in text:
        fence += "`"
    return [fence + info, *text.splitlines(), fence]


def check(build: Path, files: list[Path], update: bool) -> int:
    problems, updated, checked = 0, 0, 0
    with (
        tempfile.TemporaryDirectory(prefix="kg-docs-") as tmp,
        ThreadPoolExecutor(os.cpu_count() or 1) as pool,
    ):
        root = scratch_root(build, Path(tmp))
        # the commands run in processes of their own, as the Python blocks run here: all
        # of them at once, each page's blocks in order meanwhile
        pages = [(file, find_outputs(file)) for file in files]
        printed = {
            id(output): pool.submit(run_command, output.source, root)
            for _, outputs in pages
            for output in outputs
            if output.source != "python"
        }
        for file, outputs in pages:
            if not outputs:
                continue
            lines = file.read_text("utf-8").splitlines()
            namespace: dict = {"__name__": "__docs__"}
            replacements = []
            for output in outputs:
                where = f"{shown(file)}:{output.marker_line + 1}"
                if output.source == "python":
                    assert output.code is not None
                    text, error = run_python(output.code.text, namespace, root)
                    info = "text"
                else:
                    text, error = printed[id(output)].result()
                    info = "console"
                checked += 1
                if error:
                    problems += 1
                    print(f"{where}: `{output.source}` failed:\n{error}", file=sys.stderr)
                    continue
                fresh = normalised(text)
                written = normalised(output.block.text) if output.block else None
                if fresh == written:
                    continue
                if update:
                    replacements.append((output, fresh, info))
                    continue
                problems += 1
                if written is None:
                    print(f"{where}: no output block after `{output.source}`", file=sys.stderr)
                    continue
                diff = difflib.unified_diff(
                    written.splitlines(),
                    fresh.splitlines(),
                    f"{where} (in the page)",
                    f"{where} (printed now)",
                    lineterm="",
                )
                print(f"{where}: stale output of `{output.source}`", file=sys.stderr)
                print("\n".join(diff), file=sys.stderr)
            for output, _, _ in replacements:
                print(f"updated {shown(file)}:{output.marker_line + 1} ({output.source})")
            for output, fresh, info in reversed(replacements):  # from the end: lines hold
                start = output.marker_line + 1
                stop = output.block.end + 1 if output.block else start
                lines[start:stop] = fenced(info, fresh)
                updated += 1
            if replacements:
                file.write_text("\n".join(lines) + "\n", "utf-8")
    state = f"{updated} rewritten" if update else f"{problems} stale or failing"
    print(f"{checked} output blocks checked in {len(files)} files: {state}")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", type=Path, help="a kg build of the seeds (folder)")
    parser.add_argument(
        "files", nargs="*", type=Path, help="markdown files (default: README.md and docs/*.md)"
    )
    parser.add_argument(
        "--update", action="store_true", help="rewrite stale blocks instead of failing"
    )
    args = parser.parse_args(argv)
    if not args.build.is_dir():
        parser.error(f"{args.build} is not a folder")
    files = [f.resolve() for f in args.files] or default_files()
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))  # the Python blocks import this checkout's kg
    return check(args.build, files, args.update)


if __name__ == "__main__":
    sys.exit(main())
