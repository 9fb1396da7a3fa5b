"""The public Python API; the command line is a thin layer over these functions."""

from __future__ import annotations

import itertools
import os
import re
import shutil
import tempfile
import time
import warnings
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from .errors import InputError, KgError, OutputRefused, UsageError, check_flag
from .files import atomic_path, folders_removed_unless_written, temporary_stem
from .graph import KnowledgeGraph, check_graph
from .link.curation import Curation, CurationLog, apply_curation, as_curation
from .manifest import LOCK_FILE, MANIFEST, Manifest, file_record, folder_lock, through_a_link
from .progress import PaperStream, Reading, StageHook, announce, byte_size, check_stages
from .readers import ReadMeter, deduplicate, expand_inputs, read_papers
from .records import LinkResult, Mention, Paper, PaperExtraction
from .registry import exporters
from .settings import Settings

if TYPE_CHECKING:
    from .extract.cache import ExtractionCache
    from .link import Resolved

STAGING_PREFIX = ".kg-staging-"


def sample_inputs() -> list[str]:
    """Paths of the bundled sample corpus (an HF-dump text file and a JSONL file).

    Returns
    -------
    list of str
        The two files, sorted.

    Examples
    --------
    >>> [path.rsplit("/", 1)[-1] for path in kg.sample_inputs()]
    ['daily_papers.txt', 'papers.jsonl']
    """
    folder = resources.files("kg").joinpath("data/sample")
    return sorted(str(folder.joinpath(name)) for name in ("daily_papers.txt", "papers.jsonl"))


# How many reasons for skipped records a build report keeps (the rest are counted)
MAX_SKIPPED_KEPT = 100


@dataclass
class BuildReport:
    """What a build read, skipped, wrote and how long it took."""

    entries: int = 0
    # why records were skipped (``skip_invalid``): the first ``MAX_SKIPPED_KEPT`` of
    # ``skipped_count``, so a file of millions of bad lines costs no memory per line
    skipped: list[str] = field(default_factory=list)
    skipped_count: int = 0
    files: list[Path] = field(default_factory=list)
    # kg's own outputs of an earlier build that this one removed: graph files of other RDF
    # formats always (none may shadow the new graph), the rest with ``clean``
    removed: list[Path] = field(default_factory=list)
    # kg's outputs of an earlier build left in place (tables, pages, other formats): they
    # still describe the earlier graph
    kept: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    cached: int = 0  # papers whose extraction came from the cache
    extracted: int = 0  # papers run through the spaCy pipeline
    # whether entity resolution came from the cache too (kept by a build of the same
    # extractions, lexicons and code: kg.link.stored)
    resolved_cached: bool = False
    cache_problem: str | None = None
    # seconds per stage: "extract" (reading and extraction, interleaved), "link", "export"
    stage_seconds: dict[str, float] = field(default_factory=dict)
    # seconds per output format written ("ttl", "html", ...), within "export"
    format_seconds: dict[str, float] = field(default_factory=dict)
    # entities the linker left out, by class ("hardware", "organisation", ..., "not a name"),
    # and those whose type their kind evidence changed, by "majority -> type"
    left_out: dict[str, int] = field(default_factory=dict)
    retyped: dict[str, int] = field(default_factory=dict)
    # with a curation file: rules that selected something, per kind (drop, merge, ...), and
    # one line per rule that selected nothing (each also a warning)
    curation_applied: dict[str, int] = field(default_factory=dict)
    curation_unmatched: list[str] = field(default_factory=list)

    def curation_summary(self) -> str:
        """``14 rules applied (3 drop, 4 merge, ...), 1 selected nothing``."""
        return CurationLog(self.curation_applied, self.curation_unmatched).summary()


