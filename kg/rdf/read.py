"""Read a graph kg wrote (an output folder or an RDF file) back into a ``KnowledgeGraph``.

Parsing uses pyoxigraph, which reads a 200k-triple Turtle file in a fraction of a
second (rdflib's parser takes tens of times longer).
"""

from __future__ import annotations

import math
import os
import re
import warnings
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

from ..errors import InputError, UsageError
from ..graph import KnowledgeGraph
from ..ids import id_link
from ..readers.common import parse_date
from ..records import (
    CONTROL_CHARACTERS,
    DATE_ORIGINS,
    ENTITY_TYPES,
    RESULT_KINDS,
    Entity,
    LinkedMention,
    LinkedResult,
    Mention,
    Paper,
    Relation,
    Result,
    Source,
    mention_order,
    result_order,
)
from .formats import TRIPLE_TERM, parse_problem, rdf_format, rdf_input, resolve_graph_file
from .terms import (
    ENTITY_RELATIONS,
    KG,
    OBJECT_PROPERTIES,
    PAPER_RELATIONS,
    RES,
    RESULT_LINKS,
    SCHEMA,
    TYPE_BY_CLASS,
    predicate_iri,
)

_RDF, _DCT, _SKOS, _SCHEMA, _PROV = (str(ns) for ns in (RDF, DCTERMS, SKOS, SCHEMA, PROV))
# The predicates whose objects are nodes: a text (a literal) there links nothing.
_LINKS = frozenset(
    [
        *(str(predicate_iri(name)) for name in PAPER_RELATIONS + ENTITY_RELATIONS),
        *(str(KG) + name for name in OBJECT_PROPERTIES),
        _RDF + "type",
        _RDF + "subject",
        _RDF + "object",
        _PROV + "wasDerivedFrom",
    ]
)


def load(path: str | Path) -> KnowledgeGraph:
    """The graph of a folder written by ``kg build``, or of one of its RDF files.

    Parameters
    ----------
    path : path
        An output folder (its newest RDF file is read: ``graph.nt``, ``graph.ttl`` or
        ``graph.jsonld``) or an RDF file kg wrote.

    Returns
    -------
    KnowledgeGraph
        The graph as it was built, evidence included; ``source`` is the file read.

    Raises
    ------
    InputError
        No RDF file there, or one that cannot be parsed or was not written by kg.

    Examples
    --------
    >>> built = kg.build(out="out", formats="ttl", entity_model="none")
    >>> kg.load("out") == built
    True
    """
    if not isinstance(path, (str, os.PathLike)) or not os.fspath(path):
        raise UsageError(f"path must be an output folder or RDF file, not {path!r:.60}")
    file = resolve_graph_file(path)
    by_subject: dict[str, dict[str, list[str]]] = {}  # subject -> predicate -> object values
    try:
        with rdf_input(file) as source:
            for quad in ox.parse(**source, format=rdf_format(file).oxigraph):
                if type(quad.subject) is ox.Triple or type(quad.object) is ox.Triple:
                    raise InputError(f"{file}: cannot parse RDF ({TRIPLE_TERM})")
                predicate = quad.predicate.value
                if predicate in _LINKS and type(quad.object) is ox.Literal:
                    continue  # a text where a node belongs links nothing ("…/method/a")
                subject = quad.subject.value
                props = by_subject.get(subject)
                if props is None:
                    props = by_subject[subject] = {}
                value = quad.object.value
                if (
                    predicate == _DCT + "date"
                    and type(quad.object) is ox.Literal
                    and quad.object.datatype.value not in _DATE_TYPES
                ):
                    # a time of day, or a text: what kg writes and its shapes take is a date
                    raise InputError(
                        f"{file}: not a graph kg can read (dcterms:date {value[:40]!r} is typed "
                        f"<{quad.object.datatype.value[:80]}>, not xsd:date, xsd:gYearMonth, "
                        "xsd:gYear or xsd:gMonthDay)"
                    )
                if type(quad.object) is ox.Literal and CONTROL_CHARACTERS.search(value):
                    # a text edited by hand or written by another tool: its controls become
                    # spaces, as the readers make them (offsets into it still hold)
                    value = CONTROL_CHARACTERS.sub(" ", value)
                values = props.get(predicate)
                if values is None:
                    props[predicate] = [value]
                else:
                    values.append(value)
    except (SyntaxError, ValueError, OSError, MemoryError) as err:
        by_subject.clear()
        raise InputError(f"{file}: cannot parse RDF ({parse_problem(err)})") from None
    try:
        graph = _assemble(by_subject)
    except ValueError as err:
        raise InputError(f"{file}: not a graph kg can read ({err})") from None
    if not graph.papers:
        warnings.warn(
            f"{file}: no kg papers in this graph (is it one kg build wrote?)", stacklevel=2
        )
    graph.source = file
    return graph


