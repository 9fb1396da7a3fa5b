"""Command line: ``kg build``, ``kg extract``, ``kg train``, ``kg query``, ...: thin wrappers over the API."""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import re
import signal
import sys
import threading
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path

from . import __version__
from .analysis import MAP_MIN_PAPERS, MEASURES, centrality, communities
from .api import (
    BuildReport,
    build,
    check_page,
    curate,
    extract_mentions,
    prepare_output_folder,
    write_outputs,
    write_page,
)
from .errors import (
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_TERMINATED,
    InputError,
    KgError,
    NotConforming,
    UsageError,
)
from .files import folders_removed_unless_written, read_user_text, safe_cells
from .processes import run_bounded
from .progress import PaperStream, Stage, byte_size
from .query import (
    DEFAULT_QUERY_MEMORY_MB,
    DEFAULT_QUERY_TIMEOUT,
    MAX_QUERY_BYTES,
    RESULT_FORMATS,
    check_query,
    execute,
    format_results,
    open_store,
)
from .rdf.read import load
from .rdf.terms import PAPER_ROLES
from .readers.common import check_decoded
from .records import ENTITY_TYPES, Paper
from .registry import exporters
from .settings import (
    DEFAULT_ENTITY_MODEL,
    DEFAULT_MODEL,
    DEPRECATED_ENTITY_MODELS,
    MAX_TEXT_CHARS,
    PARALLEL_MIN_PAPERS,
    Settings,
)

EXIT_CODES_HELP = """exit status:
  0    success
  1    internal error: a bug in kg (KG_DEBUG=1 shows the traceback)
  2    bad option, argument or setting (UsageError)
  3    input kg cannot read: a file, record, curation file or graph (InputError)
  4    a SPARQL query kg cannot run: syntax, arguments (QueryError)
  5    a SPARQL SERVICE clause, refused without --allow-service (ServiceRefused)
  6    a query ran out of time (QueryTimeout)
  7    a query ran out of memory (QueryMemoryLimit)
  8    an output file kg did not write, or that changed; --force overwrites (OutputRefused)
  9    kg validate: the graph breaks the ontology's shapes (NotConforming)
  130  interrupted (Ctrl-C); 143 terminated (SIGTERM)
"""