def input_list(inputs: Iterable[str | os.PathLike] | str | os.PathLike | None) -> list[str]:
    """``inputs`` as a list of paths: one path (str or ``Path``) or an iterable of them;
    None means the bundled sample. An empty list is an error, not the sample."""
    if inputs is None:
        return sample_inputs()
    if isinstance(inputs, (str, bytes, os.PathLike)):
        inputs = [inputs]
    try:
        items = list(inputs)
    except TypeError:
        raise UsageError(
            f"inputs must be a path or a list of paths, not {type(inputs).__name__}"
        ) from None
    if not items:
        raise UsageError("no inputs given (pass files or folders, or None for the bundled sample)")
    for item in items:
        if not isinstance(item, (str, os.PathLike)):
            raise UsageError(f"an input must be a path, not {type(item).__name__} ({item!r:.60})")
    return [os.fspath(item) for item in items]


def build(
    inputs: Iterable[str | os.PathLike] | None = None,
    out: str | os.PathLike | None = None,
    settings: Settings | None = None,
    *,
    report: BuildReport | None = None,
    progress: Callable[[Iterator[Paper]], Iterator[Paper]] | None = None,
    stages: StageHook | None = None,
    **overrides,
) -> KnowledgeGraph:
    """Read papers, extract and link their entities, and return the graph.

    Parameters
    ----------
    inputs : path or list of paths, optional
        Files or folders in any format kg reads (``docs/inputs.md``), or ``"-"`` for JSON
        Lines on stdin; None (the default) builds the bundled sample.
    out : path, optional
        Write the output files (``settings.formats``) into this folder; None writes
        nothing.
    settings : Settings, optional
        Every tunable at once; the defaults when not given.
    report : BuildReport, optional
        Filled in with what was read, skipped, cached, extracted and written, and the
        seconds per stage.
    progress : callable, optional
        Wraps the stream of papers as their extraction is done, by the pipeline or from the
        cache (``kg build --progress`` passes a tqdm bar): a function that takes an
        iterator of ``Paper`` and yields them. The iterator is a ``kg.progress.PaperStream``,
        whose ``total`` says how many papers there are in all (estimated from the bytes
        of the input files read until they are read to their end; None for standard
        input), for a percentage and a time left.
    stages : callable, optional
        Called with a ``kg.progress.Stage`` as each stage starts: ``extract`` (reading
        and extraction), ``link``, then one ``write`` per output format; its ``message``
        is a line for people (``kg build`` prints them). Nothing is printed by default.
    **overrides
        Single settings by name (``processes=2``, ``formats="ttl,csv"``,
        ``entity_model="transformer"``), applied on top of ``settings``.

    Returns
    -------
    KnowledgeGraph
        The graph built.

    Raises
    ------
    InputError
        An input that cannot be read (the message names the file and line), or none.
    UsageError
        A bad setting or argument.
    OutputRefused
        A file in ``out`` that kg did not write, unless ``force=True``.

    Examples
    --------
    >>> graph = kg.build(entity_model="none")  # the bundled sample, rules only
    >>> len(graph.papers) > 0 and len(graph.entities) > 0
    True
    """
    from .text.lexicon import load_lexicon

    started = time.perf_counter()
    if settings is not None and not isinstance(settings, Settings):
        raise UsageError(f"settings must be a kg.Settings, not {type(settings).__name__}")
    if out is not None and not (isinstance(out, (str, os.PathLike)) and os.fspath(out)):
        raise UsageError(f"out must be a folder path (or None to write nothing), not {out!r:.60}")
    if report is not None and not isinstance(report, BuildReport):
        raise UsageError(f"report must be a kg.BuildReport, not {type(report).__name__}")
    if progress is not None and not callable(progress):
        raise UsageError(
            f"progress must be a function of the paper stream, not {type(progress).__name__}"
        )
    check_stages(stages)
    settings = (settings or Settings()).with_overrides(**overrides)
    report = report if report is not None else BuildReport()
    files = expand_inputs(input_list(inputs))  # fail before loading a model
    load_lexicon(settings.lexicon)  # a bad lexicon line fails now, naming file and line
    curation = as_curation(settings.curation) if settings.curation else None  # and a bad rule
    with folders_removed_unless_written(out):
        if out is not None:
            prepare_output_folder(out, settings)  # and before minutes of extraction
            _refuse_inputs_as_outputs(files, out, settings)
        return _build(files, out, settings, report, progress, stages, curation, started)