# Numbers as XSD writes them, in ASCII digits: integers, and decimals or doubles.
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?INF|NaN")
# The largest count or offset a graph may hold: every integer to it converts to a float and
# indexes a string (a 4,000-digit paper count overflowed both).
MAX_COUNT = 2**53


def _number(
    kind: type, value: str | None, what: str, most: float | None = None, *, signed: bool = False
):
    """``kind(value)`` (0 when absent); ``ValueError`` naming ``what`` when it is no number,
    or not one of 0 to ``most`` (a count, an offset, a share: every later step takes it for
    one); a ``signed`` one (a reported value) need only be finite."""
    if value is None:
        return kind(0)
    if not (_INTEGER if kind is int else _DECIMAL).fullmatch(value):
        # (Python reads "٣٤", "９９９" and "1_0" too: no lexical form of XSD)
        raise ValueError(f"{what} {value[:40]!r} is not a number")
    try:
        number = kind(value)
    except (ValueError, OverflowError):
        raise ValueError(f"{what} {value[:40]!r} is not a number") from None
    if signed:
        if not math.isfinite(number):
            raise ValueError(f"{what} {value[:40]!r} is out of range")
        return number
    if not 0 <= number <= (MAX_COUNT if most is None else most):  # (NaN is neither)
        raise ValueError(f"{what} {value[:40]!r} is out of range")
    return number


# A key names a node in every view (GraphML, Neo4j tables, networkx): printable text, no
# control character, no non-character ("\uFFFF"), of a bounded length.
_KEY = re.compile(r"[^\x00-\x20\x7f-\x9f\ufffe\uffff\ud800-\udfff]{1,10000}")


def _checked_key(key: str, papers: dict, entities: dict) -> str:
    """``key``, unless it is no key kg could have written or another node already has it
    (an entity keyed as a paper would become that paper's node in every view)."""
    if not _KEY.fullmatch(key):
        raise ValueError(f"{key[:40]!r} is not a key kg writes (kg:key or a node's IRI)")
    if key in papers or key in entities:
        raise ValueError(f"two nodes have the key {key[:40]!r}")
    return key