def make_parser() -> argparse.ArgumentParser:
    """The `kg` command's argument parser, every command and option (tests walk it)."""
    parser = argparse.ArgumentParser(
        prog="kg",
        description="Build a knowledge graph of a research field from paper abstracts.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")  # none: the help

    b = commands.add_parser(
        "build",
        help="read abstracts, extract and link entities, write RDF and HTML",
        description="Read paper abstracts, extract methods/datasets/tasks/metrics/concepts, "
        "link them into canonical entities and write the graph. Each stage prints a line "
        "on stderr as it starts (extracting, linking, writing each format), with a "
        "progress bar of the extraction on a terminal; the summary on stdout ends with "
        "the seconds per stage and the page to open.",
    )
    b.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help="files or folders (the arXiv metadata snapshot, OpenAlex works, "
        "Semantic Scholar papers, BibTeX, RIS, HF daily-papers dumps, JSONL/JSON, "
        "CSV/TSV, arXiv Atom; recognised by content; .gz allowed), or '-' for "
        "JSON Lines on stdin; default: the bundled sample corpus",
    )
    b.add_argument(
        "-o", "--out", default="outputs", metavar="DIR", help="output folder (default: %(default)s)"
    )
    b.add_argument(
        "--formats",
        default="ttl,html",
        metavar="LIST",
        help="comma-separated outputs among "
        + "; ".join(f"{e.name} ({e.help})" for e in exporters().values())
        + " "
        "(default: %(default)s)",
    )
    b.add_argument(
        "--model", default=DEFAULT_MODEL, help="spaCy pipeline name or path (default: %(default)s)"
    )
    _entity_model_argument(b)
    b.add_argument(
        "--lexicon",
        action="append",
        default=[],
        metavar="FILE.tsv",
        help="your own lexicon of names, added to kg's (lines: type<TAB>name"
        "<TAB>alias|alias; type is method, dataset, task, metric or concept); "
        "may be repeated",
    )
    b.add_argument(
        "--processes",
        type=int,
        default=None,
        metavar="N",
        help="extraction worker processes; 0 = one per CPU core (default: one per "
        f"core when {PARALLEL_MIN_PAPERS}+ papers need extracting, else 1)",
    )
    b.add_argument(
        "--cluster",
        metavar="local[:N]|tcp://HOST:PORT",
        help="extract on a Dask cluster: a local one with a worker per core (or N), "
        "or a running scheduler; needs pip install 'kg-papers[cluster]'",
    )
    b.add_argument(
        "--batch-size",
        type=int,
        default=Settings.batch_size,
        metavar="N",
        help="abstracts per spaCy batch, and papers per cluster partition (default: %(default)s)",
    )
    b.add_argument(
        "--html-max-entities",
        type=int,
        default=Settings.html_max_entities,
        metavar="N",
        help="entity nodes drawn in graph.html, most connected first (default: %(default)s)",
    )
    b.add_argument(
        "--include-generic",
        action="store_true",
        help="draw generic entities (umbrella terms, names of low specificity) in graph.html too",
    )
    b.add_argument(
        "--no-evidence",
        action="store_true",
        help="leave Mention resources (offsets, sentence, extractor) out of the RDF",
    )
    b.add_argument(
        "--skip-invalid",
        action="store_true",
        help="skip malformed records with a warning instead of stopping",
    )
    _curation_argument(
        b,
        "applied to the linked entities (not part of the extraction: "
        "changing it never misses the cache)",
    )
    b.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="where extractions are cached for incremental builds (default: "
        "$KG_CACHE_DIR, else $XDG_CACHE_HOME/kg, else ~/.cache/kg)",
    )
    b.add_argument(
        "--no-cache",
        action="store_true",
        help="run every paper through the pipeline; neither read nor write the cache",
    )
    _force_argument(b)
    b.add_argument(
        "--clean",
        action="store_true",
        help="also remove kg's other outputs in the folder, of formats this build does not "
        "write (tables, kg report and kg view pages, ...); without it they are kept, and "
        "only kg's graph files of other RDF formats are removed (an old graph.nt must not "
        "shadow a new graph.ttl); each file removed is named",
    )
    progress = b.add_mutually_exclusive_group()
    progress.add_argument(
        "--progress",
        dest="progress",
        action="store_true",
        default=None,
        help="always show a progress bar of the extraction, with a percentage and the time "
        "left (default: only on a terminal, and not with -q)",
    )
    progress.add_argument(
        "--no-progress",
        dest="progress",
        action="store_false",
        help="never show a progress bar (the stages are still printed, one line each)",
    )
    b.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print nothing but errors and warnings: no stage lines (on stderr), no "
        "summary (on stdout)",
    )
    _deprecated_alias(b, "--format", "--formats")
    _deprecated_alias(b, "--html-max-nodes", "--html-max-entities")
    b.set_defaults(handler=_build)

    e = commands.add_parser(
        "extract",
        help="print the typed mentions found in a text",
        description="Run the extraction stage on TEXT (or stdin with '-').",
    )
    e.add_argument("text", help="the text, or '-' to read it from stdin")
    e.add_argument("--model", default=DEFAULT_MODEL, help="spaCy pipeline (default: %(default)s)")
    _entity_model_argument(e)
    e.add_argument("--json", action="store_true", help="JSON Lines instead of a table")
    e.set_defaults(handler=_extract)

    t = commands.add_parser(
        "train",
        help="train the scientific-entity recogniser on SciERC",
        description="Convert SciERC (DyGIE json) to spaCy DocBins, train "
        "kg's entity recogniser on TRAIN, select the best model "
        "on DEV and write it to DIR (-o); --entity-model DIR builds with it.",
    )
    t.add_argument("train", metavar="TRAIN.json", help="SciERC train split (DyGIE json)")
    t.add_argument("dev", metavar="DEV.json", help="SciERC dev split, for model selection only")
    t.add_argument(
        "-o",
        "--out",
        required=True,
        metavar="DIR",
        help="where to write the model: an empty or new folder, or one kg train wrote "
        "(naming the packaged model's folder replaces it)",
    )
    t.add_argument(
        "--max-steps",
        type=int,
        default=None,
        metavar="N",
        help="training steps (default: the config's)",
    )
    t.add_argument(
        "--extra",
        default=None,
        metavar="DOCBIN",
        help="more labelled docs to train on (python -m kg.train.distill makes them)",
    )
    t.add_argument(
        "--resume",
        default=None,
        metavar="MODEL_DIR",
        help="continue training a model kg train wrote before",
    )
    t.set_defaults(handler=_train)

    c = commands.add_parser(
        "centrality",
        help="rank entities by a centrality measure",
        description="Rank the entities of a built graph (output folder or "
        "RDF file) by centrality on the co-occurrence graph.",
    )
    _graph_argument(c)
    c.add_argument(
        "--measure",
        default="pagerank",
        choices=MEASURES,
        help="centrality measure: " + ", ".join(MEASURES) + "; betweenness and "
        "closeness are estimated from sampled nodes on large graphs "
        "(default: %(default)s)",
    )
    c.add_argument("--type", choices=ENTITY_TYPES, help="keep one entity type")
    c.add_argument("--top", type=int, default=20, metavar="N", help="rows (default: %(default)s)")
    c.add_argument(
        "--on",
        default="cooccurrence",
        choices=("cooccurrence", "full"),
        help="graph to measure: entity co-occurrence, or papers and entities "
        "(default: %(default)s)",
    )
    c.add_argument(
        "--include-generic",
        action="store_true",
        help="also rank umbrella terms (neural networks, deep learning, ...)",
    )
    c.add_argument(
        "--roles",
        default=None,
        metavar="ROLE,...",
        help="count only these paper roles, comma-separated (e.g. proposes,uses; "
        f"from {', '.join(PAPER_ROLES)})",
    )
    c.add_argument(
        "--result-format",
        default="table",
        choices=("table", "csv", "json"),
        help="an aligned table, or the rows (label, type, score, papers) as csv or "
        "json (default: %(default)s)",
    )
    _quiet_argument(c)
    _deprecated_alias(c, "--format", "--result-format")
    c.set_defaults(handler=_centrality)

    q = commands.add_parser(
        "query",
        help="run a SPARQL query on a built graph",
        description="Run a SPARQL 1.1 query (pyoxigraph engine) on an output "
        "folder or RDF file written by kg build.",
    )
    _graph_argument(q)
    q.add_argument("query", nargs="?", help="the query text (or use -f)")
    q.add_argument("-f", "--file", metavar="FILE.rq", help="read the query from a file")
    q.add_argument(
        "--result-format",
        default="table",
        choices=RESULT_FORMATS,
        help="table, or SPARQL 1.1 results as json, csv or tsv (default: %(default)s); "
        "CONSTRUCT and DESCRIBE print N-Triples whatever it says",
    )
    q.add_argument(
        "--store",
        metavar="DIR",
        help="keep an on-disk Oxigraph store of the graph in DIR and reuse it while "
        "the graph file is unchanged (a large graph is parsed once)",
    )
    q.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_QUERY_TIMEOUT,
        metavar="S",
        help="stop the query after S seconds, loading included; 0 = no limit "
        "(default: %(default)g)",
    )
    q.add_argument(
        "--max-memory",
        type=_megabytes,
        default=DEFAULT_QUERY_MEMORY_MB,
        metavar="MB",
        help="stop the query when it needs MB more memory; 0 = no limit (default: %(default)s)",
    )
    _allow_service_argument(q)
    _deprecated_alias(q, "--format", "--result-format")
    q.set_defaults(handler=_query)

    v = commands.add_parser(
        "serve",
        help="serve a built graph over SPARQL HTTP (read-only)",
        description="Load a built graph into an on-disk Oxigraph store and "
        "answer the SPARQL 1.1 Protocol at /query until Ctrl-C "
        "or SIGTERM. Queries run in a pool of worker processes "
        "with no network, each stopped at the time limit.",
    )
    _graph_argument(v)
    v.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    v.add_argument("--port", type=int, default=7878, help="port (default: %(default)s)")
    v.add_argument(
        "--store",
        metavar="DIR",
        help="keep the Oxigraph store in DIR and reuse it while the graph file is "
        "unchanged (default: a temporary folder, removed on exit)",
    )
    v.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_QUERY_TIMEOUT,
        metavar="S",
        help="answer 503 to a query still running after S seconds, and stop it "
        "(default: %(default)g)",
    )
    v.add_argument(
        "--max-memory",
        type=_megabytes,
        default=DEFAULT_QUERY_MEMORY_MB,
        metavar="MB",
        help="memory each query worker may add; a query that needs more is answered "
        "503 and its worker replaced; 0 = no limit (default: %(default)s)",
    )
    v.add_argument(
        "--max-total-memory",
        type=_megabytes,
        default=None,
        metavar="MB",
        help="memory the queries running at once may add together; past it the largest "
        "is stopped and answered 503; 0 = no limit (default: half the machine's memory)",
    )
    v.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="query worker processes kept ready (default: four per CPU core, at "
        "least 8); slow queries add more while they run",
    )
    v.add_argument(
        "--idle-timeout",
        type=_seconds,
        default=10.0,
        metavar="S",
        help="close a connection idle for S seconds, or still sending its request "
        "after S seconds (default: %(default)g)",
    )
    _allow_service_argument(v)
    v.set_defaults(handler=_serve)

    w = commands.add_parser(
        "view",
        help="write a focused HTML view of a built graph",
        description="Draw the most central entities of a built graph (output "
        "folder or RDF file), optionally of one type, with their "
        "papers, as a self-contained HTML page.",
    )
    _graph_argument(w)
    w.add_argument("--type", choices=ENTITY_TYPES, help="draw one entity type only")
    w.add_argument(
        "--top",
        type=int,
        default=Settings.html_max_entities,
        metavar="N",
        help="entities to draw, most central first (default: %(default)s)",
    )
    w.add_argument(
        "--include-generic",
        action="store_true",
        help="draw generic entities too (umbrella terms, names of low specificity)",
    )
    w.add_argument(
        "-o",
        "--out",
        metavar="FILE.html",
        help="page to write (default: view.html in the graph's folder, as for "
        "kg report and kg export)",
    )
    _force_argument(w)
    w.set_defaults(handler=_view)

    r = commands.add_parser(
        "report",
        help="write report.html: charts and tables of the field",
        description="Write one self-contained page on a built graph (output "
        "folder or RDF file): corpus summary, top entities, "
        "trends, method x dataset and task x metric matrices, "
        "proposals and communities.",
    )
    _graph_argument(r)
    r.add_argument(
        "-o",
        "--out",
        metavar="FILE.html",
        help="page to write (default: report.html in the graph's folder)",
    )
    _force_argument(r)
    r.set_defaults(handler=_report)

    x = commands.add_parser(
        "export",
        help="write more output formats from a built graph",
        description="Load a built graph (output folder or RDF file) and write "
        "the given formats, e.g. csv tables, without extracting "
        "again; the folder's other outputs are kept. With "
        "--curation, re-link the graph with a curation file "
        "first (no extraction either).",
    )
    _graph_argument(x)
    x.add_argument(
        "--formats",
        metavar="FMT[,FMT...]",
        help="formats to write: " + ", ".join(exporters()) + " (required, except "
        "with --curation, whose default is every format kg wrote in the "
        "graph's folder)",
    )
    x.add_argument(
        "-o", "--out", metavar="FOLDER", help="folder to write into (default: the graph's folder)"
    )
    _curation_argument(
        x, "applied to the loaded graph's entities, whose relations are then made again"
    )
    _force_argument(x)
    _deprecated_alias(x, "--format", "--formats")
    x.set_defaults(handler=_export)

    u = commands.add_parser(
        "curate",
        help="suggest curation rules for a built graph",
        description="Print the likely errors of a built graph (output folder "
        "or RDF file), most visible first (papers x doubt; entities the "
        "default views hide as generic last), as "
        "rules of a curation file with the evidence in comments: "
        "save them, edit them, and apply them with kg export "
        "GRAPH --curation FILE (or kg build --curation FILE).",
    )
    _graph_argument(u)
    u.add_argument(
        "--suggest", action="store_true", help="print suggested rules (the only mode for now)"
    )
    u.add_argument(
        "--top",
        type=int,
        default=50,
        metavar="N",
        help="suggestions to print (default: %(default)s)",
    )
    u.set_defaults(handler=_curate)

    s = commands.add_parser(
        "results",
        help="leaderboards of the reported results, per dataset x metric",
        description="Print the numeric results the abstracts of a built graph "
        "(output folder or RDF file) report, as a leaderboard per "
        "dataset x metric: scores best first (lower first for "
        "errors, losses, distances, latency...), then improvements, "
        "reductions and ratios, each with its paper and sentence.",
    )
    _graph_argument(s)
    for role, example in (
        ("dataset", "ImageNet"),
        ("metric", "top-1 accuracy"),
        ("method", "ResNet"),
    ):
        s.add_argument(
            f"--{role}",
            metavar="NAME",
            help=f"keep the results of this {role} (its name, an alias or its abbreviation, "
            f"any case; e.g. {example!r})",
        )
    s.add_argument(
        "--result-format",
        default="text",
        choices=("text", "csv", "json"),
        help="text, or one row per result as csv or json (default: %(default)s)",
    )
    _deprecated_alias(s, "--format", "--result-format")
    s.set_defaults(handler=_results)

    m = commands.add_parser(
        "communities",
        help="the field's communities (the map's colours)",
        description="The field's communities, largest first: Louvain communities (seeded) "
        "of the co-occurrence graph of the entities named by 2+ papers (the 2,000 named by "
        "most), umbrella terms left out; the communities graph.html colours and report.html "
        "lists, and kg.analysis.communities returns.",
    )
    _graph_argument(m)
    m.add_argument("--type", choices=ENTITY_TYPES, help="keep one entity type")
    m.add_argument(
        "--top",
        type=int,
        default=10,
        metavar="N",
        help="communities to print (default: %(default)s)",
    )
    m.add_argument(
        "--result-format",
        default="table",
        choices=("table", "json"),
        help="one line per community, or json records (name, size, labels, members) "
        "(default: %(default)s)",
    )
    _deprecated_alias(m, "--format", "--result-format")
    m.set_defaults(handler=_communities)

    d = commands.add_parser(
        "validate",
        help="check a built graph against kg's SHACL shapes",
        description="Validate a built graph (output folder or RDF file) "
        "with pySHACL against the shapes that ship with kg; "
        "exit 0 if it conforms, 9 if not, listing violations.",
    )
    _graph_argument(d)
    _quiet_argument(d)
    d.set_defaults(handler=_validate)

    k = commands.add_parser(
        "cache",
        help="show or clear the extraction cache",
        description="Show where the extraction cache is, its size and its "
        "entries per pipeline fingerprint; --clear deletes it.",
    )
    k.add_argument("--cache-dir", metavar="DIR", help="cache folder (default: as kg build)")
    k.add_argument("--clear", action="store_true", help="delete the cache")
    k.set_defaults(handler=_cache)
    return parser