def _build(
    files: list[str],
    out: str | os.PathLike | None,
    settings: Settings,
    report: BuildReport,
    progress: Callable[[Iterator[Paper]], Iterator[Paper]] | None,
    stages: StageHook | None,
    curation: Curation | None,
    started: float,
) -> KnowledgeGraph:
    """``build`` once its arguments are checked and its output folder is ready."""
    from .extract import Extractor  # spaCy is imported only when something is extracted
    from .extract.cache import ExtractionCache, default_cache_dir

    def count(papers: Iterator[Paper]) -> Iterator[Paper]:
        for paper in papers:
            report.entries += 1
            yield paper

    def skip(error: InputError) -> None:
        report.skipped_count += 1
        if len(report.skipped) < MAX_SKIPPED_KEPT:
            report.skipped.append(str(error))

    seen: dict[str, Paper] = {}
    meter = ReadMeter(files)
    reading = Reading(meter)
    stream = reading.count(
        deduplicate(
            count(
                read_papers(files, on_invalid=skip if settings.skip_invalid else None, meter=meter)
            ),
            seen,
        )
    )
    announce(stages, "extract", f"extracting entities from {_inputs_named(files, meter)}...")
    extractor = Extractor(settings)
    extraction_cache = None
    if settings.cache:
        with ExtractionCache(
            settings.cache_dir or default_cache_dir(), extractor.fingerprint()
        ) as extraction_cache:
            done = extractor.extract_papers(stream, extraction_cache)
            extractions = list(_followed(done, seen, reading, progress))
        report.cached, report.extracted = extraction_cache.hits, extraction_cache.misses
        report.cache_problem = extraction_cache.problem
    else:
        extractions = list(_followed(extractor.extract_papers(stream), seen, reading, progress))
        report.extracted = len(extractions)
    if not seen:
        raise InputError("no papers found in the inputs")
    linked = time.perf_counter()
    report.stage_seconds["extract"] = round(linked - started, 3)
    mentions = sum(len(extraction.mentions) for extraction in extractions)
    announce(stages, "link", f"linking {mentions:,} mentions of {len(seen):,} papers...")
    linked_result = _linked(extractions, seen, settings, curation, extraction_cache, report)
    report.left_out, report.retyped = dict(linked_result.left_out), dict(linked_result.retyped)
    del extractions  # the graph holds what it needs
    if linked_result.curation_log is not None:
        _report_curation(linked_result.curation_log, report)
    graph = KnowledgeGraph.from_parts(seen, linked_result)
    del linked_result
    exported = time.perf_counter()
    report.stage_seconds["link"] = round(exported - linked, 3)
    if out is not None:
        write_outputs(graph, out, settings, report=report, stages=stages)
        report.stage_seconds["export"] = round(time.perf_counter() - exported, 3)
    report.seconds = time.perf_counter() - started
    return graph


def _linked(
    extractions: list[PaperExtraction],
    papers: dict[str, Paper],
    settings: Settings,
    curation: Curation | None,
    extraction_cache: ExtractionCache | None,
    report: BuildReport,
) -> LinkResult:
    """``kg.link.link`` of the extractions, with the mentions resolved into entities as an
    earlier build of the same extractions, papers, lexicons and code resolved them, when
    the extraction cache's file keeps that (``kg.link.stored``); else resolved now, and
    kept there once linked (with the word frequencies linking looked up, curation and
    relations included). Without the cache (``--no-cache``) nothing is read or kept."""
    from .link import link, resolve_mentions
    from .link.resolve import known_zipf
    from .link.stored import LinkingStore, RoleStore, linking_key

    def linked(resolved: Resolved | None, roles: RoleStore | None = None) -> LinkResult:
        return link(
            extractions,
            papers,
            lexicon_files=settings.lexicon,
            curation=curation,
            resolved=resolved,
            role_memo=roles,
        )

    if extraction_cache is None or extraction_cache.problem is not None:
        return linked(None)
    key = linking_key(papers, extractions, extraction_cache.entries, settings.lexicon)
    if key is None:
        return linked(None)
    with LinkingStore(extraction_cache.path) as store, RoleStore(extraction_cache.path) as roles:
        resolved = store.get(key, extractions)
        report.resolved_cached = resolved is not None
        if resolved is not None:
            return linked(resolved, roles)
        resolved = resolve_mentions(extractions, papers, lexicon_files=settings.lexicon)
        result = linked(resolved, roles)
        store.put(key, replace(resolved, zipf=known_zipf()), extractions)
    return result