def _assemble(by_subject: dict[str, dict[str, list]]) -> KnowledgeGraph:
    """The graph the triples describe: every field kg writes is read back, so a graph
    loaded from a default build equals the built one, evidence included."""
    kg_ns, res = str(KG), str(RES)
    papers: dict[str, Paper] = {}
    entities: dict[str, Entity] = {}
    slugs: dict[str, str] = {}
    key_of_iri: dict[str, str] = {}
    for iri, props in by_subject.items():
        types = set(props.get(_RDF + "type", ()))
        if kg_ns + "Paper" in types:
            if not iri.startswith(res + "paper/") or types & set(TYPE_BY_CLASS):
                raise ValueError(f"<{iri[:80]}> is a kg:Paper that is not a paper's node")
            key = _checked_key(iri.rsplit("/", 1)[-1], papers, entities)
            papers[key] = _paper(key, props)
            key_of_iri[iri] = key
        classes = sorted(TYPE_BY_CLASS[t] for t in types if t in TYPE_BY_CLASS)
        if len(classes) > 1:  # (its type would be a set's first: another on each run)
            raise ValueError(f"<{iri[:80]}> has {len(classes)} of kg's entity classes")
        entity_type = classes[0] if classes else None
        if entity_type and iri.startswith(res):
            named_type, _, entity_slug = iri[len(res) :].rpartition("/")
            if named_type != entity_type:
                # (written again, it would take the IRI of another node of that type)
                raise ValueError(f"<{iri[:80]}> is a kg {entity_type} named as another type")
            if len(props.get(kg_ns + "key", ())) > 1:
                raise ValueError(f"<{iri[:80]}> has more than one kg:key")
            key = _first(props, kg_ns + "key") or f"{entity_type}/{entity_slug}"  # older files
            key = _checked_key(key, papers, entities)
            entities[key] = Entity(
                key=key,
                type=entity_type,
                label=_first(props, _SKOS + "prefLabel") or entity_slug,
                aliases=tuple(props.get(_SKOS + "altLabel", ())),
                abbreviation=_first(props, kg_ns + "abbreviation"),
                paper_count=_number(int, _first(props, kg_ns + "paperCount"), "kg:paperCount"),
                mention_count=_number(
                    int, _first(props, kg_ns + "mentionCount"), "kg:mentionCount"
                ),
                generic=_first(props, kg_ns + "generic") in ("true", "1"),
                specificity=_number(
                    float, _first(props, kg_ns + "specificity") or "1", "kg:specificity", most=1
                ),
                curation=tuple(props.get(kg_ns + "curation", ())),
            )
            slugs[key] = entity_slug
            key_of_iri[iri] = key
    mentions, index_of_iri = _mentions(by_subject, key_of_iri, kg_ns, papers, entities)
    by_pair: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, item in enumerate(mentions):
        by_pair[(item.paper_key, item.entity_key)].append(index)
    stated = _statement_evidence(by_subject, key_of_iri, index_of_iri)
    relations, entity_relations = [], []
    iri_of = {name: str(predicate_iri(name)) for name in PAPER_RELATIONS + ENTITY_RELATIONS}
    for iri, props in by_subject.items():
        if iri in key_of_iri:
            subject = key_of_iri[iri]
            names = PAPER_RELATIONS if subject in papers else ENTITY_RELATIONS
            for name in names:
                for target in props.get(iri_of[name], ()):
                    obj = key_of_iri.get(target)
                    if obj not in entities:
                        continue  # unknown, or a paper: kg relates papers and entities to entities
                    if subject in papers:
                        relations.append(
                            Relation(subject, name, obj, tuple(by_pair[(subject, obj)]))
                        )
                    else:
                        evidence, confidence = stated.get((subject, name, obj), ((), 1.0))
                        entity_relations.append(Relation(subject, name, obj, evidence, confidence))
    uncounted = [
        key
        for iri, key in key_of_iri.items()
        if key in entities and kg_ns + "paperCount" not in by_subject[iri]
    ]
    if uncounted:  # (a graph another tool wrote: counted from what it holds, not taken as 0)
        named_in = defaultdict(set)
        for relation in relations:
            named_in[relation.object].add(relation.subject)
        mentioned = Counter(item.entity_key for item in mentions)
        for key in uncounted:
            entities[key] = replace(
                entities[key], paper_count=len(named_in[key]), mention_count=mentioned[key]
            )
    order = lambda r: (r.subject, r.predicate, r.object)
    graph = KnowledgeGraph(
        dict(sorted(papers.items())),
        dict(sorted(entities.items())),
        sorted(relations, key=order),
        mentions,
        sorted(entity_relations, key=order),
        _results(by_subject, key_of_iri, kg_ns, papers, entities),
        slugs=slugs,
    )
    return graph


def _first(props: dict, predicate: str) -> str | None:
    values = props.get(predicate)
    return values[0] if values else None


def _source(text: str, fmt: str) -> Source:
    path, _, line = text.rpartition(":")
    return Source(
        path, int(line) if line.isascii() and line.isdigit() and len(line) < 20 else 0, fmt
    )


def _paper(key: str, props: dict) -> Paper:
    kg_ns = str(KG)
    read_from = props.get(kg_ns + "readFrom", [])
    if read_from:
        sources = [_source(where, fmt) for fmt, _, where in (r.partition(":") for r in read_from)]
    else:  # files written before kg:readFrom
        sources = [_source(v, "") for v in props.get(_DCT + "source", [])]
    count = _first(props, kg_ns + "authorCount")
    identifiers = props.get(_DCT + "identifier", [])
    return Paper(
        title=_first(props, _DCT + "title") or "",
        abstract=_first(props, _DCT + "abstract") or "",
        key=key,
        external_id=identifiers[0] if identifiers else None,
        date=_date(_first(props, _DCT + "date")),
        date_origin=_one_of(_first(props, kg_ns + "dateOrigin"), DATE_ORIGINS, "kg:dateOrigin"),
        ids=tuple(i for i in identifiers if id_link(i) is not None),
        authors=tuple(props.get(kg_ns + "authorName", ())),
        author_count=_number(int, count, "kg:authorCount") if count is not None else None,
        organisation=_first(props, kg_ns + "organisation"),
        urls=tuple(
            v for p in (_SCHEMA + "codeRepository", _SCHEMA + "url") for v in props.get(p, [])
        ),
        categories=tuple(props.get(_DCT + "subject", ())),
        sources=tuple(sources),
    )