def _entity_model_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--entity-model",
        default=DEFAULT_ENTITY_MODEL,
        metavar="NAME_OR_PATH",
        type=_entity_model_name,
        help="trained entity recogniser: 'fast' (packaged CNN), 'transformer' "
        "(packaged MiniLM tagger, onnxruntime: about 3x slower, a little more recall, "
        "no better F1 on text it was not selected on), a path to a spaCy pipeline with "
        "an 'ner' component or to a folder with model.onnx, or 'none' for "
        "rules only (default: %(default)s)",
    )


# The most a query's limits may be: a year of seconds, a petabyte of megabytes ("nan" and
# "1e999" are no numbers of seconds; 10**13 MB overflowed the memory cap into a false "needed
# more memory")
MAX_LIMIT_SECONDS = 366 * 24 * 3600
MAX_LIMIT_MB = 1024**3


def _seconds(value: str) -> float:
    """An argparse type: a finite number of seconds, at most ``MAX_LIMIT_SECONDS``."""
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not math.isfinite(seconds) or abs(seconds) > MAX_LIMIT_SECONDS:
        raise argparse.ArgumentTypeError(
            f"not a number of seconds up to {MAX_LIMIT_SECONDS}: {value!r}"
        )
    return seconds


def _megabytes(value: str) -> int:
    """An argparse type: a whole number of megabytes, at most ``MAX_LIMIT_MB``."""
    try:
        megabytes = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of megabytes: {value!r}") from None
    if abs(megabytes) > MAX_LIMIT_MB:
        raise argparse.ArgumentTypeError(
            f"not a number of megabytes up to {MAX_LIMIT_MB}: {value!r}"
        )
    return megabytes