def _inputs_named(files: list[str], meter: ReadMeter) -> str:
    """``14 input files (936 kB)``, ``papers.jsonl (2.1 MB)``, ``standard input``."""
    if meter.total is None:
        others = len(files) - 1
        return "standard input" + (f" and {others} input file(s)" if others else "")
    what = Path(files[0]).name if len(files) == 1 else f"{len(files):,} input files"
    return f"{what} ({byte_size(meter.total)})"


def _followed(
    extractions: Iterator[PaperExtraction],
    papers: dict[str, Paper],
    reading: Reading,
    progress: Callable[[Iterator[Paper]], Iterator[Paper]] | None,
) -> Iterator[PaperExtraction]:
    """``extractions``, with their papers passed through ``progress`` as each is done.

    Whatever ``progress`` yields, every extraction comes out once, in order: one that
    yields fewer papers, or stops early, costs no extraction.
    """
    if progress is None:
        yield from extractions
        return
    pending: deque[PaperExtraction] = deque()

    def done() -> Iterator[Paper]:
        for extraction in extractions:
            pending.append(extraction)
            yield papers[extraction.paper_key]

    stream = PaperStream(done(), reading)
    for _ in itertools.chain(progress(stream), stream):  # and what progress left
        while pending:
            yield pending.popleft()


def _report_curation(log: CurationLog, report: BuildReport | None) -> None:
    """Warn of each rule that selected nothing; put the counts on ``report``."""
    for line in log.warnings():
        warnings.warn(line, stacklevel=3)
    if report is not None:
        report.curation_applied = dict(log.applied)
        report.curation_unmatched = list(log.unmatched)


def curate(
    graph: KnowledgeGraph,
    curation: Curation | str | os.PathLike,
    *,
    report: BuildReport | None = None,
) -> KnowledgeGraph:
    """Apply a curation file to a built graph, without extracting again.

    Parameters
    ----------
    graph : KnowledgeGraph
        A graph from ``kg.build`` or ``kg.load`` (written with evidence: its mentions are
        what is re-linked).
    curation : Curation or path
        The rules, or the curation file that holds them (``kg.link.curation.load_curation``).
    report : BuildReport, optional
        Gets ``curation_applied`` and ``curation_unmatched``.

    Returns
    -------
    KnowledgeGraph
        A new graph: the curated entities, and every relation made again from them (paper
        -> entity edges, ``broader``, and entity -> entity relations read from the papers'
        sentences), with evidence indexes into its own mentions. ``graph`` is unchanged.

    Raises
    ------
    KgError
        The curation file is malformed, or the graph has entities but no mentions (written
        with ``--no-evidence``), which leaves nothing to re-link.

    Warns
    -----
    UserWarning
        One per rule that selected nothing, and per sense of a split that took no mention.
    """
    from .link import assemble  # spaCy comes with the linker's word lists
    from .link.relate import stated_from_graph

    check_graph(graph)
    _check_report(report)
    rules = as_curation(curation)
    if graph.entities and not graph.mentions:
        where = f"{graph.source}: " if graph.source else ""
        raise UsageError(
            f"{where}the graph has no mentions (was it written with --no-evidence?); "
            "curation re-links mentions: build it again with evidence, or build with "
            "--curation"
        )
    entities, mentions, log = apply_curation(graph.entities, graph.mentions, rules)
    _report_curation(log, report)
    stated = stated_from_graph(graph.entity_relations, graph.mentions)
    claims = [(item.paper_key, item.result) for item in graph.results]
    return KnowledgeGraph.from_parts(
        graph.papers, assemble(entities, mentions, graph.papers, stated, claims)
    )