def _one_of(value: str | None, allowed: tuple[str, ...], name: str) -> str | None:
    """``value`` where it is one of ``allowed`` (or absent); a ``ValueError`` otherwise, as
    the shapes say: a value kg never writes is not read, nor written back."""
    if value is not None and value not in allowed:
        raise ValueError(f"{name} {value[:40]!r} is not one of {', '.join(allowed)}")
    return value


def _value_text(value: str | None) -> str:
    """A result's value as written: every result has one (``kg:valueText``)."""
    if not value:
        raise ValueError("a result without kg:valueText")
    return value


_DATE_TYPES = frozenset(
    f"http://www.w3.org/2001/XMLSchema#{name}"
    for name in ("date", "gYearMonth", "gYear", "gMonthDay")
)


def _date(value: str | None) -> str | None:
    """A paper's dcterms:date as the readers take dates (a year, a month, a day, or a day
    of a year not given), else ``ValueError``: "2019-13-45" was written out as an
    xsd:date no RDF tool reads."""
    if value is None:
        return None
    date = parse_date(value)
    if date is None:
        raise ValueError(f"dcterms:date {value[:40]!r} is no date")
    return date


def _mentions(
    by_subject, key_of_iri, kg_ns, papers: dict[str, Paper], entities: dict[str, Entity]
) -> tuple[list[LinkedMention], dict[str, int]]:
    """The mentions in kg.link's order, and the index of each mention IRI."""
    found = []
    for iri, props in by_subject.items():
        if kg_ns + "Mention" not in props.get(_RDF + "type", ()):
            continue
        paper = key_of_iri.get(_first(props, kg_ns + "inPaper") or "")
        entity = key_of_iri.get(_first(props, kg_ns + "denotes") or "")
        if paper not in papers or entity not in entities:
            continue  # (a mention "in" an entity, or "of" a paper, is none of kg's)
        agent = (_first(props, _PROV + "wasAttributedTo") or "").rsplit("/", 1)[-1]

        def integer(name: str, props: dict = props) -> int:
            return _number(int, _first(props, kg_ns + name), "kg:" + name)

        start, end = integer("startChar"), integer("endChar")
        mention = Mention(
            start=start,
            end=end,
            text=_first(props, kg_ns + "mentionText") or "",
            label=_one_of(_first(props, kg_ns + "mentionType"), ENTITY_TYPES, "kg:mentionType")
            or entities[entity].type,
            source={"rules": "rule", "abbreviations": "abbreviation"}.get(agent, agent),
            score=_number(float, _first(props, kg_ns + "confidence"), "kg:confidence", most=1),
            proposed=(_first(props, kg_ns + "proposedInPaper") or "false") == "true",
            field=_field(_first(props, kg_ns + "inField")),
            sentence_start=integer("sentenceStart"),
            sentence_end=integer("sentenceEnd"),
            model_label=_first(props, kg_ns + "modelLabel"),
            nested=(_first(props, kg_ns + "nested") or "false") == "true",
        )
        _check_spans(iri, papers[paper], mention.field, (start, end), mention)
        found.append((LinkedMention(paper, entity, mention), iri))
    found.sort(key=lambda pair: mention_order(pair[0]))
    return [item for item, _ in found], {iri: index for index, (_, iri) in enumerate(found)}


def _check_spans(iri: str, paper: Paper, field: str, span: tuple[int, int], item) -> None:
    """``ValueError`` for a span or sentence outside the text it is of (a graph edited by
    hand: its tables and evidence would point past the paper's text)."""
    size = len(paper.text_of(field))
    start, end = span
    if not (0 <= start <= end <= size and 0 <= item.sentence_start <= item.sentence_end <= size):
        raise ValueError(f"<{iri[:80]}> has offsets outside its paper's {field}")