def _entity_model_name(value: str) -> str:
    new = DEPRECATED_ENTITY_MODELS.get(value)
    if new is None:
        return value
    print(
        f"kg: warning: --entity-model {value} is now --entity-model {new}; "
        f"{value!r} will be removed in the next release",
        file=sys.stderr,
    )
    return new


def _curation_argument(parser: argparse.ArgumentParser, applied: str) -> None:
    parser.add_argument(
        "--curation",
        metavar="FILE.toml",
        help="a curation file of rules that drop, split, merge, retype, mark as "
        "generic or rename entities (docs/curation.md), " + applied,
    )


def _allow_service_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--allow-service",
        action="store_true",
        help="allow SERVICE clauses (federated queries make the engine send "
        "HTTP requests to the addresses a query names; off by default)",
    )


def _quiet_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print no progress lines on stderr (the results still go to stdout)",
    )


def _force_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--force",
        action="store_true",
        help="overwrite files that kg did not write, or that changed since kg "
        "wrote them (kg records its files in .kg-manifest.json in the "
        "folder; without --force such a file is an error)",
    )


class DeprecatedOption(argparse.Action):
    """An option's earlier spelling: it still works, with a warning naming the new one."""

    def __init__(self, option_strings, dest, new: str = "", **kwargs) -> None:
        self.new = new
        super().__init__(option_strings, dest, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        print(
            f"kg: warning: {option_string} is now {self.new}; {option_string} will be "
            "removed in the next release",
            file=sys.stderr,
        )
        setattr(namespace, self.dest, values)


def _deprecated_alias(parser: argparse.ArgumentParser, old: str, new: str) -> None:
    """Accept ``old`` as a hidden, deprecated spelling of the option ``new``."""
    action = next(a for a in parser._actions if new in a.option_strings)
    parser.add_argument(
        old,
        dest=action.dest,
        action=DeprecatedOption,
        new=new,
        type=action.type or str,
        choices=action.choices,
        default=argparse.SUPPRESS,
        help=argparse.SUPPRESS,
    )


def _graph_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("graph", help="output folder of kg build, or an RDF file it wrote")


def _progress_bar(enabled: bool | None, quiet: bool = False):
    """A tqdm bar of the papers extracted, or None: shown on a terminal (stderr), unless
    ``quiet``; ``enabled`` True or False decides instead."""
    show = (sys.stderr.isatty() and not quiet) if enabled is None else enabled
    if not show:
        return None

    def wrap(papers: Iterator[Paper]) -> Iterator[Paper]:
        from tqdm import tqdm

        # no monitor thread (it outlives the bar): a build with one thread may fork a writer
        tqdm.monitor_interval = 0
        stream = papers if isinstance(papers, PaperStream) else None
        estimated = False
        with tqdm(desc="extracting", unit=" papers", file=sys.stderr, mininterval=0.5) as bar:
            for paper in papers:
                total = stream.total if stream is not None else None
                if total is not None and total != bar.total:
                    bar.total = max(total, bar.n + 1)
                if stream is not None and stream.estimated != estimated:
                    estimated = stream.estimated
                    bar.set_postfix_str("total estimated" if estimated else "", refresh=False)
                bar.update(1)
                yield paper

    return wrap


def _stage_lines(quiet: bool):
    """A ``stages`` function that prints each stage's line on stderr; None if ``quiet``."""
    if quiet:
        return None

    def show(stage: Stage) -> None:
        print(stage.message, file=sys.stderr, flush=True)

    return show


def _build(args: argparse.Namespace) -> int:
    settings = Settings(
        model=args.model,
        entity_model=args.entity_model,
        processes=args.processes,
        batch_size=args.batch_size,
        html_max_entities=args.html_max_entities,
        evidence=not args.no_evidence,
        formats=args.formats,
        skip_invalid=args.skip_invalid,
        cache=not args.no_cache,
        cache_dir=args.cache_dir,
        lexicon=tuple(args.lexicon),
        cluster=args.cluster,
        force=args.force,
        clean=args.clean,
        curation=args.curation,
        include_generic=args.include_generic,
    )
    report = BuildReport()
    graph = build(
        args.inputs or None,
        args.out,
        settings,
        report=report,
        progress=_progress_bar(args.progress, args.quiet),
        stages=_stage_lines(args.quiet),
    )
    for problem in report.skipped:
        print(f"kg: warning: skipped {problem}", file=sys.stderr)
    if report.skipped_count > len(report.skipped):
        more = report.skipped_count - len(report.skipped)
        print(f"kg: warning: skipped {more:,} more invalid records", file=sys.stderr)
    if report.cache_problem:
        print(f"kg: warning: {report.cache_problem}", file=sys.stderr)
    if not args.quiet:
        summary = graph.summary()
        duplicates = report.entries - summary["papers"]
        print(
            f"papers    {summary['papers']} ({report.entries} entries read, "
            f"{duplicates} duplicates merged, {report.skipped_count} skipped)"
        )
        print(
            "entities  "
            + ", ".join(f"{n} {t}" for t, n in summary["entities"].items())
            + f" ({sum(summary['entities'].values())} in all)"
        )
        print(
            "edges     "
            + ", ".join(f"{n} {p}" for p, n in summary["relations"].items())
            + f" ({sum(summary['relations'].values())} in all)"
        )
        print(f"mentions  {summary['mentions']}")
        if report.left_out:
            print(
                "left out  "
                + _counted(report.left_out)
                + f" ({sum(report.left_out.values())} entities that are not of the field's types)"
            )
        if report.retyped:
            print(
                "retyped   "
                + _counted(report.retyped)
                + " (by the kind nouns around their mentions)"
            )
        if settings.cache:
            kept = "; entities resolved as before" if report.resolved_cached else ""
            print(
                f"cache     {report.cached} papers from the cache, {report.extracted} extracted"
                + kept
            )
        if settings.curation:
            print(f"curation  {report.curation_summary()}")
        for path in report.files:
            print(f"wrote     {path}")
        _print_removed_and_kept(report, Path(args.out))
        print(f"time      {report.seconds:.1f} s: {_stage_times(report)}")
        for path in report.files:
            if path.name in PAGES_TO_OPEN and path.parent == Path(args.out):
                print(f"open      {path} ({PAGES_TO_OPEN[path.name]})")
    return 0


# the pages of a build to open in a browser, in the summary's "open" lines
PAGES_TO_OPEN = {"graph.html": "the map", "report.html": "the report"}


def _print_removed_and_kept(report: BuildReport, folder: Path) -> None:
    """A ``removed`` line per file the build removed, and one ``kept`` line for kg's
    outputs of an earlier build left in place."""
    from .rdf.formats import FOLDER_FILES

    for path in report.removed:
        if path.parent == folder and path.name in FOLDER_FILES:
            print(f"removed   {path} (the graph of an earlier build, in a format not written now)")
        else:
            print(f"removed   {path} (an earlier output of kg, not written now; --clean)")
    if report.kept:
        names = [str(path.relative_to(folder)) for path in report.kept]
        listed = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        print(
            f"kept      {listed}: earlier outputs of kg, not written by this build "
            "(--clean removes them)"
        )


def _stage_times(report: BuildReport) -> str:
    """``extract 41.3 s, link 12.2 s, write 8.6 s (ttl 3.1 s, html 5.5 s)``."""
    names = {"extract": "extract", "link": "link", "export": "write"}
    parts = [
        f"{names.get(stage, stage)} {seconds:.1f} s"
        for stage, seconds in report.stage_seconds.items()
    ]
    if report.format_seconds:
        formats = ", ".join(f"{fmt} {s:.1f} s" for fmt, s in report.format_seconds.items())
        parts[-1] += f" ({formats})"
    return ", ".join(parts)


def _counted(counts: dict[str, int]) -> str:
    """ "12 hardware, 3 venue": largest first."""
    return ", ".join(
        f"{n} {name}" for name, n in sorted(counts.items(), key=lambda i: (-i[1], i[0]))
    )


def _extract(args: argparse.Namespace) -> int:
    if args.text == "-":
        if sys.stdin is None:
            raise InputError("standard input is closed")
        try:  # one character more than is taken, so a longer text is refused without reading it all
            text = sys.stdin.read(MAX_TEXT_CHARS + 1).removeprefix("\ufeff")
        except UnicodeDecodeError:
            raise InputError("standard input is not valid UTF-8 text") from None
    else:
        text = args.text
    check_decoded(text, "standard input" if args.text == "-" else "the text")
    mentions = extract_mentions(text, model=args.model, entity_model=args.entity_model)
    if args.json:
        for m in mentions:
            print(
                json.dumps(
                    {
                        "start": m.start,
                        "end": m.end,
                        "text": m.text,
                        "label": m.label,
                        "proposed": m.proposed,
                        "nested": m.nested,
                        "source": m.source,
                        "score": m.score,
                    },
                    ensure_ascii=False,
                )
            )
        return 0
    print(f"{'start':>5} {'end':>5}  {'label':<8} {'source':<12} {'score':>5}  text")
    for m in mentions:
        star = " *proposed" if m.proposed else " (nested)" if m.nested else ""
        print(
            f"{m.start:>5} {m.end:>5}  {m.label:<8} {m.source:<12} {m.score:>5.2f}  {m.text}{star}"
        )
    return 0


def _train(args: argparse.Namespace) -> int:
    from .train import train

    for path in (args.train, args.dev, args.extra):
        if path is not None and not Path(path).is_file():
            raise InputError(f"{path}: no such file")
    if args.resume is not None and not (Path(args.resume) / "meta.json").is_file():
        raise InputError(f"{args.resume}: not a model written by kg train")
    overrides = {} if args.max_steps is None else {"training.max_steps": args.max_steps}
    result = train(
        args.train,
        args.dev,
        args.out,
        overrides=overrides,
        extra_train=args.extra,
        resume=args.resume,
    )
    dev = result["dev"]
    print(
        f"trained in {result['seconds']:.0f} s; dev ents_f {dev['ents_f']:.3f} "
        f"(P {dev['ents_p']:.3f}, R {dev['ents_r']:.3f}); wrote {args.out}"
    )
    return 0


def _centrality(args: argparse.Namespace) -> int:
    if args.top < 1:
        raise UsageError("--top must be at least 1")
    stages = _stage_lines(args.quiet)
    _announce_reading(args.graph, stages)
    graph = load(args.graph)  # its warnings are shown
    with warnings.catch_warnings():  # the sampling note goes to stderr below, once
        warnings.simplefilter("ignore")
        roles = (
            tuple(r.strip() for r in args.roles.split(",") if r.strip())
            if args.roles is not None
            else None
        )
        if roles is not None and (not roles or set(roles) - set(PAPER_ROLES)):
            raise UsageError(
                f"--roles takes roles among {', '.join(PAPER_ROLES)}, got {args.roles!r}"
            )
        frame = centrality(
            graph,
            args.measure,
            type=args.type,
            top=args.top,
            on=args.on,
            generic=args.include_generic,
            roles=roles,
            stages=stages,
        )
    if args.result_format == "csv":
        print(safe_cells(frame).to_csv(index=False), end="")
    elif args.result_format == "json":
        print(frame.to_json(orient="records", force_ascii=False))
    else:
        import pandas as pd

        frame.index = pd.RangeIndex(1, len(frame) + 1)
        print(frame.to_string(float_format=lambda v: f"{v:.5f}") if len(frame) else "(no entities)")
    if frame.attrs.get("note"):
        print(f"note: {frame.attrs['note']}", file=sys.stderr)
    return 0


def _query(args: argparse.Namespace) -> int:
    if (args.query is None) == (args.file is None):
        raise UsageError("give the query text or -f FILE.rq (one of them)")
    if args.file:
        text = read_user_text(args.file, limit=MAX_QUERY_BYTES, what="query file")
    else:
        text = args.query
    if args.timeout < 0 or args.max_memory < 0:
        raise UsageError("--timeout and --max-memory must be 0 (no limit) or more")

    def answer() -> str:
        # parsed within the limits too: a query's text alone can take minutes to parse
        check_query(text, allow_service=args.allow_service)  # before the graph is loaded
        store = open_store(args.graph, args.store)
        return format_results(execute(store, text), args.result_format)

    sys.stdout.write(
        run_bounded(
            answer,
            timeout=args.timeout or None,
            max_memory=args.max_memory or None,
            isolate=not args.allow_service,
            what="query",
        )
    )
    if args.result_format == "json":
        sys.stdout.write("\n")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .serve import serve

    if (
        args.timeout <= 0
        or args.idle_timeout <= 0
        or args.max_memory < 0
        or (args.max_total_memory is not None and args.max_total_memory < 0)
        or (args.workers is not None and args.workers < 1)
    ):
        raise UsageError(
            "--timeout and --idle-timeout must be more than 0, --max-memory and "
            "--max-total-memory 0 (no limit) or more, --workers 1 or more"
        )
    return serve(
        args.graph,
        host=args.host,
        port=args.port,
        store=args.store,
        timeout=args.timeout,
        allow_service=args.allow_service,
        max_memory=args.max_memory or None,
        max_total_memory=args.max_total_memory,
        workers=args.workers,
        idle_timeout=args.idle_timeout,
        announce=lambda line: print(line, flush=True),
    )


def _view(args: argparse.Namespace) -> int:
    from .export.html import render_html

    if args.top < 1:
        raise UsageError("--top must be at least 1")
    out = Path(args.out) if args.out else _graph_folder(args.graph) / "view.html"
    out = _page_path(out, "view.html", "view", force=args.force, written=args.out)  # first
    _write_page(
        out,
        render_html(
            load(args.graph),
            top=args.top,
            type=args.type,
            generic=args.include_generic,
        ),
        "view",
        force=args.force,
    )
    return 0


def _report(args: argparse.Namespace) -> int:
    from .export.report import render_report

    out = Path(args.out) if args.out else _graph_folder(args.graph) / "report.html"
    out = _page_path(out, "report.html", "report", force=args.force, written=args.out)
    _write_page(out, render_report(load(args.graph)), "report", force=args.force)
    return 0


def _graph_folder(graph: str) -> Path:
    """The folder of the graph file a command reads: where its pages go by default."""
    from .rdf.formats import resolve_graph_file

    return resolve_graph_file(graph).parent


def _page_path(
    out: Path, example: str, kind: str, *, force: bool, written: str | None = None
) -> Path:
    """``out`` if a page can be written there; checked before any work is done. ``written``:
    the path as the user wrote it (a slash at its end names a folder, which ``Path`` drops)."""
    try:
        if out.is_dir():
            raise UsageError(f"{out}: is a folder; give a file name such as {out / example}")
        if not out.parent.is_dir():
            raise UsageError(f"{out.parent}: no such folder")
        check_page(written or out, kind, force=force)  # ("NEW/" names a folder: refused)
    except OSError as err:  # a name too long for the system fails here, not after the work
        raise UsageError(f"{out}: cannot write a page here ({err.strerror or err})") from None
    return out


def _write_page(out: Path, html: str, kind: str, *, force: bool) -> None:
    write_page(out, html, kind, force=force)
    print(f"wrote {out}")


def _export(args: argparse.Namespace) -> int:
    from .link.curation import load_curation
    from .rdf.formats import resolve_graph_file

    if args.formats is None and args.curation is None:
        raise UsageError(
            "give the formats to write (--formats FMT[,FMT...]; choose from "
            f"{', '.join(exporters())})"
        )
    curation = load_curation(args.curation) if args.curation else None  # before the graph is loaded
    source = resolve_graph_file(args.graph)
    formats = args.formats if args.formats is not None else _formats_in(source.parent)
    settings = Settings(formats=formats, force=args.force)
    out = Path(args.out) if args.out else source.parent
    with folders_removed_unless_written(out):  # a failed export leaves none it made
        prepare_output_folder(out, settings)  # before the graph is loaded
        graph = load(args.graph)
        report = BuildReport()
        if curation is not None:
            curated = sum(1 for e in graph.entities.values() if e.curation)
            if curated:
                warnings.warn(
                    f"{source}: curated before ({curated} entities record curation "
                    "rules): these rules apply on top; to start from the uncurated graph, "
                    "build it again (from the cache) or keep it apart with -o",
                    stacklevel=1,
                )
            graph = curate(graph, curation, report=report)
            print(f"curation  {report.curation_summary()}")
            if (
                out.resolve() == source.parent.resolve()
                and source.suffix[1:] not in settings.formats
            ):
                warnings.warn(
                    f"{source} is not written again (not in --formats): it stays uncurated "
                    "beside the curated outputs",
                    stacklevel=1,
                )
        for path in write_outputs(graph, out, settings, remove_stale=False):
            print(f"wrote     {path}")
        return 0


def _formats_in(folder: Path) -> tuple[str, ...]:
    """The output formats kg wrote in ``folder`` (its manifest), in the registry's order;
    the default formats if it has none."""
    from .manifest import Manifest

    written = {record.get("format") for record in Manifest(folder).files.values()}
    formats = tuple(name for name in exporters() if name in written)
    return formats or Settings().formats


def _curate(args: argparse.Namespace) -> int:
    from .suggest import format_suggestions, suggest

    if not args.suggest:
        raise UsageError(
            "kg curate needs --suggest (print suggested rules); apply a curation file "
            "with kg export GRAPH --curation FILE"
        )
    if args.top < 1:
        raise UsageError("--top must be at least 1")
    graph = load(args.graph)
    if graph.entities and not graph.mentions:
        raise UsageError(
            f"{args.graph}: the graph has no mentions (written with --no-evidence?); "
            "suggestions are read from the mentions"
        )
    suggestions = suggest(graph, top=args.top)
    print(
        format_suggestions(
            suggestions,
            graph,
            graph_name=args.graph,
            apply_hint=f"kg export {args.graph} --curation FILE",
        ),
        end="",
    )
    return 0


def _results(args: argparse.Namespace) -> int:
    from .leaderboard import board_records, format_boards, leaderboards, write_board_csv

    for role in ("dataset", "metric", "method"):
        if getattr(args, role) is not None and not getattr(args, role).strip():
            raise UsageError(f"--{role} needs a name")
    graph = load(args.graph)
    boards = leaderboards(graph, dataset=args.dataset, metric=args.metric, method=args.method)
    if args.result_format == "json":
        print(json.dumps(board_records(graph, boards), ensure_ascii=False))
    elif args.result_format == "csv":
        write_board_csv(graph, boards, sys.stdout)
    elif boards:
        print(format_boards(graph, boards), end="")
    else:
        print(
            "(no reported results"
            + "".join(
                f" {word} {getattr(args, role)!r}"
                for role, word in (("dataset", "on"), ("metric", "of"), ("method", "by"))
                if getattr(args, role)
            )
            + ")"
        )
    return 0


def _communities(args: argparse.Namespace) -> int:
    if args.top < 1:
        raise UsageError("--top must be at least 1")
    frame = communities(load(args.graph), type=args.type, top=args.top)
    if args.result_format == "json":
        print(frame.to_json(orient="records", force_ascii=False))
        return 0
    if frame.empty:
        print(f"(no communities: no entity is named by {MAP_MIN_PAPERS} or more papers)")
    for number, row in frame.iterrows():
        print(f"{number:>3}  {row['size']:>5} entities  {', '.join(row['labels'][:8])}")
    return 0


def _announce_reading(graph: str, stages) -> None:
    """Tell ``stages`` that the graph file behind ``graph`` is being read, and its size."""
    from .rdf.formats import resolve_graph_file

    if stages is not None:
        file = resolve_graph_file(graph)
        stages(Stage("read", f"reading {file} ({byte_size(file.stat().st_size)})..."))


def _validate(args: argparse.Namespace) -> int:
    from .rdf.validate import MAX_LISTED, validate

    result = validate(args.graph, stages=_stage_lines(args.quiet))
    if result.conforms:
        print(f"{result.file}: conforms to kg's shapes ({result.triples} triples)")
        return 0
    print(f"{result.file}: does not conform: {len(result.violations)} violation(s)")
    for violation in result.violations[:MAX_LISTED]:
        print(f"  {violation}")
    if len(result.violations) > MAX_LISTED:
        print(f"  ... and {len(result.violations) - MAX_LISTED} more")
    return NotConforming.exit_code


def _cache(args: argparse.Namespace) -> int:
    from .extract import Extractor
    from .extract.cache import CACHE_FILE, cache_summary, clear_cache, default_cache_dir

    folder = args.cache_dir or default_cache_dir()
    try:
        if args.clear:
            removed = clear_cache(folder)
            print(f"{'removed' if removed else 'no cache at'} {Path(folder) / CACHE_FILE}")
            return 0
        summary = cache_summary(folder)
    except OSError as error:  # a name too long, a folder kg may not enter
        shown = str(folder) if len(str(folder)) <= 80 else str(folder)[:77] + "..."
        raise InputError(f"cannot use the cache folder ({error.strerror})", shown) from None
    print(f"cache     {summary['path']} ({summary['bytes'] / 1e6:.1f} MB)")
    current = Extractor(Settings()).fingerprint()
    for fingerprint, count in sorted(summary["entries"].items()):
        mark = "  (default pipeline)" if fingerprint == current else ""
        print(f"          {fingerprint}  {count} papers{mark}")
    return 0


class Terminated(KeyboardInterrupt):
    """SIGTERM, turned into an exception so that ``finally`` blocks stop the workers."""


def _terminate(signum, frame) -> None:
    raise Terminated()


def _one_line_warning(message, category, filename, lineno, file=None, line=None) -> None:
    print(f"kg: warning: {message}", file=sys.stderr)


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = make_parser()
    args, extra = parser.parse_known_args(argv)
    # argparse gives an optional positional (the query text) nothing when options stand
    # between it and the graph: "kg query DIR --result-format csv 'SELECT ...'"
    if (
        extra
        and getattr(args, "command", None) == "query"
        and args.query is None
        and len(extra) == 1
        and not extra[0].startswith("-")
    ):
        args.query, extra = extra[0], []
    if extra:
        # (one line: an argument holding a line break is written as Python writes it)
        shown = " ".join(a if a.isprintable() else repr(a) for a in extra)
        parser.error(f"unrecognized arguments: {shown}")
    for name in _PATH_OPTIONS:
        value = getattr(args, name, None)
        if value == "" or (isinstance(value, list) and "" in value):
            # (an empty path silently meant the current folder, or no curation at all)
            shown = _POSITIONAL_PATHS.get(name) or f"--{name.replace('_', '-')}"
            parser.error(f"{shown} needs a value, not an empty one")
    return args


# Arguments naming a file, a folder or a pipeline: none of them may be given empty.
_POSITIONAL_PATHS = {"graph": "GRAPH", "inputs": "INPUT", "train": "TRAIN.json", "dev": "DEV.json"}
_PATH_OPTIONS = (
    "out",
    "curation",
    "cache_dir",
    "store",
    "entity_model",
    "model",
    "lexicon",
    "file",
    *_POSITIONAL_PATHS,
)


# Controls that a terminal acts on (an escape sequence retitles it or moves the cursor); tab,
# newline and carriage return are text.
# controls, and the bidirectional overrides and isolates that reorder what a terminal shows
# ("\u202egnp.exe" reads "exe.png")
_TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class TerminalText:
    """A terminal's stdout, or stderr, that shows controls as "?" instead of acting on them:
    labels, titles and file names come from files others wrote (an edited graph.ttl, a
    curation file, a folder of inputs), and an escape sequence in one must not retitle the
    terminal or rewrite what it shows."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(_TERMINAL_CONTROLS.sub("?", text))
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


class _OutputFull(KgError):
    """Standard output cannot take the answer (a full disk)."""


class _OutputGone(Exception):
    """Standard output's reader has gone ("kg results out | head -1"): kg stops, with no
    word and status 0. Not an ``OSError``, which handlers of kg's own files would take for
    theirs ("cannot use the cache folder (Broken pipe)")."""


class _GuardedStream:
    """Standard output or error whose failure to take text (a full disk: "> /dev/full") is
    the stream's, not a bug in kg: output's is a one-line ``_OutputFull``; error's drops the
    message, as a closed stderr's do (its reader gone too); output's gone reader is an
    ``_OutputGone``. After a
    failure the stream's descriptor writes to the null device, so what is still buffered
    cannot fail again when Python flushes it at exit (status 120, after kg's line);
    ``restore`` gives it back, once nothing is left buffered (``main`` is called in-process
    too)."""

    def __init__(self, stream, *, drops: bool) -> None:
        self._stream = stream
        self._saved: int | None = None  # the descriptor the null device stands in for
        # messages only, which a failure drops: stderr's, and stdout's where what is printed
        # there is no answer (``kg serve`` announces itself there, and serves on)
        self.drops = drops

    def _guarded(self, call, *args):
        try:
            return call(*args)
        except OSError as err:
            self._to_null()
            if self.drops:
                return None  # a full error output, or its reader gone: the work goes on
            if isinstance(err, BrokenPipeError):
                raise _OutputGone from None
            raise _OutputFull(f"standard output: cannot write ({err.strerror or err})") from None

    def _to_null(self) -> None:
        if self._saved is not None:
            return
        with contextlib.suppress(OSError, ValueError, AttributeError):
            descriptor = self._stream.fileno()
            saved = os.dup(descriptor)
            null = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(null, descriptor)
            finally:
                os.close(null)
            self._saved = saved

    def restore(self) -> None:
        """The stream's own descriptor back, where a failure put the null device there."""
        if self._saved is None:
            return
        with contextlib.suppress(OSError, ValueError, AttributeError):
            self._stream.flush()  # (into the null device: nothing is left to fail at exit)
            os.dup2(self._saved, self._stream.fileno())
        with contextlib.suppress(OSError):
            os.close(self._saved)
        self._saved = None

    def write(self, text: str) -> int:
        self._guarded(self._stream.write, text)
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self._guarded(self._stream.flush)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


# The commands whose answer is what they print (the others write files, or serve).
_ANSWERING_COMMANDS = frozenset(
    {"extract", "query", "centrality", "results", "communities", "cache", "validate", "curate"}
)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kg`` command; returns the exit status."""
    stdout, stderr = sys.stdout, sys.stderr
    guards: list[_GuardedStream] = []
    if stdout is not None and not isinstance(stdout, (TerminalText, _GuardedStream)):
        guards.append(_GuardedStream(stdout, drops=False))
        # a file or a pipe gets the text as it is
        sys.stdout = TerminalText(guards[-1]) if stdout.isatty() else guards[-1]
    if stderr is None:  # closed: messages go nowhere, not into standard output's data
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (closed below)
    elif not isinstance(stderr, TerminalText):
        # messages are for people, wherever they go (a log is read on a terminal later), and
        # name files and labels others wrote: a file name's escape sequence acts on none,
        # an argument's included ("unrecognized arguments: ...")
        guards.append(_GuardedStream(stderr, drops=True))
        sys.stderr = TerminalText(guards[-1])
    try:
        try:
            args = _parse(argv)
        except (_OutputFull, _OutputGone):
            return 0  # help or a version the output cannot take: dropped, as argparse does
        command = getattr(args, "command", None)
        if command is not None and command not in _ANSWERING_COMMANDS:
            for guard in guards:
                guard.drops = True  # (what the others print is no answer: a build's summary,
                # a server's address; a build whose summary cannot be printed is still made)
        if stdout is None:  # closed: an answer printed there would be lost without a word
            if (command is None or command in _ANSWERING_COMMANDS) and not (
                command == "cache" and args.clear
            ):
                shown = f"kg {command}" if command else "kg"
                print(
                    f"kg: error: standard output is closed ({shown} writes its answer there)",
                    file=sys.stderr,
                )
                return UsageError.exit_code
            sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (closed below)
        if args.command is None:  # "kg" alone
            with contextlib.suppress(_OutputFull, _OutputGone):
                make_parser().print_help()
            return 0
        warnings.showwarning = _one_line_warning
        main_thread = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, _terminate) if main_thread else None
        try:
            return _run(args)
        finally:
            if main_thread:
                # a SIGTERM while Python exits (after the answer) ends it, with no traceback
                signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)
    finally:
        # what is still buffered (help, a version) is written now, or dropped where it
        # cannot be (its failure sends the rest to the null device, not to Python's exit)
        if sys.stdout is not None:
            with contextlib.suppress(OSError, ValueError, KgError, _OutputGone):
                sys.stdout.flush()
        for guard in guards:
            guard.restore()
        if stderr is None:
            sys.stderr.close()
        if stdout is None and sys.stdout is not None:
            sys.stdout.close()
        sys.stdout, sys.stderr = stdout, stderr


def _run(args: argparse.Namespace) -> int:
    """The command's handler, its errors each reported in one line."""
    try:
        status = args.handler(args)
        sys.stdout.flush()  # (what is buffered fails here, not after kg has said nothing)
        return status
    except KgError as err:
        print(f"kg: error: {err}", file=sys.stderr)
        return err.exit_code
    except Terminated:
        print("kg: terminated", file=sys.stderr)
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except (BrokenPipeError, _OutputGone):
        return 0
    except Exception as err:  # a bug, not bad input: still one line unless asked
        if os.environ.get("KG_DEBUG"):
            raise
        print(
            f"kg: internal error: {type(err).__name__}: {err} (set KG_DEBUG=1 for the traceback)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