def prepare_output_folder(out: str | os.PathLike, settings: Settings | None = None) -> Path:
    """Make sure ``out`` is a folder kg can write, and remove what an interrupted build left
    there (staging folders, temporary files) unless another kg is writing there now; raises
    ``KgError`` if it cannot be used. With ``settings``, also check that its formats are not
    to overwrite a file kg did not write (or one changed since), unless ``settings.force``.
    """
    if settings is not None:
        _check_formats(settings)
    folder = _output_folder(out)
    try:
        with folder_lock(folder, wait=False) as held:
            if held:  # else a live build's staging folder is not a leftover
                _remove_leftovers(folder)
        if settings is not None:
            Manifest(folder).check(output_files(settings.formats), force=settings.force)
    except OSError as err:
        raise KgError(f"{folder}: cannot write the outputs here ({err.strerror or err})") from None
    return folder


def _refuse_inputs_as_outputs(
    inputs: list[str], out: str | os.PathLike, settings: Settings
) -> None:
    """An input the build would write over is an error, ``force`` or not: it is read
    while its replacement is being written, and the user's data would be gone."""
    folder = Path(out).resolve()
    targets = {(folder / name).resolve() for name in output_files(settings.formats)}
    for path in inputs:
        if path != "-" and Path(path).resolve() in targets:
            raise KgError(
                f"{path}: is an input of this build and one of its outputs; "
                "write the outputs into another folder (-o)"
            )


def output_files(formats: Iterable[str]) -> dict[str, str]:
    """The files the given formats write, relative to the output folder -> their format."""
    registered = exporters()
    return {name: fmt for fmt in formats for name in registered[fmt].files}


def _check_formats(settings: Settings) -> None:
    if not isinstance(settings, Settings):
        raise UsageError(f"settings must be a kg.Settings, not {type(settings).__name__}")
    if not settings.formats:
        raise UsageError(f"no output format given (choose one or more of {', '.join(exporters())})")


def _output_folder(out: str | os.PathLike) -> Path:
    """``out``, made if need be; a ``KgError`` if it is not a folder kg can write."""
    if not isinstance(out, (str, os.PathLike)):
        raise UsageError(f"out must be a folder path, not {type(out).__name__}")
    folder = Path(out)
    if "\x00" in str(folder):
        raise UsageError(f"out must be a folder path, not {str(folder)!r:.60} (a NUL character)")
    try:
        if folder.exists() and not folder.is_dir():
            raise KgError(f"{folder}: output path exists and is not a folder")
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as err:
        raise KgError(f"{folder}: cannot write the outputs here ({err.strerror or err})") from None
    return folder


def _check_report(report: BuildReport | None) -> None:
    if report is not None and not isinstance(report, BuildReport):
        raise UsageError(f"report must be a kg.BuildReport or None, not {report!r:.60}")


def _remove_leftovers(folder: Path) -> None:
    """Remove staging folders and temporary files of a killed run; only under the lock.

    Only what kg's own names could be: a staging folder named as ``tempfile`` names it and
    holding kg's mark, a temporary file named after an output as ``atomic_path`` names it
    (``.NAME.<8 random characters>.tmp``); a user's ".kg-staging-notes" or ".NAME.old.tmp"
    stays."""
    staging_name = re.compile(re.escape(STAGING_PREFIX) + _TEMP_PART)
    for leftover in folder.glob(STAGING_PREFIX + "*"):
        if (
            staging_name.fullmatch(leftover.name)
            and not leftover.is_symlink()
            and leftover.is_dir()
            and (leftover / STAGING_MARK).is_file()
        ):
            shutil.rmtree(leftover, ignore_errors=True)
    names = {f for exporter in exporters().values() for f in exporter.files}
    names |= {MANIFEST} | {name for name in Manifest(folder).files if "/" not in name}
    outputs_in: dict[PurePosixPath, set[str]] = defaultdict(set)  # by the folder they are in
    for name in names:
        outputs_in[PurePosixPath(name).parent].add(temporary_stem(PurePosixPath(name).name))
    for parent, outputs in outputs_in.items():
        if through_a_link(folder, str(parent / "-")):
            continue  # nothing is removed through a symbolic link
        try:  # one look at each folder, however many names the manifest lists
            entries = list(os.scandir(folder / parent))
        except OSError:
            continue
        for entry in entries:
            temporary = _ATOMIC_TEMPORARY.fullmatch(entry.name)
            if temporary and temporary.group(1) in outputs and not entry.is_symlink():
                Path(entry.path).unlink(missing_ok=True)


