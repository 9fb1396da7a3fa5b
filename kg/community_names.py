"""Names for communities of entities: each named by its most distinctive specific members.

A community found in the co-occurrence graph (``kg.analysis.communities``) is a
set of entity keys. Naming it by its most frequent members names communities after hubs
that run through the whole corpus ("Transformer", "ImageNet"); naming it by what sets it
apart from the rest of the corpus names what it is about. Papers are the documents and the
entities they name their words, as in class-based TF-IDF (c-TF-IDF, the topic names of
BERTopic, Grootendorst 2022), and an entity is scored by its lift in the community weighted
by its frequency there:

* each paper is shared among the communities of the entities it names, in proportion to
  how many of its community members fall in each;
* ``tf(e, c)`` is the share of community ``c`` in the papers that name entity ``e``, summed;
  ``size(c)``, the summed ``tf`` of every entity in ``c``; ``f(e)`` and ``T``, the same
  over all communities;
* ``p(e, c) = tf(e, c) / size(c)`` is how often the community names ``e``, ``p(e) = f(e) / T``
  how often the corpus does, their ratio the lift;
* ``score(e, c) = p(e, c) * log(p(e, c) / p(e))``: the entity's term in the Kullback-Leibler
  divergence of the community from the corpus. It is high for an entity the community
  names often and the rest of the corpus seldom; a hub named everywhere has a lift near 1
  and scores near 0, and one-paper oddities score little however high their lift.

Umbrella terms (entities flagged ``generic``) name nothing. A name takes the best member of
each type in turn (methods, datasets, tasks and metrics before concepts, which name no
field), so a community reads as, for example, "ResNet · ImageNet · image classification".

The functions take plain data, not a ``KnowledgeGraph``: ``entities`` maps keys to objects
with ``type``, ``label`` and ``generic`` (``kg.records.Entity``), ``relations`` are the
paper-to-entity relations (objects with ``subject``, the paper, and ``object``, the entity),
and ``groups`` the communities as lists of entity keys.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

# Types that name a community first, one member each; concepts only fill in.
NAMING_TYPES = ("method", "dataset", "task", "metric")
NAME_PARTS = 3  # entities in a community's name
# A member of a type not yet in the name is taken over a better one of a type already in it
# only while it scores at least this share of the community's best: a type is not worth
# naming by a member that barely belongs.
TYPE_SHARE = 0.4
SEPARATOR = " · "


def community_term_scores(
    entities: Mapping[str, Any],
    relations: Iterable[Any],
    groups: Sequence[Sequence[str]],
) -> list[list[tuple[str, float]]]:
    """Each community's specific members scored against the whole corpus (lift weighted by
    frequency).

    Parameters
    ----------
    entities : mapping of str to Entity
        Every entity by key; each has ``type``, ``label`` and ``generic``.
    relations : iterable of Relation
        Paper-to-entity relations: ``subject`` is a paper key, ``object`` an entity key.
        Each (paper, entity) pair counts once, whatever its role.
    groups : sequence of sequences of str
        The communities, as entity keys; an entity belongs to one community at most.

    Returns
    -------
    list of lists of (str, float)
        Per community, in the order of ``groups``: its members that are not ``generic``
        with their scores, best first (ties by key). A member no paper names scores 0.

    Notes
    -----
    The score is ``p(e, c) * log(p(e, c) / p(e))`` (see the module's text). A paper is
    shared among the communities of the entities it names, in proportion to its members in
    each, so an entity named all over the corpus has a lift near 1 in any one community,
    and one named as often but mostly inside one community a high lift there. A member
    named less often in its community than in the corpus scores below 0.

    Examples
    --------
    >>> from kg.records import Entity, Relation
    >>> entities = {k: Entity(key=k, type="method", label=k) for k in ("hub", "a", "b")}
    >>> relations = [Relation(p, "uses", e) for p, e in
    ...              [("p1", "hub"), ("p1", "a"), ("p2", "hub"), ("p2", "a"),
    ...               ("p3", "hub"), ("p3", "b"), ("p4", "hub"), ("p4", "b")]]
    >>> [[key for key, _ in ranked] for ranked in
    ...  community_term_scores(entities, relations, [["hub", "a"], ["b"]])]
    [['a', 'hub'], ['b']]
    """
    community_of = {key: number for number, members in enumerate(groups) for key in members}
    named: dict[str, set[str]] = defaultdict(set)  # paper -> entities it names
    for relation in relations:
        if relation.object in entities:
            named[relation.subject].add(relation.object)
    tf: dict[tuple[str, int], float] = defaultdict(float)
    papers_in_communities: dict[str, float] = defaultdict(float)
    size = [0.0] * len(groups)
    for keys in named.values():
        found = [community_of[k] for k in keys if k in community_of]
        if not found:
            continue
        part: dict[int, float] = defaultdict(float)  # the paper's share in each community
        for number in found:
            part[number] += 1.0 / len(found)
        for key in keys:
            if entities[key].generic:
                continue
            papers_in_communities[key] += 1.0
            for number, weight in part.items():
                tf[key, number] += weight
                size[number] += weight
    total = sum(size)
    scores = []
    for number, members in enumerate(groups):
        ranked = []
        for key in members:
            if key not in entities or entities[key].generic:
                continue
            frequency = papers_in_communities.get(key, 0.0)
            if not frequency or not tf[key, number]:
                ranked.append((key, 0.0))
                continue
            share = tf[key, number] / size[number]
            ranked.append((key, share * math.log(share / (frequency / total))))
        scores.append(sorted(ranked, key=lambda pair: (-pair[1], pair[0])))
    return scores


def pick_name_parts(
    ranked: Sequence[tuple[str, float]],
    entities: Mapping[str, Any],
    parts: int = NAME_PARTS,
) -> list[str]:
    """The keys that name one community: the best of each type in turn, then the best left.

    Parameters
    ----------
    ranked : sequence of (str, float)
        The community's members with their scores, best first (``community_term_scores``).
    entities : mapping of str to Entity
        Every entity by key, for its ``type``.
    parts : int, default 3
        How many entities a name holds at most.

    Returns
    -------
    list of str
        Up to ``parts`` keys: the best member of each type of ``NAMING_TYPES`` in the order
        of their scores, as long as it scores at least ``TYPE_SHARE`` of the community's
        best; then the best members not yet taken, concepts last.

    Examples
    --------
    >>> from kg.records import Entity
    >>> entities = {"m1": Entity("m1", "method", "M1"), "m2": Entity("m2", "method", "M2"),
    ...             "d1": Entity("d1", "dataset", "D1"), "c1": Entity("c1", "concept", "C1")}
    >>> pick_name_parts([("c1", 0.9), ("m1", 0.8), ("m2", 0.7), ("d1", 0.5)], entities)
    ['m1', 'd1', 'm2']
    >>> pick_name_parts([("c1", 0.9), ("m1", 0.8), ("m2", 0.7), ("d1", 0.1)], entities)
    ['m1', 'm2', 'd1']
    """
    chosen: list[str] = []
    seen_types: set[str] = set()
    best = max((score for _, score in ranked), default=0.0)
    for key, score in ranked:  # best of each naming type, in the order of their best scores
        kind = entities[key].type
        if len(chosen) >= parts or score < TYPE_SHARE * best:
            break
        if kind in NAMING_TYPES and kind not in seen_types:
            chosen.append(key)
            seen_types.add(kind)
    for key, _ in ranked:  # then fill with the best left, non-concepts first
        if len(chosen) >= parts:
            break
        if key not in chosen and entities[key].type != "concept":
            chosen.append(key)
    for key, _ in ranked:
        if len(chosen) >= parts:
            break
        if key not in chosen:
            chosen.append(key)
    return chosen


def community_names(
    entities: Mapping[str, Any],
    relations: Iterable[Any],
    groups: Sequence[Sequence[str]],
    parts: int = NAME_PARTS,
) -> list[str]:
    """A name for each community: its most distinctive specific members' labels.

    Parameters
    ----------
    entities : mapping of str to Entity
        Every entity by key; each has ``type``, ``label`` and ``generic``.
    relations : iterable of Relation
        Paper-to-entity relations (``subject`` a paper key, ``object`` an entity key).
    groups : sequence of sequences of str
        The communities, as entity keys.
    parts : int, default 3
        How many labels a name joins at most.

    Returns
    -------
    list of str
        One name per community, in the order of ``groups``: the labels of
        ``pick_name_parts`` joined by " · "; a community of generic entities only is named
        by its first members' labels.

    Examples
    --------
    >>> from kg.records import Entity, Relation
    >>> entities = {"hub": Entity("hub", "method", "Hub"),
    ...             "a": Entity("a", "dataset", "Aset"), "b": Entity("b", "task", "B-ing")}
    >>> relations = [Relation(p, "uses", e) for p, e in
    ...              [("p1", "hub"), ("p1", "a"), ("p2", "hub"), ("p2", "b")]]
    >>> community_names(entities, relations, [["hub", "a"], ["b"]])
    ['Aset · Hub', 'B-ing']
    """
    relations = list(relations)
    names = []
    for members, ranked in zip(
        groups, community_term_scores(entities, relations, groups), strict=True
    ):
        keys = pick_name_parts(ranked, entities, parts) or list(members[:parts])
        names.append(SEPARATOR.join(entities[k].label for k in keys if k in entities))
    return names