def _field(value: str | None) -> str:
    """A field kg:inField names: the title or the abstract (older files: the abstract)."""
    if value is None:
        return "abstract"
    if value not in ("title", "abstract"):
        raise ValueError(f"kg:inField {value[:40]!r} is no field of a paper (title, abstract)")
    return value


def _statement_evidence(
    by_subject, key_of_iri, index_of_iri
) -> dict[tuple, tuple[tuple[int, ...], float]]:
    """(subject, relation name, object) -> (mention indexes, confidence), from the
    rdf:Statement resources that record which mentions state an entity->entity relation."""
    name_of = {str(predicate_iri(name)): name for name in ENTITY_RELATIONS}
    evidence = {}
    for props in by_subject.values():
        if _RDF + "Statement" not in props.get(_RDF + "type", ()):
            continue
        subject = key_of_iri.get(_first(props, _RDF + "subject") or "")
        name = name_of.get(_first(props, _RDF + "predicate") or "")
        obj = key_of_iri.get(_first(props, _RDF + "object") or "")
        indexes = tuple(
            index_of_iri[v] for v in props.get(_PROV + "wasDerivedFrom", []) if v in index_of_iri
        )
        confidence = _number(
            float, _first(props, str(KG.confidence)) or "1", "kg:confidence", most=1
        )
        if subject and name and obj:
            evidence[(subject, name, obj)] = (indexes, confidence)
    return evidence


def _results(
    by_subject, key_of_iri, kg_ns, papers: dict[str, Paper], entities: dict[str, Entity]
) -> list[LinkedResult]:
    """The kg:Result resources, in ``result_order``; the spans of their metric, dataset
    and method from the mentions they are derived from (the one denoting each entity).
    A result reported in no paper is none of kg's; a link to no entity links nothing."""
    found = []
    for iri, props in by_subject.items():
        if kg_ns + "Result" not in props.get(_RDF + "type", ()):
            continue
        paper = key_of_iri.get(_first(props, kg_ns + "reportedIn") or "")
        if paper not in papers:
            continue
        keys = {
            role: linked
            if (linked := key_of_iri.get(_first(props, kg_ns + name) or "")) in entities
            else None
            for role, name in RESULT_LINKS.items()
        }
        spans: dict[str, tuple[int, int] | None] = {f"{role}_span": None for role in RESULT_LINKS}
        for mention in props.get(_PROV + "wasDerivedFrom", ()):
            denoted = key_of_iri.get(_first(by_subject.get(mention, {}), kg_ns + "denotes") or "")
            for role, key in keys.items():
                if key is not None and key == denoted:
                    mention_props = by_subject[mention]
                    spans[f"{role}_span"] = (
                        _number(int, _first(mention_props, kg_ns + "startChar"), "kg:startChar"),
                        _number(int, _first(mention_props, kg_ns + "endChar"), "kg:endChar"),
                    )
        number = _first(props, kg_ns + "numericValue")
        low, high = (_first(props, kg_ns + n) for n in ("lowValue", "highValue"))
        number = (
            _number(float, number, "kg:numericValue", signed=True) if number is not None else None
        )
        kind = _first(props, kg_ns + "resultKind") or "score"
        if kind not in RESULT_KINDS:
            raise ValueError(f"kg:resultKind {kind[:40]!r} is not one of {', '.join(RESULT_KINDS)}")
        start, end, sentence_start, sentence_end = (
            _number(int, _first(props, kg_ns + name), "kg:" + name)
            for name in ("startChar", "endChar", "sentenceStart", "sentenceEnd")
        )
        result = Result(
            value=_value_text(_first(props, kg_ns + "valueText")),
            number=number,
            low=number if number is not None else _number(float, low, "kg:lowValue", signed=True),
            high=number
            if number is not None
            else _number(float, high, "kg:highValue", signed=True),
            unit=_first(props, kg_ns + "unit") or "",
            kind=kind,
            start=start,
            end=end,
            field=_field(_first(props, kg_ns + "inField")),
            sentence_start=sentence_start,
            sentence_end=sentence_end,
            ours=(_first(props, kg_ns + "ours") or "false") == "true",
            **spans,
        )
        _check_spans(iri, papers[paper], result.field, (start, end), result)
        found.append(LinkedResult(paper, result, **keys))
    return sorted(found, key=result_order)