# The random part of a name ``tempfile`` makes (mkstemp, mkdtemp), and the file kg puts in
# its staging folder to know it for its own.
_TEMP_PART = r"[a-z0-9_]{8}"
_ATOMIC_TEMPORARY = re.compile(rf"\.(.+)\.{_TEMP_PART}\.tmp")  # atomic_path's, for file \1
STAGING_MARK = ".kg-staging"


def write_outputs(
    graph: KnowledgeGraph,
    out: str | os.PathLike,
    settings: Settings,
    *,
    remove_stale: bool = True,
    report: BuildReport | None = None,
    stages: StageHook | None = None,
) -> list[Path]:
    """Write every format in ``settings.formats`` into a folder.

    Parameters
    ----------
    graph : KnowledgeGraph
        The graph to write.
    out : path
        The output folder (made if missing).
    settings : Settings
        ``formats`` says what to write; ``force`` overwrites files kg did not write;
        ``clean`` removes kg's other outputs (with ``remove_stale``).
    remove_stale : bool, default True
        Remove kg's own graph files of RDF formats not written this time (a build does),
        and with ``settings.clean`` every other output kg wrote there before.
    report : BuildReport, optional
        Gets the paths written (``files``), removed (``removed``) and kept (``kept``), and
        the seconds per format (``format_seconds``).
    stages : callable, optional
        Called with a ``kg.progress.Stage`` named ``write`` as each format starts.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    OutputRefused
        A file in the way that kg did not write, or that changed since (without ``force``).

    Warns
    -----
    UserWarning
        A graph file of an earlier build that is not removed because it changed since kg
        wrote it: ``kg.load`` and ``kg query`` on the folder could read it.

    Notes
    -----
    The files are written into a staging folder inside ``out`` and moved in place only when
    all are complete, so an interrupted build leaves the previous outputs as they were.
    kg overwrites only files it wrote itself and that are unchanged since (the folder's
    ``.kg-manifest.json`` records them); any other file in the way is a ``KgError`` naming
    it, unless ``settings.force``. With ``remove_stale`` (a build), kg's own graph files of
    RDF formats this build did not write (a ``graph.nt`` from an earlier build) are
    removed, so no reader picks a stale graph; kg's other outputs (tables, pages, GraphML)
    are kept unless ``settings.clean``. ``kg export`` adds formats to a folder and keeps
    the rest.
    """
    from .rdf.formats import FOLDER_FILES  # pyoxigraph, only once something is written

    check_graph(graph)
    _check_formats(settings)
    check_stages(stages)
    check_flag("remove_stale", remove_stale)
    _check_report(report)
    folder = _output_folder(out)
    targets = output_files(settings.formats)
    seconds: dict[str, float] = {}
    try:
        with folder_lock(folder):  # another kg writing here finishes first
            _remove_leftovers(folder)
            manifest = Manifest(folder)
            manifest.check(targets, force=settings.force)  # again: files may have appeared
            stale_graphs = [name for name in FOLDER_FILES if name not in targets]
            stale = list(stale_graphs) if remove_stale else []
            if remove_stale and settings.clean:
                everything = list(output_files(exporters())) + sorted(manifest.files)
                stale += [name for name in everything if name not in targets]
            staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))
            try:
                (staging / STAGING_MARK).touch()
                seconds = _write_formats(graph, staging, settings, stages)
                manifest.begin(
                    {name: file_record(staging / name, fmt) for name, fmt in targets.items()}
                )
                written = []
                for name in targets:
                    (folder / name).parent.mkdir(parents=True, exist_ok=True)
                    os.replace(staging / name, folder / name)
                    written.append(folder / name)
                removed = manifest.remove(stale)
                manifest.commit(moved=targets)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
            order = {name: n for n, name in enumerate(output_files(exporters()))}
            kept = [
                folder / name
                for name in sorted(manifest.files, key=lambda f: (order.get(f, len(order)), f))
                if name not in targets and os.path.lexists(folder / name)
            ]
            lingering = [
                folder / name
                for name in stale
                if name in stale_graphs and os.path.lexists(folder / name)
            ]
    except OSError as err:
        raise KgError(f"{folder}: cannot write the outputs ({err.strerror or err})") from None
    for path in lingering:  # not kg's to remove: changed since, or never kg's
        warnings.warn(
            f"{path}: a graph file this build did not write, kept because kg did not "
            "write it or it changed since; kg query and kg.load on this folder may read "
            "it instead of the new graph: move it away",
            stacklevel=2,
        )
    if report is not None:
        report.files, report.removed, report.kept = written, removed, kept
        report.format_seconds = seconds
    return written


def _write_formats(
    graph: KnowledgeGraph, staging: Path, settings: Settings, stages: StageHook | None
) -> dict[str, float]:
    """Write each format of ``settings`` into ``staging``; the seconds each took.

    A large graph's first format (Turtle, in a build) is written by a forked child while
    this process writes the others, when there is a second core to run it: the files are
    the same, and so is what a failure raises."""
    from .processes import Beside, can_start_beside
    from .settings import PARALLEL_MIN_PAPERS, cpu_cores

    registered = exporters()
    formats = list(settings.formats)
    seconds: dict[str, float] = {}

    def write(fmt: str) -> float:
        began = time.perf_counter()
        registered[fmt].write(graph, staging, settings)
        return round(time.perf_counter() - began, 3)

    beside = None
    if (
        len(formats) > 1
        and len(graph.papers) >= PARALLEL_MIN_PAPERS
        and cpu_cores() > 1
        and can_start_beside()
    ):
        first = formats.pop(0)
        announce(stages, "write", f"writing {_files_named(registered[first])}...")
        beside = Beside(lambda: write(first), f"writing {_files_named(registered[first])}")
    try:
        for fmt in formats:
            announce(stages, "write", f"writing {_files_named(registered[fmt])}...")
            seconds[fmt] = write(fmt)
        if beside is not None:
            seconds[first] = beside.result()
    finally:
        if beside is not None:
            beside.stop()
    return {fmt: seconds[fmt] for fmt in settings.formats}


def _files_named(exporter) -> str:
    """``graph.ttl``, or ``7 csv files (papers.csv, entities.csv, ...)``."""
    files = exporter.files
    if len(files) == 1:
        return files[0]
    return f"{len(files)} {exporter.name} files ({files[0]}, {files[1]}, ...)"


def check_page(path: str | os.PathLike, kind: str, *, force: bool = False) -> None:
    """Raise ``KgError`` if writing page ``path`` (of ``kind``: "view", "report") would
    overwrite a file kg did not write (or one changed since), unless ``force``, or another
    of kg's outputs (its graph, a table, the manifest), or if ``path`` names a folder."""
    _check_file_name(path, kind)
    path = Path(path)
    _check_page(Manifest(path.parent), path, kind, force=force)


def _names_a_folder(path: str | os.PathLike) -> bool:
    """Whether ``path`` as written names a folder: a separator at its end, or "." or ".."
    last (``Path`` drops both: "out/" and "out/." would be written as a file "out")."""
    written = os.fsdecode(path)
    return written.endswith(("/", os.sep)) or os.path.basename(written) in (".", "..")


def _check_file_name(path: str | os.PathLike, kind: str) -> None:
    if _names_a_folder(path):
        raise UsageError(
            f"{os.fsdecode(path)}: names a folder; give a file name such as "
            f"{Path(path) / (kind + '.html')}"
        )


# What each page kind may replace: a map replaces a map (graph.html is one).
_PAGE_KINDS = {"view": {"view", "html"}, "report": {"report"}}


def _check_page(manifest: Manifest, path: Path, kind: str, *, force: bool) -> None:
    if kind not in _PAGE_KINDS:
        raise UsageError(f"a page is a {' or a '.join(_PAGE_KINDS)}, not {kind!r:.40}")
    if path.name.casefold() in (MANIFEST.casefold(), LOCK_FILE.casefold()):
        raise OutputRefused(f"{path}: kg's own bookkeeping file, not a page: give another path")
    from .rdf.formats import FOLDER_FILES

    if path.name.casefold() in {name.casefold() for name in FOLDER_FILES}:
        # "kg report OUT -o OUT/graph.ttl": every command on OUT would read the page as the
        # graph, wherever it was put
        raise OutputRefused(
            f"{path}: the name of a graph file kg reads, not of a {kind} page: give another path"
        )
    manifest.check([path.name], force=force)
    written = manifest.files.get(path.name, {}).get("format")
    if (
        written is not None
        and written not in _PAGE_KINDS[kind]
        and os.path.lexists(path)
        and not force
    ):
        # kg's own, but no page of this kind: "kg view OUT -o OUT/graph.ttl" replaced the graph
        raise OutputRefused(
            f"{path}: kg's {written} output, not a {kind} page; give another path, or "
            "overwrite it with --force (Python: force=True)"
        )


def write_page(path: str | os.PathLike, text: str, kind: str, *, force: bool = False) -> Path:
    """Write one page (``kg report``, ``kg view``) atomically and record it in its folder's
    manifest as ``kind``; a file kg did not write is not overwritten unless ``force``."""
    _check_file_name(path, kind)
    path = Path(path)
    try:
        with folder_lock(path.parent):
            manifest = Manifest(path.parent)
            _check_page(manifest, path, kind, force=force)
            with atomic_path(path) as tmp:
                tmp.write_text(text, encoding="utf-8")
                manifest.begin({path.name: file_record(tmp, kind)})
            manifest.commit(moved=[path.name])
    except OSError as err:
        raise KgError(f"{path}: cannot write ({err.strerror or err})") from None
    return path


def extract_mentions(
    text: str, *, model: str | None = None, entity_model: str | None = None
) -> list[Mention]:
    """Typed mentions in one text, as ``kg build`` finds them in an abstract.

    Parameters
    ----------
    text : str
        The text (at most ``kg.settings.MAX_TEXT_CHARS`` characters).
    model : str, optional
        The spaCy pipeline for tokens and parses (default: ``Settings.model``).
    entity_model : str, optional
        The trained recogniser: ``fast`` (default), ``transformer``, a path, or ``none`` for
        rules only.

    Returns
    -------
    list of Mention
        Character offsets, label, text, whether the text proposes it, source and score.

    Examples
    --------
    >>> [m.text for m in kg.extract_mentions("We propose FooNet.", entity_model="none")]
    ['FooNet']
    """
    from .extract import Extractor

    overrides = {k: v for k, v in (("model", model), ("entity_model", entity_model)) if v}
    return Extractor(Settings().with_overrides(**overrides)).extract_text(text)


def read(inputs: Iterable[str | os.PathLike] | str | os.PathLike) -> Iterator[Paper]:
    """Stream the unique papers of ``inputs``, without extracting anything.

    Parameters
    ----------
    inputs : path or list of paths
        Files or folders in any format kg reads; duplicates across them are one paper.

    Returns
    -------
    iterator of Paper
        The first copy of each paper, in reading order.

    Raises
    ------
    InputError
        An input that cannot be read, when the iterator reaches it.

    Examples
    --------
    >>> papers = list(kg.read(kg.sample_inputs()))
    >>> all(p.title for p in papers)
    True
    """
    return deduplicate(read_papers(input_list(inputs)), {})
