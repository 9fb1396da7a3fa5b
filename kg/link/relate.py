"""Edges read from sentences: each paper's role for each entity it names, and the relations
between entities that its sentences state.

Part of the link stage (``kg.link.assemble`` calls it once entities are resolved).

**Roles.** A paper's edge to an entity says what the paper does with it, decided from the
sentences that name it, not from the entity's type:

``proposes``
    the paper introduces it (the extraction's proposal detection), or a sentence about its
    own work introduces it ("we propose an efficient X", "..., called X");
``comparesWith``
    a baseline or competitor: named after a comparison cue ("outperforms X", "compared to
    X", "than X", "X baselines"), or written as earlier work ("conventional X") in a
    sentence that sets the paper's work against something;
``evaluatesOn``
    a dataset its experiments use: named in a sentence about the paper's experiments; or
    a task named as a test bed, where experiments are run or results reported ("results on
    X", "tested on several benchmarks, including X");
``uses``
    its approach employs or builds on it: named in a sentence about the paper's own work
    ("we", "our", "this paper", the proposal's name);
``addresses``
    a task or problem it tackles: a task in the title or in a sentence about its own work,
    or whatever that work mitigates or overcomes ("we mitigate X");
``measures``
    a metric it reports: in a sentence about its own work or with a number;
``mentions``
    background: every other naming (related work, motivation, "unlike X").

Each naming votes; the paper's edge is the first role in that order that any naming won,
except that background contrast ("unlike X", "instead of X") is never a comparison, and a
name in the title keeps the title's role (``addresses``, or ``uses`` after "via", "with",
"using"...) unless a sentence proposes it, compares with it or evaluates on it. Roles are
read from the text alone: the trained relations between a name and the paper's own work
("our method USED-FOR X") changed no role on kg's annotated tuning papers.

**Entity relations.** SciERC's seven relation types, found by the trained classifier of
``kg.extract.relations`` between two mentions of one sentence, become edges between their
entities with the sentences as evidence and the classifier's best score as confidence.
"""

from __future__ import annotations

import gc
import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence, Set
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Protocol

from ..errors import KgError
from ..rdf.terms import EVALUATED_WITH, PAPER_ROLES, STATED_RELATIONS
from ..records import Entity, LinkedMention, Mention, Paper, Relation, SentenceRelation
from ..text.vocabulary import (
    HEAD_TYPES,
    MEASURED_QUANTITY_HEADS,
    METRIC_PHRASE_HEADS,
    PRIOR_WORK_WORDS,
)
from ..text.words import (
    ACTIVITY_HEAD,
    CITATION_KEY,
    NEW_OBJECT_RENAMED,
    is_name_like,
    is_short_form,
    singular,
)
from .role_model import RoleModel, packaged_role_model, role_features

PRIORITY = {role: rank for rank, role in enumerate(PAPER_ROLES)}
# Namings whose vote is remembered: the rules ask for each several times, the role model
# once more.
NAMING_ROLES_REMEMBERED = 1 << 15
# How much of a mention's sentence the cues read on each side of it. Abstracts' sentences
# are far shorter (the seeds' longest is under 800 characters); a text without full stops
# would otherwise have every cue read the whole text once per name in it.
CUE_WINDOW_CHARS = 1_000
# The roles an abstract's sentence may give a name the title already gives a role.
TITLE_OVERRIDES = frozenset({"proposes", "comparesWith", "evaluatesOn"})

OWN_WORK = re.compile(
    r"\b(?i:we|our|ours|us|this (paper|work|study|article|report|research|thesis|dissertation|"
    r"method|approach|model|framework)|"
    r"the proposed|proposed (method|approach|model|framework|technique))\b"
    # A single author writes "I" and "my". "I" counts where a clause opens and a lower-case
    # word follows ("Here, I show", "and I prove"), so "Type I error" and "Phase I" do not.
    r"|(^|[,;:(]\s*|\b(?i:and|then|here|now|also|first|finally|thus|so)\s+)I\s+(?=[a-z])"
    r"|\b(?i:my)\b"
    # "The new parameterization can ...", opening a sentence: the paper's own, named again
    r"|^\W*(?i:the (new|novel))\b"
)
# What an abstract's motivation says of the problem it goes on to tackle: "X remains a very
# difficult task", "(making) X a timely and essential problem".
_CALLED_A_PROBLEM_AFTER = re.compile(
    r"\s*((remains|is|becomes|has become|has been)\s+)?(still\s+)?(an?\s+)"
    # adverbs and "and" only, each word read one way (an "-ly" word is only \w+ly): no
    # backtracking that grows with the words of an untrusted sentence
    r"((?:very|long-standing|and|\w+ly)\s+)*"
    r"(difficult|challenging|hard|open|unsolved|important|essential|critical|fundamental|"
    r"pressing|key|central)\s+"
    r"(\w+\s+){0,2}?(task|problem|challenge|question)s?\b",
    re.IGNORECASE,
)
# What the sentence a name opens says of it: a problem, a phenomenon, a challenge ("X is an
# important problem in ...", "X poses a critical bottleneck", "X is a phenomenon where").
_SUBJECT_CALLED_A_PROBLEM = re.compile(
    r"^[^.;,]{0,80}?\b(is|are|remains?|has become|have become|poses?|constitutes?)\s+"
    r"(\w+\s+){0,4}?(problem|phenomenon|challenge|task|question|issue|bottleneck|obstacle|"
    r"concern)s?\b",
    re.IGNORECASE,
)
# A sentence that opens by reporting results with no owner ("Experiments show ...", "Results
# obtained through X agree ...") reports the paper's own, and so does one that presents the
# paper's main result or insight ("A main result is that ...", "The key idea is ...").
_REPORTS_RESULTS = re.compile(
    r"^\W*((the|these|our)\s+)?((numerical|experimental|empirical|extensive|simulation|comprehensive)\s+)?"
    r"(experiments|results|simulations|evaluations)\s+"
    r"(show|demonstrate|confirm|indicate|reveal|suggest|verify|validate|obtained|on|across|with)\b"
    r"|^\W*(\w+,\s+)?(a|the|one|another)\s+(main|key|central|major|primary|crucial|core)\s+"
    r"(result|finding|contribution|insight|observation|idea|ingredient)s?\b",
    re.IGNORECASE,
)
# A sentence that opens so goes on about what the sentence before it was about.
_CONTINUES = re.compile(
    r"^\W*(they|these|those|this|it|its|such|both|each|further(more)?|moreover|"
    r"in addition|additionally|specifically|experiments?|results?|here|there|then|next|"
    # "The scheme perturbs ...", after a sentence about the paper's own scheme
    r"the (method|approach|scheme|framework|algorithm|technique|procedure|pipeline))\b",
    re.IGNORECASE,
)
_COMPARISON_BEFORE = re.compile(
    r"\b(outperform\w*|surpass\w*|exceed\w*|beat\w*|better than|worse than|than\b|compared (to|with)|"
    r"comparison (to|with)|comparing (to|with)|relative to|against|over\b|versus|vs\.?|superior to|"
    r"on par with|competitive( results| performance)? with|(almost|nearly|roughly)? ?the same as|"
    r"comparable( or (superior|better))?( results| performance)? (to|with)|"
    r"superior( or comparable)?( results| performance)? to|"
    r"match\w*|rival\w*|improv\w* (over|upon|on)|"
    r"gains? over|advantage over|baselines?( such as| like| including)?|"
    r"state-of-the-art( methods?)?( such as| like)?)"
    r"[^.;:]{0,40}$"
    # "we compare the accuracy of our X with that of A and B", "comparisons are offered
    # against A", "for comparison, A achieves ...", but not "for comparisons, we measure
    # X with Y" nor "comparing A to B, where X ..." nor "we compare them to see how X ..."
    r"|(\bcompar(e|es|ing)\b((?!\bwe\b)[^.;:,]){0,60}?|\bcomparisons?\s+((are|were|is|was)\s+)?"
    r"(\w+\s+)?)\b(with|against|to(?!\s+\w+\s+(the|an?|how|whether|what|which|if|its|their|our|this|these)\b)"
    r"(?!\s+(understand|assess|evaluate|determine|show|study|investigate|examine|analy[sz]e|measure|"
    r"test|verify|identify|explore|quantify|demonstrate|reveal|see)\b))\b"
    r"((?!\b(where|which|while|whereas|because|since)\b)[^.;:]){0,40}$"
    r"|\bfor comparison\b[^.;:]{0,20}$"
    # "as fast as X", "differs from X", and the names listed with X; not "as much as 40%",
    # "as much as possible", nor a clause after the cue ("differs from the source, we use X")
    r"|\b(differs?\s+from|as\s+(much|good|effective|efficient|accurate|fast|strong|competitive)"
    r"\s+as(?!\s+(possible|[~≈]?\d)))\s+"
    r"((?!\b(we|us|our|which|when|while|whereas|where|because|since|and|but|it|they)\b)"
    r"[^.;:]){0,60}$"
    # "outperforms all moderately informed pruning strategies, such as X": the examples of
    # what the work is set against, however long the class's description
    r"|\b(outperform\w*|surpass\w*|beat\w*|than|compared (to|with)|against|versus)\b"
    # (not "better guarantees for kernels like X": examples of what the work is for)
    # nor a clause about the paper's own work ("Compared with X, our Y uses parts such as Z")
    r"((?!\b(for|we|our|us)\b)[^.;:]){0,80}?\b(such as|like|including|e\.g\.,?|namely)\s+"
    r"(the\s+)?$",
    re.IGNORECASE,
)
# "a lightweight alternative to X", "achieves the performance of the X": what the paper's
# own work stands in for or is measured against.
_ALTERNATIVE_TO_BEFORE = re.compile(
    # "an alternative to X"; what the work is, offered as a replacement for a method: "is a
    # drop-in replacement for X", "as a substitute for X" (not "samples replacements for
    # masked tokens")
    r"\b(alternatives?\s+to|((\bis|\bare|\bbe|\bas|serves?\s+as|acts?\s+as|provid\w*|"
    r"offer\w*)\s+(an?\s+)?|,\s+an?\s+)([\w-]+,?\s+){0,4}(replacements?|substitutes?)\s+for)"
    r"\s+"
    r"((the|a|an|standard|classical|conventional|traditional|existing)\s+)?$"
    r"|\b(achiev\w*|match\w*|reach\w*|attain\w*|recover\w*)\s+(the\s+)?"
    r"(performance|accuracy|quality)\s+of\s+(the\s+)?$",
    re.IGNORECASE,
)
# "overcomes the key limitations of X", "addresses the shortcomings in X": the work the
# paper's own improves on.
_OVERCOMES_LIMITS_BEFORE = re.compile(
    r"\b(overcom\w*|address\w*|alleviat\w*|mitigat\w*|resolv\w*|tackl\w*|fix\w*|remov\w*|"
    r"eliminat\w*|circumvent\w*|lift\w*)\s+(the\s+|these\s+|such\s+)?"
    r"((key|main|major|inherent|fundamental|critical|aforementioned|above)\s+)?"
    r"(limitations?|shortcomings?|drawbacks?|weakness(es)?|deficienc(y|ies)|bottlenecks?)\s+"
    r"(of|in|with)\s+((the|existing|standard|vanilla|conventional|original|current)\s+){0,2}$",
    re.IGNORECASE,
)
# A share of another method's cost or gain: "less than 1% of the compute required by X",
# "much of the speed-up of X", "a fraction of the memory of X".
_SHARE_OF_BEFORE = re.compile(
    r"\b(less|fewer|more|lower|higher|faster|slower|cheaper|much|most|fraction|half|"
    r"\d+(\.\d+)?\s*(%|x|times))\b[^.;:]{0,45}?"
    r"\b(cost|costs|time|speed-?ups?|memory|compute|computation|parameters|accuracy|"
    r"performance|flops|budget|runtime|latency)\s+"
    r"(of|required by|used by|needed by|incurred by|taken by)\s+(the\s+)?$",
    re.IGNORECASE,
)
_COMPARISON_AFTER = re.compile(r"^[\s\-]*(baselines?|counterparts?|-level)\b", re.IGNORECASE)
# The subject of a comparison the paper wins, in a sentence about its own work: its method.
_WINS_AFTER = re.compile(
    r"^[^,.;]{0,30}?\b(consistently |significantly |substantially )?"
    r"(outperform\w*|surpass\w*|beat\w*|improv\w* (over|upon)|achiev\w* (new )?"
    r"(state-of-the-art|sota|better)"
    # "X can obtain better results than", "X provides superior predictive performance"
    r"|(obtain|achiev|yield|deliver|provid|attain)\w*\s+(\w+\s+)?(better|superior)\s+"
    r"(\w+\s+)?(results|performance|accuracy))",
    re.IGNORECASE,
)
_CONTRAST_BEFORE = re.compile(
    r"\b(unlike|in contrast to|contrary to|instead of|rather than|as opposed to|"
    # "a radically different approach from X"
    r"different\s+(\w+\s+){0,2}?from|"
    r"similar to|akin to|without|not require\w*|no need for|need for|"
    # "our method does not rely on X", "the best ones do not include X"
    r"(do|does|did|can|could|need)\s*(not|n't)\s+(include|use|employ|rely on|involve|exploit)|"
    r"eliminat\w* the need( for)?|avoid\w*|free of|independent of( any)?|"
    # "dispensing with X entirely", "does away with X": what the work goes without
    r"dispens\w* with|do(es|ing)? away with|get(s|ting)? rid of|eschew\w*|forgo\w*|"
    # "networks originally designed for X": what earlier work was for, not this paper
    r"originally (been )?(designed|developed|intended|proposed|introduced) for|"
    # "schemes such as those used in X": what earlier work did, pointed at
    r"those (used|proposed|introduced|employed|adopted|developed) (in|by))(?!\w)[^.;:,]{0,30}$",
    re.IGNORECASE,
)
# Words that write a name as earlier work (not "original", "classical": what a paper may
# build on), and the words that set a paper's results against it.
_COMPETING_WORK = frozenset({"existing", "previous", "prior", "conventional", "traditional"})
_SET_AGAINST_WORDS = (
    r"outperform\w*|surpass\w*|exceed\w*|beat\w*|than|compared|comparisons?|against|"
    r"over|versus|vs\.?|superior|advantage\w*|complementary\s+to"
)
_SET_AGAINST = re.compile(rf"\b({_SET_AGAINST_WORDS})\b", re.IGNORECASE)
# A cue that sets the paper's work against what comes right after it, in its clause:
# "complementary to the", "outperforms", "than".
_SET_AGAINST_RIGHT_BEFORE = re.compile(
    rf"\b({_SET_AGAINST_WORDS})(\s+(to|with|over))?\s+"
    r"((the|all|several|many|most|both|other)\s+)?$",
    re.IGNORECASE,
)
# The kind of work a name is, written as earlier work right before it: "the existing
# algorithms X", "previous state-of-the-art methods such as X".
_COMPETING_KIND_BEFORE = re.compile(
    rf"\b({'|'.join(sorted(_COMPETING_WORK))})\s+([\w-]+\s+)?"
    r"(methods?|approach(es)?|algorithms?|models?|systems?|techniques?|baselines?|solvers?|"
    r"frameworks?|architectures?)\s*,?\s+((such\s+as|like|including|e\.g\.,?|namely)\s+)?$",
    re.IGNORECASE,
)
# After a comparison cue, a name that is what the compared methods are for ("state-of-the-art
# solutions for X") or a quantity ("less than 1 X of error") is no competitor.
_NOT_A_COMPETITOR_BEFORE = re.compile(
    r"(\b(for|in)\s+(the\s+)?|\bthan\s+[~≈]?\d[\d.,]*\s*"
    # "functions defined over X", "averaged over X": a domain, not a competitor
    r"|\b(defined|distributed|averaged|integrated|summed|minimi[sz]ed|maximi[sz]ed|optimi[sz]ed|"
    r"computed|supported|marginali[sz]ed|developed|trained|learned|learnt|fitted|estimated)"
    r"\s+over\s+(the\s+|a\s+|an\s+)?((\S+\s+){0,2})"
    # "improves upon X by combining it with Y", "beats X via Y": the means, not a competitor
    r"|\bby\s+\w+ing\s+((it|them|this|these)\s+)?((with|on|to|into)\s+)?((the|a|an)\s+)?"
    r"|\b(via|using|through)\s+((the|a|an)\s+)?"
    # "our model uses the state-of-the-art X", "we build on two state-of-the-art encoders, X":
    # built with (a verb's finite or -ing form: "the widely used state-of-the-art X" is one)
    r"|\b(uses?|using|builds?\s+(on|upon)|building\s+(on|upon)|extends?|extending|leverages?|"
    r"leveraging|adopts?|adopting|employs?|employing|exploits?|exploiting|incorporates?|"
    r"incorporating|integrates?|integrating|combines?|combining)\s+((the|a|two|three|several)\s+)?"
    r"state-of-the-art(\s*\([^()]{1,20}\))?(\s+[\w-]+){0,2}?((\s*,)?\s+(such as|like|"
    r"including)|\s*,)?\s+(the\s+)?"
    # "we achieve state-of-the-art performance on four X": where ours is best
    r"|\b(achiev\w*|yield\w*|sets?|setting|reach\w*|obtain\w*|establish\w*|attain\w*|deliver\w*)"
    r"\s+((a|the)\s+)?(new\s+)?state-of-the-art(\s+[\w-]+){0,2}(\s+(on|in|across|for|over)\s+"
    r"([\w-]+\s+){0,3}|\s*,\s*((and|or)\s+)?)"
    # "outperforms X in training a variety of Y-based tasks": where, not whom, it wins
    r"|\b(in|on|across)\s+(\w+ing\s+)?((a\s+)?(wide\s+)?(variety|range|number|set|suite)\s+of\s+|"
    r"various\s+|several\s+|many\s+|diverse\s+))$",
    re.IGNORECASE,
)
# Heads of a quantity, a size, a count or a limit ("feature dimension", "batch size",
# "noise level", "the Cramer-Rao bound").
_SIZE_HEADS = frozenset(
    {
        *("dimension", "dimensionality", "size", "number", "rank", "length", "count", "depth"),
        *("width", "bound", "limit", "rate", "level", "threshold", "constant", "value"),
        *("capacity", "budget"),
    }
)


def _names_a_size(name: str) -> bool:
    words = name.lower().split()
    head = singular(words[-1]) if words else ""
    return head in _SIZE_HEADS or head in MEASURED_QUANTITY_HEADS


_QUANTITY_THAN_BEFORE = re.compile(
    r"\b(smaller|larger|greater|bigger|higher|lower|fewer|more|less|longer|shorter|wider|"
    r"narrower|deeper)\s+than\s+((the|a|an|that\s+of(\s+the)?)\s+)?$",
    re.IGNORECASE,
)
# "we mitigate X", "to overcome X": a problem the paper's own work is against.
_MITIGATED_BEFORE = re.compile(
    r"\b(mitigat\w*|alleviat\w*|overcom\w*|combat\w*|counteract\w*|prevent\w*|"
    r"remed\w*|tackl\w*|address\w*|suppress\w*|resolv\w*|circumvent\w*|"
    r"cop\w* with|deal\w* with|eliminat\w*|"
    r"(robust|resilien(t|ce)|insensitive|immune) (to|against))\s+"
    r"((the|this|these|such)\s+)?((?!of\b)\S+\s+){0,2}$",
    re.IGNORECASE,
)
# A title that sets a method aside for the paper's own: "No More Zarn: ...", "Quill is the
# New Zarn", "QNet: Zarn's New Successor for X" (not "A vs. Zarn": a study of both).
_SUPERSEDED_IN_TITLE_BEFORE = re.compile(
    r"((^|:\s*)no\s+more|\b(is|are)\s+the\s+new)\s+$", re.IGNORECASE
)
_SUCCEEDED_IN_TITLE_AFTER = re.compile(r"^['’]s?\s+(new\s+)?successor\b", re.IGNORECASE)
# "we replace the X with Y", "replaces MLP layers with ...": what the work replaces, right
# after the verb (not the Y it replaces it with, nor "with replaced X" as an adjective).
_REPLACED_BEFORE = re.compile(
    r"(\breplac(e|es|ing)|\bwe\s+(also\s+)?replaced)\s+((the|all|its|their|our|a|an|each|every|"
    r"these|those|both|traditional|standard|existing|regular|conventional|usual|original)\s+)"
    r"{0,2}$",
    re.IGNORECASE,
)
# What the paper's work does without: "our reader does not need X", "does not assume any
# knowledge of X", "in place of X"; within the clause (not "does not need labels and
# instead uses X").
_DOES_WITHOUT_BEFORE = re.compile(
    r"(\b(do|does|did|can|could|need)\s*(not|n't)\s+(need|require|assume|depend on)"
    r"|\bin place of)"
    r"(?:(?!\b(and|but|instead|while|whereas|so|or)\b)[^.;:,]){0,30}$",
    re.IGNORECASE,
)
# "without sacrificing X", "without increasing the X": a quantity the work keeps as it was,
# which it reports on; not a contrast ("without X": what it needs no more).
_KEPT_BEFORE = re.compile(
    r"\bwithout\s+(\w+ly\s+)?(compromis|sacrific|hurt|los|degrad|harm|affect|impair|"
    r"increas|slow)\w*\s+((the|its|their|any)\s+)?((?!(in|on|of|for|with|by|to)\b)\S+\s+){0,2}$",
    re.IGNORECASE,
)
# "achieves faster X", "leading to improved X", "with better X": a quality the work is
# said to gain, which it reports on (not "with increased X": what a made thing has).
_GAINED_BEFORE = re.compile(
    r"(\b(achiev|yield|lead|result|offer|provid|exhibit|deliver|obtain|demonstrat|show|attain|"
    r"enjoy|giv)\w*\s+(to\s+|in\s+)?"
    r"((an?|the|its|their|both|significantly|much|consistently|substantially)\s+)*"
    r"(improved|better|higher|lower|reduced|superior|competitive|stronger|faster|greater|"
    r"enhanced)"
    # "with" only before a quality word: "training with higher X" sets X, it is no gain
    r"|\bwith\s+((significantly|much|consistently|substantially)\s+)?"
    r"(improved|better|superior|enhanced))\s+$",
    re.IGNORECASE,
)
# A theory's results, which a work makes rather than measures: "improved X bounds".
_RESULT_HEAD = re.compile(r"\b(bounds?|guarantees?|theorems?)$", re.IGNORECASE)
# "Our approach involves two X": named parts of the paper's own method.
_OWN_PARTS_BEFORE = re.compile(
    r"(\bour (\w+[ -]){0,2}(approach|method|model|framework|system|algorithm|"
    r"architecture|design|pipeline)s?"
    # the work's name, or "It", in a sentence about it: "Quillnet consists of" (not "These
    # include", which lists examples)
    r"|(?<![\w-])(?!(?i:these|those|they|such)\b)(?-i:[A-Z][\w-]*))"
    r" (involves?|consists? of|comprises?|includes?|contains?|is composed of|is made up of|"
    r"features?)\b(?P<tail>[^.]{0,360})$",
    re.IGNORECASE,
)
# Where a list of the work's parts puts each part: "consists of an X", "(2) a X", ", and a
# X", "(X)"; not what a part does or uses ("(3) a planning phase that utilizes a X").
_PART_SLOT_BEFORE = re.compile(
    r"(\(\w{1,3}\)|[,:(]|\b(and|of|comprises?|includes?|features?|contains?|involves?))\s*"
    r"((an?|the|one|two|three|four)\s+)?$",
    re.IGNORECASE,
)
_NUMBERED_SLOT_BEFORE = re.compile(r"\(\w{1,3}\)\s*((an?|the)\s+)?$")
_CLAUSE_WORD = re.compile(
    r"\b(that|which|while|where|when)\b|\b(to|[a-z]+ing) (the|a|an|its|their)\b"
)


def _listed_as_own_part(naming: Naming) -> bool:
    """Whether a naming lists a part of the paper's own work, in a sentence about it or the
    next one ("Quillnet consists of glyph selection and ...")."""
    return (naming.own or naming.after_own) and _is_listed_part(naming.before)


def _is_listed_part(before: str) -> bool:
    """Whether a name is listed as one of the parts the paper's work consists of: after
    "Quillnet consists of", "our method comprises", in a part's place ("an X and a Y", "(2)
    a X"), and, unless numbered, with no clause between ("a sampler that uses X" lists no
    X)."""
    found = _OWN_PARTS_BEFORE.search(before)
    if found is None or not _PART_SLOT_BEFORE.search(before):
        return False
    return bool(_NUMBERED_SLOT_BEFORE.search(before)) or not _CLAUSE_WORD.search(
        found.group("tail")
    )


# "Our model is a conditional X": what the paper's own method is.
_OWN_IS_A_BEFORE = re.compile(
    r"\bour (\w+[ -]){0,2}(approach|method|model|framework|system|algorithm|architecture|"
    r"design|pipeline|estimator|solution|result|contribution)s? (is|are) (an?|the)\s+"
    r"((?!(for|to|of|on|in|with|by|from)\b)\S+\s+){0,2}$",
    re.IGNORECASE,
)
_NOTION_OF = re.compile(
    r"((the|a|an)\s+)?((new|novel)\s+)?(notion|concept|idea|paradigm|principle)\s+of",
    re.IGNORECASE,
)
# "We propose a statistical model -- a joint X ...": what a first-person proposal verb
# introduces, with no preposition between them ("we present a method for X" proposes no X).
_PROPOSAL_BEFORE = re.compile(
    r"\b(we|this (paper|work|study|document|report)|our (paper|work)|(?-i:I))\b"
    # "we use X to develop a Y": the verb may follow a purpose's "to" (not "how to", nor
    # another subject's "it is hard for Y to"), or "by" ("we address it by introducing")
    r"((?:(?!\bhow\b)[^.;]){0,20}?|(?:(?!\bhow\b)[^.;]){0,40}?\band "
    r"|(?:(?!\b(how|for|whether)\b)[^.;]){0,80}?\bto "
    r"|(?:(?!\b(how|that|which)\b)[^.;]){0,60}?\bby )"
    r"\b(?P<verb>propos|introduc|present|develop|design|devis|formulat|construct|creat|deriv|"
    r"build(?=s?\s+(an?|the|our)\b)|"
    r"describ|"
    r"suggest|nam(e|ing)|call|dub|term|(?<=we )refer\s+to\s+as)\w*\b(?P<gap>[^.;]{0,80})$",
    re.IGNORECASE,
)
# The kinds of thing a paper makes, named after their kind ("a lightweight framework X",
# "our model X", "X, a bootstrap method").
MADE_THING_KINDS = (
    "framework|method|model|algorithm|architecture|system|tool|library|toolkit|approach|"
    "technique|variant|extension|benchmark|dataset|scheme|strategy"
)
# Words that say a thing exists already: "the recent benchmark X", "a standard model" (the
# words of earlier work, and those of things anyone may use).
_ESTABLISHED_WORDS = "|".join(
    sorted(
        PRIOR_WORK_WORDS
        | {"classic", "common", "widely", "widely-used", "public", "publicly", "open"}
        | {"open-source", "established", "typical", "usual"},
        key=lambda w: (-len(w), w),
    )
)
# "... and propose a X", "... and introduce a X": a second clause of a sentence about the
# paper's own work that makes something, however far from its "we".
_AND_PROPOSE_BEFORE = re.compile(
    r"\band\s+((then|also|further|finally|thus|hence)\s+)?"
    r"(propos|introduc|present|develop|design|devis|deriv)\w*\s+(an?|the)\s+"
    # "and propose a class of X objectives": the members of a family it makes
    r"((new|novel)\s+)?((class|family|suite|series)\s+of\s+)?"
    r"((?!(for|to|of|on|in|with|by|from)\b)\S+\s+){0,2}$",
    re.IGNORECASE,
)
# "we present X, an adaptive network for Y, and a lightweight framework Z based on X": the
# next made thing the proposal verb's objects list, named after its kind.
_AND_ANOTHER_MADE_BEFORE = re.compile(
    r"\b(we|this (paper|work))\b[^.;:]{0,20}?\b(propos|introduc|present|develop|design|devis)"
    # what the verb presents is made, not reported on ("we present results on A, B, and ...")
    r"\w*\s+(?!(results?|comparisons?|experiments?|evaluations?|analys[ie]s|findings|"
    r"evidence|studies|insights|an?\s+(analysis|evaluation|study|comparison))\b)"
    r"(?:(?!\b(which|that|than|outperform\w*|compared|such|including|like|unlike|"
    r"whereas|while|using|use|uses)\b)[^.;:]){0,160}?,\s*and\s+(an?|the)\s+"
    # the next one's words, none saying it exists already ("the recent benchmark X")
    rf"((?!(of|for|to|in|on|by|with|that|which|{_ESTABLISHED_WORDS})\b)[\w-]+\s+){{0,3}}"
    rf"({MADE_THING_KINDS})\s+$",
    re.IGNORECASE,
)
# "including a novel X", "by incorporating novel X": what a sentence about the paper's own
# work calls new is what it makes ("a new X"; a bare "new X" is as often what it meets:
# "generalises to new tasks").
_NOVEL_BEFORE = re.compile(r"(\b(an?)\s+(novel|new)|\bnovel)\s+$", re.IGNORECASE)
# "X, a new Y that ...", "X (XS), our novel Y": an apposition calls the name new.
_NEW_APPOSITION_AFTER = re.compile(
    r"^\s*(\([^()]*\)\s*)?,\s*(an?|our)\s+(new|novel)\b", re.IGNORECASE
)
# "we introduce a new family of losses, X, that ...": a name given to what the verb makes
# new, in a comma's apposition (the gap between the verb and the name).
# How far before a name "a new X," may open (bounds the search, whatever the sentence).
MAX_RENAMED_GAP = 200
_NEW_OBJECT_RENAMED_GAP = re.compile(r"^\s*" + NEW_OBJECT_RENAMED, re.IGNORECASE)
# "... a new width limit, the X limit, that": the name may take "the"
_NEW_OBJECT_RENAMED_AT_END = re.compile(r"\b" + NEW_OBJECT_RENAMED, re.IGNORECASE)
# "on two new benchmarks, X and Y", "two new regularization techniques for Z: (i) X ...":
# names listed right after what a sentence calls new things of a kind the paper makes.
_NEW_KIND_LISTED_BEFORE = re.compile(
    r"\b(new|novel)\s+([\w-]+\s+){0,3}(benchmarks?|datasets?|corpora|corpus|suites?|metrics?|"
    r"methods?|models?|algorithms?|techniques?|architectures?|frameworks?|strategies|losses|"
    r"objectives?|estimators?|optimi[sz]ers?)\s*(,|\(|[^.;:]{0,40}:)\s*(\(?(i+|\d)\)\s*)?"
    # the names before it in the list, not a clause ("a new method, which outperforms A and X")
    r"((the\s+)?((?!\b(which|that|who|such|including|like|than|outperform\w*|compared|"
    r"to|for|with|our|in|of)\b)[^.;:]){0,80}?(,|\band\b|;)\s*(\(?(i+|\d)\)\s*)?)?(the\s+)?$",
    re.IGNORECASE,
)
_ARTICLE_FIRST = re.compile(r"^\s*((then|also)\s+)?(an?|the)\b", re.IGNORECASE)
_APPOSITION_CLOSES = re.compile(r"^\s*(,|\(|(that|which)\b)", re.IGNORECASE)
# "we (also) define the X, a bootstrap method for ...": a name the paper defines, which an
# apposition says is a thing of a kind the paper can make.
_WE_DEFINE_BEFORE = re.compile(
    r"\bwe\s+((also|further|then|first|additionally)\s+)?define\s+(the\s+)?$", re.IGNORECASE
)
_MADE_KIND_APPOSITION_AFTER = re.compile(
    r"^\s*(\([^()]*\)\s*)?,\s*an?\s+"
    rf"((?!(of|for|to|in|on|by|with|that|which|{_ESTABLISHED_WORDS})\b)[\w-]+\s+){{0,4}}"
    rf"({MADE_THING_KINDS}|procedure|estimator|test|measure|metric|score|statistic|"
    r"criterion|objective|loss)\b",
    re.IGNORECASE,
)
# "we introduce two key contributions that ...: X, a ..., and Y, a ...": each name a list
# after a colon gives to what the proposal verb makes.
_CONTRIBUTIONS_LISTED_BEFORE = re.compile(
    r"\b(we|our)\b[^.;:]{0,40}?\b(propos|introduc|present|develop)\w*\s+"
    # not kinds that exist already: "we introduce different methods, namely X and Y"
    r"((?!(different|various|existing|classical|popular|well-known)\b)\S+\s+){0,3}"
    r"(contributions|components|techniques|innovations|modules|strategies|methods|algorithms|"
    r"models)\b[^.;:]{0,80}(:|,?\s*\bnamely\b,?)\s*([^.;:]{0,200}?(,|\band\b)\s*)?$",
    re.IGNORECASE,
)
# How far before a name a list of contributions may open (its verb, the kind and the list
# so far: bounds the search on long sentences).
CONTRIBUTIONS_WINDOW = 420


def _contributions_listed(before: str) -> bool:
    """Whether a name is one of the contributions a colon or "namely" lists after a proposal
    verb ("we introduce two modules, namely X and Y")."""
    return bool(_CONTRIBUTIONS_LISTED_BEFORE.search(before[-CONTRIBUTIONS_WINDOW:]))


# "Here, the concept of X is proposed", "A weighted X with two branches is also designed":
# a passive proposal in the present tense (not "X was proposed by ...", "X is proposed in
# [3]"); a short phrase may stand between the name and its verb, no clause.
_PROPOSED_AFTER = re.compile(
    r"^\s*(\([^()]*\)\s*)?((with|of|for|based on|using)\s+"
    r"((?!(and|or|which|that|is|are|was|were|has|have|when|if|while|where|but)\b)"
    r"[\w-]+\s+){1,4})?(is|are)\s+(?P<marker>(first|also|then|further|additionally|thus|"
    r"therefore|newly)\s+)?(?P<verb>proposed|introduced|designed|developed|presented|"
    r"devised)\b(?!\s+(by|in)\b)",
    re.IGNORECASE,
)
# A relative clause that says the paper makes what it follows: "the Quill Network (QN) we
# present employs ...", "the sampler that we introduce"; not "the problem we propose to
# solve" (what it sets out to do), "the X we build on" nor "the X we use".
_WE_MAKE_AFTER = re.compile(
    r"^\s*(\([^()]{1,12}\)\s*)?((that|which)\s+)?we\s+(propose|present|introduce|"
    r"develop|design|devise|build|construct)\b(?!\s+(to|on|upon|here\s+to)\b)",
    re.IGNORECASE,
)
# What opens the noun phrase the clause follows: "the X we present", "our X that we
# introduce"; not a fronted phrase ("Inspired by X we introduce", "On X we present").
_PHRASE_OPENS_BEFORE = re.compile(r"(^|\W)(the|our)\s+((new|novel|proposed)\s+)?$", re.IGNORECASE)
# A passive proposal outside a sentence about the paper's own work names the subject the
# sentence opens with: "A representation Quill-D is introduced at each level".
_OPENS_THE_SENTENCE = re.compile(
    r"^\W*((an?|the)\s+)?((new|novel)\s+)?([\w-]+\s+){0,3}$", re.IGNORECASE
)
# What writes a passive proposal as earlier work's ("Recently, X is proposed").
_EARLIER_WORK_BEFORE = re.compile(
    r"\b(recent(ly)?|previous(ly)?|prior|existing|traditional(ly)?|conventional(ly)?|earlier|"
    r"many|several|various|numerous|other|classical|popular|widely)\b",
    re.IGNORECASE,
)
# The name as a preposition's object ("a method for X is proposed", "a scheme for training
# X"), or inside a relative clause ("a class that unifies X is introduced"): not the subject
# the passive verb proposes.
_NOT_THE_SUBJECT_BEFORE = re.compile(
    r"\b(of|for|with|on|in|to|from|by|between|over|than|under|via|as|using|based on|through|"
    r"within|into|among)\s+(\w+ing\s+)?((the|an?)\s+)?$"
    r"|\b(that|which|who|where)\b[^,;]*$",
    re.IGNORECASE,
)
# "the concept of X is proposed": the "of" of a notion names what is proposed.
_KIND_OF_BEFORE = re.compile(
    r"\b(concept|notion|idea|paradigm|principle|family|class)\s+of\s+$", re.IGNORECASE
)
# How much of a sentence before a name the passive rule reads (its clause, near the name).
PASSIVE_WINDOW = 160
_HERE_OPENING = re.compile(r"^\W*(here|in this (paper|work|thesis|article))\b", re.IGNORECASE)
# "..., called X", "we refer to our model as X": the name the sentence
# gives what it describes (not "we refer to this phenomenon as X": what it names may be a
# problem it finds).
_NAMED_BEFORE = re.compile(
    r"(,\s*|\b(which|that) we\s+)(called|termed|dubbed|coined|named)\s+$"
    # "we refer to our model as a X", "we call the proposed architecture X"
    r"|\bwe\s+(refer\s+to|call|name)\s+(our|the\s+proposed|the\s+resulting)"
    r"\s+([\w-]+\s+){0,3}(as\s+)?(an?\s+|the\s+)?$"
    # "a new layer type (the sandwich layer)": the name in brackets after what is new
    r"|\b(new|novel)\s+([\w-]+\s+){0,3}\(\s*(the\s+)?$",
    re.IGNORECASE,
)
# Heads of quantities a paper reports, besides the metric heads: "convergence speed",
# "sampling time", "oracle complexity", "training stability".
_QUANTITY_HEADS = frozenset(
    {"speed", "time", "complexity", "stability", "probability", "risk", "residual", "regret"}
)
_PREPOSITION = re.compile(
    r"\b(for|to|of|on|in|with|by|from|than|over|about|using|via|into|against|like|such as|"
    r"whether|how|that|which)\b",
    re.IGNORECASE,
)
_EXPERIMENT = re.compile(
    r"\b(experiment\w*|evaluat\w*|benchmark\w*|results?|achiev\w*|outperform\w*|state-of-the-art|"
    r"sota|test\w*|empirical\w*|demonstrat\w*|show\w*|accurac\w*|scores?|surpass\w*)\b",
    re.IGNORECASE,
)
_TRAINED_ON = re.compile(
    r"\b(train\w*|pre-?train\w*|fine-?tun\w*|distill\w*|learn\w*) (on|from|with)"
    r"[^.;:]{0,30}$",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d")
_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")
# Where experiments are run or results reported: "experiments on", "evaluated on", "results
# on X, Y and", "benchmarks such as".
_TEST_BED_AFTER_CUE = (
    r"((applications?|tasks?) (in|of|to|such as|like)\s+)?"
    # "on A and on B": the preposition may come again
    r"([^.;:]{0,60}?(,|\band\b|\bor\b|\bincluding\b|\bsuch as\b)\s*((on|in|to)\s+)?)?"
    # "on several X tasks", "across a variety of X"
    r"(the\s+|(several|various|multiple|many|diverse|different|\d+|two|three|four|five|six|"
    r"a (range|variety|number|suite) of)\s+)?$"
)
# "tested in two inverse problems: X and Y": test beds listed after a colon.
_TEST_BEDS_LISTED = (
    r"\b(tested|evaluated|validated|demonstrated|experiments?)\s+(on|in)\s+([\w-]+\s+){0,4}"
    r"(problems|tasks|settings|applications|domains|benchmarks|scenarios|cases|datasets|"
    r"environments|languages|genres|games)\s*:\s*"
    r"([^.;:]{0,60}?(,|\band\b|\bor\b)\s*)?(the\s+)?$"
)
_EVALUATED_ON_BEFORE = re.compile(
    r"\b(experiment\w*|evaluat\w*|results?|benchmark\w*|tested|testing|perform\w*|"
    r"accurac\w*|demonstrat\w*|validat\w*|empirical\w*)\b[^.;:]{0,40}?"
    r"\b(on|across|(?<=results )for|(?<=result )for)\s+"
    + _TEST_BED_AFTER_CUE
    + "|"
    + _TEST_BEDS_LISTED,
    re.IGNORECASE,
)
# The same for what is no task (a class of equations, an activity a method's name ends in):
# only where experiments are run on it, not where results are shown for it (a theorem's).
_EXPERIMENTS_ON_BEFORE = re.compile(
    r"(\b(experiment\w*|evaluat\w*|benchmark\w*|tested|testing|perform\w*)\b"
    # "we demonstrate the efficacy of our approach on X": shown by experiments
    r"|\b(demonstrat|validat|show)\w* the (efficacy|effectiveness|performance|utility|"
    r"advantages?|benefits?) of\b)[^.;:]{0,40}?"
    r"\b(on|across)\s+"
    + _TEST_BED_AFTER_CUE
    # "experiments in X": the setting they are run in
    + r"|\bexperiments\s+in\s+"
    + _TEST_BED_AFTER_CUE
    # "illustrated with applications to X", "we present an application to X"
    + r"|\bapplications?\s+(to|in|on)\s+"
    + _TEST_BED_AFTER_CUE
    + "|"
    + _TEST_BEDS_LISTED,
    re.IGNORECASE,
)
# Where the paper's results are won: "outperforms baselines in X", "notable gains in A and
# X", "outperforms SoTA on A, B, and X tasks".
_RESULTS_IN_BEFORE = re.compile(
    r"\b(outperform\w*|gains?|improvements?|results?|performance|accuracy|state-of-the-art|sota|"
    r"surpass\w*|competitive)\b[^.;:]{0,40}?\b(in|on)\s+((the\s+)?[^.;:]{0,50}?(,|\band\b)\s*)?"
    r"(the\s+)?$",
    re.IGNORECASE,
)
# A sentence that opens with its purpose: "To enhance X's performance in Y, we ...".
_PURPOSE_OPENING = re.compile(r"^\W*(to|in order to)\s", re.IGNORECASE)
# What a sentence aims at or foresees, not results: "we aim to improve performance on X",
# "potential applications in X".
_AIMED_AT = re.compile(
    r"\b(aim\w*|seek\w*|striv\w*|in order|want\w*|hop\w*)\s+to\s+(improve|enhance|boost|increase)\b"
    r"|\bpotential\b",
    re.IGNORECASE,
)
# A name given as one of the problems or tasks a sentence speaks of: "problems such as A
# and X", "tasks involving X", "the classical problem of X".
_PROBLEM_EXAMPLE_BEFORE = re.compile(
    r"\b(problems?|tasks?|challenges?)\s+(such as|like|including|involving|e\.g\.,?)\s+"
    r"([^.;:()]{0,60}?(,|\band\b|\bor\b)\s*)?(the\s+)?$"
    r"|\bproblems? of\s+(the\s+)?$",
    re.IGNORECASE,
)
_EXAMPLE_BEFORE = re.compile(r"\b(such as|e\.g\.|including|like)(?!\w)[^.;:]{0,30}$", re.IGNORECASE)
# A name ending so names an activity or a problem ("pruning", "estimation"), not a thing.
# In a title, what follows these is the means, the rest is the paper's subject.
_TITLE_MEANS_BEFORE = re.compile(
    r"\b(via|with|using|through|by|based on)\s+((?!(for|to|towards?|when)\b)\S+\s+){0,3}$",
    re.IGNORECASE,
)
# What a sentence about the paper's own work builds with: "a framework based on X", "we
# implement X", "an extension of X", "combines X and ..."; the words between may not say
# what it is for ("we use X for Y" builds with X, not Y).
_MEANS_BEFORE = re.compile(
    r"\b(based on|built (up)?on|build\w* (up)?on|rel(y|ies|ying) on|using|uses?|via|through|"
    r"leverag\w*|employ\w*|implement\w*|adopt\w*|combin\w*|extension of|"
    r"inspired by|incorporat\w*|integrat\w*|grounded (on|in)|rooted in|draw\w* (on|from))\s+"
    # what it builds on may be the field's work on X: "building upon advances in X",
    # "grounded on theory for X", "drawing on insights from X"
    r"((recent|the|latest)\s+)?((advances|progress|ideas|insights|theory|theories|principles|"
    r"success|results|work|findings)\s+(in|of|from|for|on)\s+)?"
    r"((?!(for|to|towards|on|in|of|when)\b)\S+\s+){0,2}$",
    re.IGNORECASE,
)
# What a sentence about the paper's own work studies: "we analyse the mechanism of X",
# "to understand the role of X".
_STUDIED_BEFORE = re.compile(
    r"\b(stud(y|ies|ied|ying)|analy[sz](e|es|ed|ing)|investigat(e|es|ed|ing)|"
    r"understand(s|ing)?|characteri[sz](e|es|ed|ing)|explain(s|ed|ing)?|examin(e|es|ed|ing)|"
    r"explor(e|es|ed|ing)|learn\w* (in detail )?about)\s+"
    r"((the|this|these|such|its|their)\s+)?"
    r"((mechanism|role|nature|behaviou?r|dynamics|emergence|origin|effects?|impact|"
    r"properties|structure|quality|process)\s+of\s+(the\s+)?)?"
    r"((?!(for|to|on|in|of|with|by)\b)\S+\s+){0,1}$",
    re.IGNORECASE,
)
# What a theory's results are about: "we obtain refined bounds on the expected number of X",
# "guarantees for X", "extend our results to cover X" (not "results on X": experiments').
_RESULTS_ON_BEFORE = re.compile(
    r"(\b(bounds?|guarantees?|theorems?)\s+(on|for)\s+"
    r"|\bresults\s+to\s+(cover|include)\s+)"
    r"((the|a|an)\s+)?((?!(by|with|from|to|via|using)\b)[\w-]+\s+){0,4}?"
    r"((of|in)\s+(the\s+)?)?$",
    re.IGNORECASE,
)
# How something is done: "made efficient with X", "by leveraging X", "achieved by solving X".
_HOW_DONE_BEFORE = re.compile(
    r"(\b(\w+(ed|ing)|made|done|built|learnt|run)\b[^.;:,]{0,25}?\bwith|"
    r"\bby (leveraging|using|applying|solving|exploiting|means of)|\bvia|\bthrough|\busing|"
    r"\bbased on|\brelies on|\bleverag\w*)\s+(the\s+|an?\s+)?((?!(for|to|on|in|of)\b)\S+\s+){0,2}$",
    re.IGNORECASE,
)
# A sentence reporting how a measure moves: a finding, when it follows the paper's own work.
_FINDING = re.compile(
    r"\b(improv\w*|increas\w*|decreas\w*|reduc\w*|drops?|rises?|grows?|scales?|degrad\w*|"
    r"stops? improving|saturat\w*|plateau\w*)\b",
    re.IGNORECASE,
)
# "with" that relates rather than equips: "associated with X", "scales as a power-law
# with X", "problems with X".
_RELATING_WITH = re.compile(
    r"\b(associated|correlat\w*|consistent|compared|connections?|relationships?|problems?|"
    r"agents?|power-laws?|along|agree\w*|coincid\w*|variations?|together)\s+with\s+"
    r"((?!(for|to|on|in|of)\b)\S+\s+){0,3}$",
    re.IGNORECASE,
)


# Another of a kind the sentence names first: "how these relate to the category Y and
# other X" (a link drawn to X, "a deep connection with X", is no sign: as often used).
_ONE_OF_OTHERS_BEFORE = re.compile(r"\b(and|or)\s+other\s+$", re.IGNORECASE)
# A sentence that says where the code or data is released.
_CODE_RELEASE = re.compile(
    r"\b(code|implementation|models?|data|datasets?)\s+(is|are|will be)\s+(publicly\s+|freely\s+)?"
    r"(available|released|open-?sourced)\b|https?://|github\.com",
    re.IGNORECASE,
)


def _says_how_done(before: str) -> bool:
    """Whether the words before a name say it is how something is done ("made efficient
    with X", "by leveraging X", "computed using X"), not what it is related to."""
    return bool(_HOW_DONE_BEFORE.search(before)) and not _RELATING_WITH.search(before)


# What the paper's own work computes, estimates or lessens: "our method can approximate the
# X", "we develop a method to generate X", "the model reduces X" (not "reduced by X").
_PRODUCED_BEFORE = re.compile(
    r"\b(approximat\w*|comput(e|es|ing)|estimat(e|es|ing)|learn(s|ing)?|generat(e|es|ing)|"
    r"predict(s|ing)?|recover(s|ing)?|solv(e|es|ing)|reconstruct(s|ing)?|reduc(e|es|ing))\s+"
    r"((the|a|an|its|their)\s+)?((?!(by|with|for|to|on|in|of|from)\b)\S+\s+){0,1}$",
    re.IGNORECASE,
)
# A quantity the work changes by an amount it states: "reducing X by 5.9 GB", "cut up to 51%
# of X", "lowers the X to 3 ms".
_LESSENED_BEFORE = re.compile(
    r"\b(reduc|lower|cut|sav|decreas|increas|improv|shrink|halv|doubl)\w*\b[^.;:]{0,30}$",
    re.IGNORECASE,
)
_AMOUNT_AFTER = re.compile(
    r"^\s*(\([^()]*\)\s*)?(by|to)\s+(up to\s+|about\s+|around\s+|over\s+|nearly\s+|only\s+)?"
    r"[~≈]?\d",
    re.IGNORECASE,
)
# (the lookbehind starts a number at its first digit: no backtracking over a long run of them)
_SHARE_BEFORE = re.compile(
    r"(?<![\d.,])\d[\d.,]*\s*(%|x|×|times|-fold)\s+(of\s+)?(the\s+)?$", re.IGNORECASE
)
# In a title, what follows these is what the paper's work is for: "X for Y", "X when Y".
_TITLE_PURPOSE_BEFORE = re.compile(r"\b(for|when)\s+(\S+\s+){0,1}$", re.IGNORECASE)
# "... for X", "... in X": the activity or problem the sentence's own work is for.
_PURPOSE_BEFORE = re.compile(
    r"\b(for|in|to|towards|on|address\w*|tackl\w*|solv\w*|study\w*|studie\w*)\s+"
    r"(\S+\s+){0,2}$",
    re.IGNORECASE,
)


# "outperforms existing methods", "against the baselines", "compared to prior approaches":
# the paper's results are set against a class of methods, each named elsewhere in it.
_CLASS_COMPARISON = re.compile(
    r"\b(outperform\w*|surpass\w*|exceed\w*|beat\w*|better than|compared (to|with)|"
    r"comparisons? (to|with|against)|against|over|than|improv\w* (over|upon|on))\s+"
    r"((the|all|many|several|most)\s+)?"
    r"((existing|previous|prior|competing|conventional|traditional|standard|other|current|"
    r"popular|leading|strong|recent|established|alternative|state-of-the-art|sota)\s+"
    r"(\S+\s+){0,2}?\w+s|(\S+\s+){0,2}?(baselines?|methods|approaches|models|techniques|"
    r"algorithms|alternatives|counterparts|competitors|state-of-the-art|sota))\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
# "We propose ...", "this paper introduces ...": the paper says it contributes something.
_PROPOSAL_SENTENCE = re.compile(
    r"\b(we|this (paper|work|study)|our (paper|work)|(?-i:I))\b[^.;]{0,20}?\b(propose|introduce|"
    r"present|develop|design|devise|formulate)\w*\b",
    re.IGNORECASE,
)
# What may come before the subject a title opens with: "Towards X", "An Introduction to X".
_TITLE_LEAD = re.compile(
    r"^\s*((an?|the)\s+)?((\w+\s+){0,2}(introduction|approach|framework)\s+(to|for)\s+|"
    r"towards?\s+)?$",
    re.IGNORECASE,
)
# "which we term X", "we call X": a term the paper gives something, maybe what exists.
_TERMED_BEFORE = re.compile(
    r"\b(which|that)\s+we\s+(term|call|name|dub|refer\s+to\s+as)\s+$", re.IGNORECASE
)
# A variant's mark after its base's name: "-M", "+", "++", "-L" (not a version number).
_VARIANT_MARK = re.compile(r"^(-[A-Za-z]{1,3}|\+{1,2})$")
# What a release adds to its family's name: a size or a version first ("-7B", " 2",
# "-v2-Base"), then maybe a kind of release ("-Chat").
_RELEASE_OF = re.compile(r"^[- ](?:v?\d+(?:\.\d+)?[KMBT]?)(?:[- ][A-Za-z]+)?$")
# What a derived name adds to its base: "X" -> "XP", "X+", "X-L" (a number is a version).
_DERIVED_SUFFIX = re.compile(r"^[-+]?[A-Za-z0-9+]{1,3}$")


@dataclass(frozen=True)
class Naming:
    """One mention of an entity in a paper, with what its sentence says around it."""

    index: int
    entity_type: str
    proposed: bool
    in_title: bool
    own: bool  # the sentence is about the paper's own work
    before: str  # the sentence up to the mention
    after: str
    sentence: str
    measure: bool = False  # the entity's name ends in a measure's head word ("training time")
    action: bool = False  # the entity's name ends in an action noun ("pruning", "estimation")
    prior: bool = False  # named as prior work: "conventional X", "previous X methods"
    nested: bool = False  # inside a longer name ("X" in "Preconditioned X"): a part of it
    # the sentence comes after one about the paper's own work and names no earlier work
    after_own: bool = False
    # the name is among the first words of the abstract, not written as earlier work, and
    # shares a word with the title: the paper's topic
    topic: bool = False
    # where the sentence starts in the abstract (-1 in the title): ``sentence`` has its
    # decimal points blanked, so it cannot be looked up in the text
    sentence_start: int = -1
    # ``sentence`` with every mention in it blanked: the words around names, not the names
    without_names: str = ""
    # where the sentence ends in the abstract (-1 in the title); ``sentence`` may be only the
    # part of it around the mention (``CUE_WINDOW_CHARS``)
    sentence_end: int = -1

    @property
    def text(self) -> str:
        """The mention's words, as its sentence writes them."""
        return self.sentence[len(self.before) : len(self.sentence) - len(self.after)]


# What stands for the words a cue window leaves out of a long sentence: no cue that reads a
# sentence's opening ("Here, ...") or its end reads one at the cut.
WINDOW_CUT = "\u2026 "


def _cue_window(text: str, mention: Mention) -> tuple[int, int, str, str]:
    """The part of ``mention``'s sentence its cues read: (start, end, what stands before it,
    what stands after it). The whole sentence, or within ``CUE_WINDOW_CHARS`` of the
    mention, cut at spaces, with ``WINDOW_CUT`` where words are left out."""
    first = max(mention.sentence_start, mention.start - CUE_WINDOW_CHARS)
    last = min(mention.sentence_end, mention.end + CUE_WINDOW_CHARS)
    head = tail = ""
    if first > mention.sentence_start:
        space = text.find(" ", first, mention.start)
        first, head = (space + 1 if space >= 0 else mention.start), WINDOW_CUT
    if last < mention.sentence_end:
        space = text.rfind(" ", mention.end, last)
        last, tail = (space if space >= 0 else mention.end), WINDOW_CUT[::-1]
    return first, last, head, tail


def _without_names(sentence: str, offset: int, spans: Sequence[tuple[int, int]]) -> str:
    """``sentence`` (starting at ``offset`` in its text) with each span of ``spans`` (offsets
    in the text) blanked by spaces, so that its length and its other words stay."""
    characters = list(sentence)
    for start, end in spans:
        for i in range(max(start - offset, 0), min(end - offset, len(characters))):
            characters[i] = " "
    return "".join(characters)


def is_own_sentence(text: str, start: int, end: int) -> bool:
    """Whether the sentence ``text[start:end]`` is about the paper's own work: it says so
    ("we", "our", "this paper"), or it opens by going on about the sentence before it,
    which does."""
    sentence = text[start:end]
    own = [m.group(0).lower() for m in OWN_WORK.finditer(sentence)]
    if own and not all(_DEMONSTRATIVE_OWN.fullmatch(word) for word in own):
        return True
    if own:
        # "However, this approach is costly": what a sentence finds fault with by pointing
        # at it is the earlier work the text spoke of, unless that was the paper's own
        return not _FAULT_FOUND.match(sentence) or _previous_is_own(text, start)
    if _REPORTS_RESULTS.match(sentence) and not _EARLIER_WORK.search(
        re.split(r"[:;]", sentence, maxsplit=1)[0]  # the clause that reports, not its examples
    ):
        return True  # "Numerical experiments show ...": an abstract reports its own results
    if not _CONTINUES.search(sentence):
        return False
    return _previous_is_own(text, start)


# Said outright to be what something is measured in: "measured in a X", "in terms of the
# standard X and Y" (the list's words no prepositions: "in terms of the number of X" is no
# measure).
_SAID_MEASURED_BEFORE = re.compile(
    r"\b(?P<cue>in terms of|measured (by|in|with|using)"
    # "as judged by two metrics: X and Y", "metrics such as X"
    r"|(judged|evaluated|assessed|measured|quantified)\s+(by|with|using|through|via)"
    r"(\s+(two|three|several|multiple|various|different|standard|the))?\s+metrics?\s*:?"
    r"|metrics?\s*(:|,?\s*(such as|like|including|namely)))\s+"
    r"((the|an?|its|their|our|standard|both)\s+){0,2}"
    r"((?!(of|in|with|for|on|to|by|at|from|number|amount)\b)[\w-]+(\s*,\s*|\s+)"
    r"((and|or)\s+)?){0,4}$",
    re.IGNORECASE,
)
# What makes "in terms of" a measure's place: the sentence weighs results.
_RESULTS_WEIGHED = re.compile(
    r"\b(outperform\w*|surpass\w*|beat\w*|exceed\w*|better|superior|on par|improv\w*|"
    r"competitive|compar\w*|trade-?offs?|efficien\w*|accura\w*|drawbacks?|advantages?|gains?|"
    r"worse)\b",
    re.IGNORECASE,
)


def _said_measured(naming: Naming) -> bool:
    """Whether a sentence says results are measured in the name ("measured in a X"), or
    weighs results "in terms of" it ("outperforms Y in terms of X")."""
    found = _SAID_MEASURED_BEFORE.search(naming.before)
    if found is None:
        return False
    return found.group("cue").lower() != "in terms of" or bool(
        _RESULTS_WEIGHED.search(naming.sentence)
    )


# A name pointed at as earlier work or the literature: "A previous study, X, ...", "prior
# work such as X", "motivated by a rich literature in X".
_POINTED_AT_AS_EARLIER = re.compile(
    r"\b(previous|prior|earlier)\s+(stud(y|ies)|works?|attempts?)\s*,?\s*"
    r"((such as|like|namely|e\.g\.,?|including)\s+)?(the\s+)?$"
    r"|\bliterature\s+(in|on|of)\s+(the\s+)?([\w-]+\s+){0,2}$"
    # "past work has focused on X", "existing methods have relied on the X"
    r"|\b(previous|prior|earlier|past|existing)\s+(stud(y|ies)|works?|attempts?|research|"
    r"methods|approaches)\s+(has|have)\s+((mainly|mostly|largely|primarily)\s+)?"
    r"(focused|relied|concentrated)\s+on\s+((the|a|an)\s+)?([\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
# "techniques from the X literature", "the X community": a field pointed at, not used.
_FIELD_POINTED_AT_AFTER = re.compile(
    r"^\s*(literature|community)\b(?!-)"
    r"(?=\s*($|[.,;:)]|(and|or|has|have|is|are|to|in|on|for|that|which|with|from|of)\b))",
    re.IGNORECASE,
)
# What a passive verb right after a name says earlier work did with it: "X were needed in
# prior works", "X is commonly used by previous studies".
_DONE_IN_EARLIER_WORK_AFTER = re.compile(
    # the name the subject of a passive verb right after it: "X were needed in", "X is
    # commonly used by" (not "the X used in prior work", which the paper's verb may govern)
    r"^\s*(was|were|is|are|(has|have|had)\s+been)\s+((commonly|widely|often|usually|mostly|"
    r"typically|frequently|generally|also)\s+)?(needed|used|required|adopted|employed|"
    r"proposed|introduced|developed|applied|reported)\s+(in|by)\s+(the\s+|many\s+|most\s+)?"
    r"(prior|previous|earlier|past|existing)\s+"
    r"(works?|stud(y|ies)|literature|approaches|methods|research|papers?)\b(?!\s*,\s*we\b)",
    re.IGNORECASE,
)
# A sentence that opens by finding fault: "However, ...", "Unfortunately, ...".
_FAULT_FOUND = re.compile(r"^\W*(however|but|yet|unfortunately|nevertheless)\b", re.IGNORECASE)
# What names the work only by pointing at it: "this method" may be the last one the text
# spoke of, the paper's or an earlier one.
_DEMONSTRATIVE_OWN = re.compile(r"this (method|approach|model|framework)")


def _previous_is_own(text: str, start: int) -> bool:
    """Whether the sentence before ``text[start:]`` speaks of the paper's own work."""
    previous = text[:start].rstrip()
    cut = max(
        previous.rfind(". ", 0, len(previous) - 1), previous.rfind("? "), previous.rfind("! ")
    )
    return bool(OWN_WORK.search(previous[cut + 1 :]))


# Words that write a name as the field's earlier or common work ("existing X", "a recent X",
# "the popular X", "many X").
_EARLIER_WORK_WORDS = (
    r"existing|previous|prior|recent(ly)?|traditional|conventional|popular|standard|"
    r"classical|modern|well-known|established|widely[- ]used|many|most"
)
_EARLIER_WORK = re.compile(rf"\b({_EARLIER_WORK_WORDS})\b", re.IGNORECASE)
# A sentence that says it is about earlier work or the field at large. Not every word of
# ``_EARLIER_WORK_WORDS``: "standard", "classical", "well-known" also describe what the
# paper's own work uses ("using well-known mesh morphing", "five standard datasets").
_BACKGROUND = re.compile(
    r"\b(existing|previous|prior|recent(ly)?|traditional|conventional|typically|usually|"
    r"commonly|widely|popular|often|has been|have been|had been|is known|are known|"
    r"state-of-the-art|literature|researchers|others?|many|most)\b",
    re.IGNORECASE,
)


def _goes_on_about_own_work(text: str, start: int, end: int) -> bool:
    """Whether the sentence ``text[start:end]`` comes after one about the paper's own work
    and names no earlier work: the abstract may be describing how the work is done
    ("Retrieval is made efficient with X")."""
    if start == 0 or _BACKGROUND.search(text, start, end):
        return False
    return bool(OWN_WORK.search(text, 0, start))


_CONTENT_WORD = re.compile(r"[A-Za-z]{4,}")
# The role of the subject an abstract opens with, when the title names it too, by its type.
_TOPIC_ROLES = {
    "method": "uses",
    "dataset": "evaluatesOn",
    "task": "addresses",
    "metric": "measures",
    "concept": "addresses",
}


def _shares_a_word(name: str, title: str) -> bool:
    """Whether a name and a title share a content word, by its first five letters
    ("weight initialization" and "Initializing Models with Larger Ones")."""
    stems = {w.lower()[:5] for w in _CONTENT_WORD.findall(title)}
    return any(w.lower()[:5] in stems for w in _CONTENT_WORD.findall(name))


def _is_topic(mention: Mention, before: str, paper: Paper | None) -> bool:
    """Whether a mention names the paper's topic: it stands among the first words of the
    abstract ("Computers calculate X"), not written as earlier work ("Existing X",
    "Recently, X"), and shares a word with the title."""
    opening = " ".join([*before.split(), *mention.text.split()[:1]])
    return (
        paper is not None
        and mention.field == "abstract"
        and mention.sentence_start == 0
        and len(before.split()) <= 3
        and not _EARLIER_WORK.search(opening)
        and _shares_a_word(mention.text, paper.title)
    )


def _namings(
    linked: Sequence[LinkedMention],
    entities: Mapping[str, Entity],
    papers: Mapping[str, Paper],
    proposed_keys: Mapping[str, set[str]],
    named: frozenset[int] = frozenset(),
    only: Set[str] | None = None,
) -> dict[tuple[str, str], list[Naming]]:
    """Each (paper, entity)'s namings; a mention in ``named`` counts as flagged proposed.
    With ``only``, the namings of those papers alone."""
    found: dict[tuple[str, str], list[Naming]] = defaultdict(list)
    # per sentence: whether it is about the paper's own work, and whether it goes on about it
    own_cache: dict[tuple[str, str, int], tuple[bool, bool]] = {}
    # per sentence: where its mentions are (the role model reads the words between names)
    spans: dict[tuple[str, str, int], list[tuple[int, int]]] = defaultdict(list)
    for item in linked:
        if only is None or item.paper_key in only:
            where = (item.paper_key, item.mention.field, item.mention.sentence_start)
            spans[where].append((item.mention.start, item.mention.end))
    blanked: dict[tuple[str, str, int], str] = {}
    for index, item in enumerate(linked):
        if only is not None and item.paper_key not in only:
            continue
        m = item.mention
        paper = papers.get(item.paper_key)
        text = paper.text_of(m.field) if paper is not None else ""
        # the cues read up to a sentence's end: a decimal point ("the 6.7B X") is none
        first, last, head, tail = _cue_window(text, m) if text else (0, 0, "", "")
        sentence = (
            head + _DECIMAL_POINT.sub("_", text[first:last]) + tail
            if text
            else _DECIMAL_POINT.sub("_", m.text)
        )
        before = head + _DECIMAL_POINT.sub("_", text[first : m.start]) if text else ""
        after = _DECIMAL_POINT.sub("_", text[m.end : last]) + tail if text else ""
        where = (item.paper_key, m.field, m.sentence_start)
        if where not in blanked:
            whole = text[m.sentence_start : m.sentence_end] if text else m.text
            blanked[where] = _without_names(
                _DECIMAL_POINT.sub("_", whole), m.sentence_start, spans[where]
            )
        without_names = (
            head + blanked[where][first - m.sentence_start : last - m.sentence_start] + tail
            if text
            else blanked[where]
        )
        if where not in own_cache:
            own_cache[where] = (
                bool(text) and is_own_sentence(text, m.sentence_start, m.sentence_end),
                bool(text) and _goes_on_about_own_work(text, m.sentence_start, m.sentence_end),
            )
        own_names = proposed_keys.get(item.paper_key, set()) - {item.entity_key}
        own = own_cache[where][0] or any(
            other.entity_key in own_names
            and other.paper_key == item.paper_key
            and other.mention.field == m.field
            and other.mention.sentence_start == m.sentence_start
            for other in linked[max(0, index - 12) : index + 12]
        )
        entity = entities[item.entity_key]
        head = singular(entity.label.split()[-1].lower()) if entity.label.split() else ""
        found[(item.paper_key, item.entity_key)].append(
            Naming(
                index,
                entity.type,
                m.proposed or index in named,
                m.field == "title",
                own,
                before,
                after,
                sentence,
                head in METRIC_PHRASE_HEADS or head in _QUANTITY_HEADS,
                bool(ACTIVITY_HEAD.search(head)),
                _named_as_prior(m.text, before, after),
                m.nested,
                own_cache[where][1],
                _is_topic(m, before, paper),
                m.sentence_start if m.field != "title" else -1,
                without_names,
                m.sentence_end if m.field != "title" else -1,
            )
        )
    return found


# "... where previous X fail": the earlier work falls short where the paper's succeeds.
_FAILS_AFTER = re.compile(r"^\s*(\w+\s+){0,2}(fail|struggl|fall short|break down)", re.IGNORECASE)


def _named_as_prior(text: str, before: str, after: str = "") -> bool:
    """A mention written as the work a paper competes with: its first word, or the word
    before it, says it came before ("conventional X", "the previous X methods"), and the
    sentence sets something against it ("than", "outperforms", "compared") or says it fails
    where the paper's work does not ("where previous X fail")."""
    first = text.split()[0].lower() if text.split() else ""
    last_before = before.split()[-1].lower() if before.split() else ""
    kind = _COMPETING_KIND_BEFORE.search(before)
    if kind is not None and (
        _SET_AGAINST_RIGHT_BEFORE.search(before, 0, kind.start()) or _FAILS_AFTER.match(after)
    ):
        # "is complementary to the existing algorithms X", "where existing methods such as
        # X fail"
        return True
    return bool(
        (first in _COMPETING_WORK or last_before in _COMPETING_WORK)
        and (_SET_AGAINST.search(before) or _FAILS_AFTER.match(after))
    )


def _is_proposed_object(before: str, after: str = "") -> bool:
    found = _PROPOSAL_BEFORE.search(before)
    if found is None:
        return False
    gap = found.group("gap")
    if _NEW_OBJECT_RENAMED_GAP.match(gap) and _APPOSITION_CLOSES.match(after):
        return True  # "we introduce a new family of losses, X, that ..."
    verb = found.group("verb").lower()
    if verb == "suggest" and not _ARTICLE_FIRST.match(gap):
        return False  # "our work suggests X provides ...": a claim, not a proposal
    if _OBJECT_CALLED_GAP.match(gap):
        # "we propose a tuned head recipe, which we call X", "we develop an open-source
        # library, which we call X": the verb's own object, made, renamed
        return True
    if _EARLIER_WORK_NAMED.search(before):
        return False  # "the best existing X models, which we call Y": a name for earlier work
    if _MODIFIER_VERB_GAP.search(gap):
        return False  # "we propose a technique exploiting the X": what the made thing uses
    if verb == "describ" and not _DESCRIBED_GAP.fullmatch(gap):
        return False  # "we describe a X", "this paper describes X"; not "we describe how X"
    if _DOING_FIRST.match(gap):
        return False  # "we propose maintaining only the X": a doing with X, not X
    if _ESTABLISHED_KIND_GAP.search(gap):
        return False  # "we introduce different X, such as ...": kinds that exist already
    if verb == "deriv" and re.match(r"\s*the\b", gap, re.IGNORECASE):
        return False  # "we derive the X of ...": what is worked out about a thing, not made
    # "we develop the notion of X": a notion the paper coins, not a preposition's object
    return not _PREPOSITION.search(gap) or bool(_NOTION_OF.fullmatch(gap.strip()))


# A name a relative clause gives what the words before it say exists already: "against the
# best existing X models, which we call Y", "a standard Z, which we refer to as W".
_EARLIER_WORK_NAMED = re.compile(
    rf"\b({_ESTABLISHED_WORDS})\s+([\w-]+\s+){{0,4}}[\w-]+\s*,?\s*(which|that)\s+we\s+"
    r"(call|term|name|dub|refer\s+to\s+as)\s+((the|an?)\s+)?$",
    re.IGNORECASE,
)
# Heads of what a paper observes or finds rather than makes: a relative clause that names
# one names a phenomenon ("a surprising failure, which we call X").
_OBSERVED_HEADS = (
    "phenomen(on|a)|effects?|behaviou?rs?|failures?|issues?|problems?|collapses?|bias(es)?|"
    "gaps?|trends?|patterns?|paradox(es)?|regimes?|modes?|limitations?|tendenc(y|ies)|"
    "properties|property|observations?|puzzles?|discrepanc(y|ies)|instabilit(y|ies)"
)
# What a proposal verb makes, named by a relative clause: "(we propose) a carefully tuned
# head recipe, which we call", "a new parsing model that we term".
_OBJECT_CALLED_GAP = re.compile(
    r"^\s*((an?|the|our)\s+)?((?!(of|for|to|in|on|with|by|from|that|which|and|or)\b)"
    r"[\w+-]+\s+){0,5}"
    # the made thing's head, not what a paper observes ("a surprising failure, which we
    # call X": a phenomenon it names)
    rf"(?!({_OBSERVED_HEADS})\b)[\w+-]+\s*,?\s*(which|that)\s+we\s+"
    r"(call|term|name|dub|refer\s+to\s+as)\s+(the\s+)?$",
    re.IGNORECASE,
)
# A verb inside what the proposal verb makes, whose object comes next: "a technique
# exploiting the", "a new system that enhances" (a participle before an article, or a
# relative clause's verb; not "a gradually increasing X", whose "-ing" word describes it).
_MODIFIER_VERB_GAP = re.compile(
    r"\b[a-z][\w-]*\s+(\w+ing\s+(the|an?|its|their)|(that|which|who)\s+\w+(s|ed)"
    r"(\s+(the|an?|its|their))?)\s+$"
)
# Words that set what a verb introduces among kinds that exist: "we introduce different X".
_ESTABLISHED_KIND_GAP = re.compile(
    r"(?<!\ban\s)(?<!\ba\s)\b(different|various|existing|classical|popular|well-known)\s+"
    r"(?!(new|novel)\b)(\S+\s+){0,2}$",
    re.IGNORECASE,
)
# What may stand between "describe" and a name it proposes: nothing ("this paper describes
# X") or an indefinite article ("we describe a X"); not "how", "the".
_DESCRIBED_GAP = re.compile(r"\s*((an?)\b.*)?", re.IGNORECASE | re.DOTALL)
# A gap that opens with a verb's -ing form, not an adjective's ("a learning ..." has an article).
_DOING_FIRST = re.compile(
    r"^\s*(?!(?:novel|new|simple|single|string|following|promising|interesting)\b)[a-z]+ing\b"
)


def _introduced_by_name(naming: Naming) -> bool:
    """Whether a naming introduces the paper's own contribution by its name: right after the
    proposal verb, with no article, and explained after it ("we introduce quill
    picking, a method for ...", "we present X (...)"): a name, however everyday its
    words."""
    found = _PROPOSAL_BEFORE.search(naming.before)
    if not naming.own or found is None:
        return False
    gap = found.group("gap").strip()
    named = naming.text
    # "we introduce the Quill Basis, a ...": an article before a capitalised name
    introduced = not gap or (gap.lower() == "the" and reads_as_name(named))
    return introduced and naming.after.lstrip().startswith((",", "(", ":", "--", "—"))


def _names_the_proposal(naming: Naming, entity: Entity, paper: Paper | None = None) -> bool:
    """A naming that gives the paper's proposal its name and makes it the proposal: the
    sentence names it (``introduces_a_name``), it votes ``proposes`` and it is neither an
    umbrella term only a cue calls the paper's nor a name many papers use, unless the
    paper's title opens with it (``_title_names_its_making``)."""
    return (
        introduces_a_name(naming)
        and naming_role(naming) == "proposes"
        and not (entity.generic and not _introduced_by_name(naming))
        and (entity.paper_count < ESTABLISHED_PAPERS or _title_names_its_making(paper, entity))
    )


def _title_names_its_making(paper: Paper | None, entity: Entity) -> bool:
    """Whether the paper's title opens with the entity's name before a colon, as the paper
    that made it writes it ("Quill Folding: Faster Glyph Sorting"): where the abstract
    proposes it too, this paper made it, however many papers of the corpus use it since.
    Not a title that studies it ("X: A Closer Look at ...", "X: a Theoretical Analysis"),
    a survey, a replication or a question."""
    if paper is None or "?" in paper.title:
        return False
    opening = _TITLE_NAME.match(paper.title)
    if (
        opening is None
        or _STUDIED_AFTER_TITLE_NAME.match(paper.title[opening.end("name") :])
        or is_survey(paper.title)
        or _REVISITING_TITLE.search(paper.title)
    ):
        return False
    names = (entity.label, *entity.aliases, entity.abbreviation or "")
    return _plain_name(opening["name"]) in {_plain_name(n) for n in names if n}


def _plain_name(name: str) -> str:
    return re.sub(r"[\s-]+", "", name.casefold()).removesuffix("s")


# A title's opening name before a colon: "Quill Folding: Faster Glyph Sorting".
_TITLE_NAME = re.compile(r"^\s*(?P<name>[^:?]{2,80}):\s+\S")


def _says_made(naming: Naming) -> bool:
    """Whether a sentence says the paper makes what it names. In a sentence about the
    paper's own work: the object of a proposal verb ("we introduce an X", "we use A to
    develop a X"), what it calls new ("a novel X", "X, a new Y"), or one of the
    contributions a colon lists after a proposal verb; in any sentence, a passive proposal
    of the paper's own (``_passively_proposed``: "X is proposed", "A X is also designed")."""
    return (
        naming.own
        and (
            _is_proposed_object(naming.before, naming.after)
            or bool(
                _AND_PROPOSE_BEFORE.search(naming.before)
                or _NOVEL_BEFORE.search(naming.before)
                or _NEW_APPOSITION_AFTER.match(naming.after)
                or _contributions_listed(naming.before)
                or _renames_a_new_object(naming)
                or _defined_as_made(naming)
                or _AND_ANOTHER_MADE_BEFORE.search(naming.before[-CONTRIBUTIONS_WINDOW:])
            )
        )
    ) or _passively_proposed(naming)


def _passively_proposed(naming: Naming) -> bool:
    """Whether a sentence proposes the name in the passive, as the paper's own work: "Here,
    the concept of X is proposed", "A weighted X is also proposed to ...", "A Quill-D is
    introduced at each level" (an abstract written without "we"); not "Recently, X is
    proposed", "a method for X is proposed", "X decoders are designed to ...", where it
    describes a kind of thing."""
    found = _PROPOSED_AFTER.match(naming.after)
    if found is None:
        return False
    near = naming.before[-PASSIVE_WINDOW:]
    clause = near.rsplit(",", 1)[-1]
    if _NOT_THE_SUBJECT_BEFORE.search(clause) and not _KIND_OF_BEFORE.search(clause):
        return False
    if naming.own or _HERE_OPENING.match(naming.before):
        return True
    if _EARLIER_WORK_BEFORE.search(near):
        return False
    # outside the paper's own sentences: said to be new ("is also proposed"), or proposed
    # as the subject the sentence opens with
    return (
        bool(found.group("marker"))
        or bool(_NOVEL_BEFORE.search(naming.before))  # "a novel X is designed"
        or (
            found.group("verb").lower() in ("proposed", "introduced")
            and bool(_OPENS_THE_SENTENCE.match(naming.before))
        )
    )


def _named_only_here(entity: Entity, corpus_papers: int) -> bool:
    """Whether a plain name ("energy-based training process") is the paper's own: in a corpus
    big enough to tell, no other paper names it and it is no umbrella term."""
    from . import is_umbrella  # the linker's package imports this module

    return (
        entity.paper_count == 1
        and corpus_papers >= MIN_NOVELTY_PAPERS
        and not is_umbrella(entity.label)
    )


def _made_by_we(naming: Naming) -> bool:
    """A method or dataset a relative clause after it says the paper makes, under a short
    form it defines ("the Quill Network (QN) we present employs ..."); not one the authors
    made before ("the QN we proposed in earlier work") nor a phrase put before the sentence's
    subject ("On Quillbank we present ...")."""
    return (
        naming.entity_type in ("method", "dataset")
        and bool(_WE_MAKE_AFTER.match(naming.after))
        and bool(_PHRASE_OPENS_BEFORE.search(naming.before))
        and _defines_a_short_form(naming)
    )


# "... and propose a class of Quill-alpha objectives": the name of a family the paper makes.
_FAMILY_MADE_BEFORE = re.compile(
    r"\b(propos|introduc|present|develop|design|devis)\w*\s+an?\s+((new|novel)\s+)?"
    r"(class|family|suite|series)\s+of\s+$",
    re.IGNORECASE,
)


def _named_after_its_kind(naming: Naming) -> bool:
    """A name written after the kind of thing the proposal verb makes: the next object it
    lists ("we present X, ..., and a lightweight framework Zarmor based on X") or a family
    ("and propose a class of Quill-alpha objectives")."""
    named = naming.text
    return (
        naming.own
        and reads_as_name(named)
        and bool(
            _AND_ANOTHER_MADE_BEFORE.search(naming.before[-CONTRIBUTIONS_WINDOW:])
            or _FAMILY_MADE_BEFORE.search(naming.before)
        )
    )


def _object_called(naming: Naming) -> bool:
    """Whether a naming names, by a relative clause, what a sentence about the paper's own
    work says it makes: "we propose a tuned head recipe, which we call X"; not earlier
    work ("against the best existing X models, which we call Y")."""
    found = _PROPOSAL_BEFORE.search(naming.before)
    return (
        naming.own
        and found is not None
        and bool(_OBJECT_CALLED_GAP.match(found.group("gap")))
        and _is_proposed_object(naming.before, naming.after)
    )


def _done_in_earlier_work(naming: Naming) -> bool:
    """Whether a passive verb right after a name says it is what earlier work did ("long
    warmup schedules were needed in prior works"), and the sentence does not set the
    paper's own work against it ("outperforms X, which was proposed in prior work": a
    baseline)."""
    return bool(
        naming.entity_type != "dataset"  # data earlier work used is still a test bed
        and _DONE_IN_EARLIER_WORK_AFTER.match(naming.after)
        and not _COMPARISON_BEFORE.search(naming.before)
    )


def introduces_a_name(naming: Naming) -> bool:
    """Whether a naming gives the paper's own contribution its name: introduced by it
    ("we introduce quill picking, a method ...", "we present the Quill Basis, a ..."),
    named by the sentence ("..., called quill folding") or written with the short form it
    defines ("Quill Folding Sampler (QFS)", in a sentence about the paper's own work); not a
    term the paper gives what may exist already ("distributions, which we term X")."""
    called = _object_called(naming)
    if _TERMED_BEFORE.search(naming.before) and not called:
        return False
    return (
        called
        or _introduced_by_name(naming)
        or _named_after_its_kind(naming)
        or bool(naming.own and _NAMED_BEFORE.search(naming.before))
        or _named_in_apposition(naming)
        or (naming.own and _defines_a_short_form(naming))
        # "we evaluate on two new benchmarks, X and Y": the names of what it calls new
        or bool(naming.own and _NEW_KIND_LISTED_BEFORE.search(naming.before))
        # "the Quill Network (QN) we present": a name the paper says it makes
        or _made_by_we(naming)
        or _data_made(naming)
    )


# "we construct the X dataset", "we introduce a new large-scale X corpus": data the paper makes.
_DATA_MADE_BEFORE = re.compile(
    r"\bwe\s+(also\s+|further\s+|first\s+)?(construct|build|collect|curate|create|release|"
    r"introduce|present|propose|contribute)\w*\s+(an?|the|our)\s+"
    r"((new|novel|large-scale|first|brand-new)\s+)*$",
    re.IGNORECASE,
)
# A citation after data, which makes it someone else's: "the X dataset of Smith et al.",
# "the X corpus (Smith, 2020)".
_DATA_CITED_AFTER = re.compile(
    r"^\s*(dataset|benchmark|corpus)?\s*(\([^()]*(\bet al\b|\b(19|20)\d\d)[^()]*\)"
    r"|(of|by|from)\s+[A-Z][\w-]+(\s+and\s+[A-Z][\w-]+)?\s+(et\s+al\b|\(?(19|20)\d\d))"
)


def _data_made(naming: Naming) -> bool:
    """A dataset a sentence says the paper makes, under a name ("we construct the Quill
    Animation dataset"): its proposal, not data it evaluates on."""
    return (
        naming.entity_type == "dataset"
        and not naming.in_title
        and bool(_DATA_MADE_BEFORE.search(naming.before))
        and not _DATA_CITED_AFTER.match(naming.after)
        and reads_as_name(naming.sentence[len(naming.before) :])
    )


# Words that say what kind of made thing the name before them is ("the proposed X
# technique" is the technique X).
_MADE_KINDS = "method|framework|approach|algorithm|technique|scheme|strategy"
# A short form in brackets: "(QFS)", "( QF-2 )"; and the same ending a mention, maybe
# before the kind of thing it names ("Quill Folding (QF) method").
_BRACKETED_SHORT_FORM = re.compile(r"\(\s*([^()\s][^()]{0,11}?)\s*\)")
_BRACKETED_SHORT_FORM_AT_END = re.compile(
    _BRACKETED_SHORT_FORM.pattern + rf"(\s+(model|{_MADE_KINDS})s?)?\s*$"
)
# A short form opening brackets that spell it out after a dash or a colon, right after what
# a sentence proposes: "we propose a glyph scheme (QFS - quill folding sampler)".
_SHORT_FORM_SPELLED_AFTER = re.compile(r"^\s*(-|–|—|:)\s*[A-Za-z][^()]{4,}\)")
_PROPOSED_JUST_BEFORE = re.compile(
    r"\bwe\s+(propose|introduce|present|develop|design)\w*\s+(an?|the)\s+"
    # what it proposes, up to the bracket, with no preposition that would make the bracket
    # another noun's ("a scheme for quill samplers (QS - ...)")
    r"(?:(?!(?:for|of|on|in|with|to|from|by|over|under|via|using)\b)[^()\s]+\s+){0,8}"
    r"[^()\s]*\s*\(\s*$",
    re.IGNORECASE,
)


def _defines_a_short_form(naming: Naming) -> bool:
    """Whether a naming is a long form written with the short form it defines ("Quill
    Folding Sampler (QFS)", "Quill Folding (QF) method"), in the mention or right after
    it, or a short form spelt out in brackets right after what the sentence proposes ("we
    propose a glyph scheme (QFS - quill folding sampler)"): a name given, not a
    description."""
    named = naming.text
    inside = _BRACKETED_SHORT_FORM_AT_END.search(named)
    after = _BRACKETED_SHORT_FORM.match(naming.after.lstrip())
    found = inside or after
    if (
        is_short_form(named.strip())
        and _PROPOSED_JUST_BEFORE.search(naming.before)
        and _SHORT_FORM_SPELLED_AFTER.match(naming.after)
    ):
        return True  # "we propose a glyph scheme (QFS - quill folding sampler)"
    long_form = named[: inside.start()] if inside else named
    return (
        found is not None
        and is_short_form(found.group(1))
        and len(long_form.split()) >= 2  # a long form: "X (Y)" of one word is no definition
    )


def _named_in_apposition(naming: Naming) -> bool:
    """A name an apposition explains as the paper's new contribution: "X, a new Y that
    ..." or a colon's list of the contributions a proposal verb makes ("we introduce two
    contributions: X, a ..., and Y, a ..."), or a name given to what the verb makes new
    ("we introduce a new family of losses, X, that ...")."""
    if not naming.own or not _APPOSITION_CLOSES.match(naming.after):
        return False
    if _NEW_APPOSITION_AFTER.match(naming.after) or _contributions_listed(naming.before):
        return True
    if _defined_as_made(naming):
        return True  # "we also define the Quill-Sieve, a bootstrap method for ..."
    found = _PROPOSAL_BEFORE.search(naming.before)
    if found is not None and _NEW_OBJECT_RENAMED_GAP.match(found.group("gap")):
        return True
    return _renames_a_new_object(naming)


def _defined_as_made(naming: Naming) -> bool:
    """A name the paper defines, said in apposition to be a thing of a kind it can make
    ("we also define the Quill-Sieve, a bootstrap method for ..."); not a defined quantity
    or set ("we define the Glyph-Core, a set of lattices")."""
    named = naming.text
    return (
        naming.own
        and reads_as_name(named)
        and bool(_WE_DEFINE_BEFORE.search(naming.before))
        and bool(_MADE_KIND_APPOSITION_AFTER.match(naming.after))
    )


# What goes on a list rather than closing an apposition: ", and Y", "and Y", ", Y, and Z",
# ", Y and Z".
_LIST_GOES_ON = re.compile(
    r"^\s*(\([^()]*\)\s*)?(,?\s*(and|or)\b|,\s*[^,.;:()]{1,40}?(,|\s(and|or)\b))",
    re.IGNORECASE,
)


def _renames_a_new_object(naming: Naming) -> bool:
    """Whatever the verb, a name in apposition to what a sentence about the paper's own work
    calls new: "we frame a new setup of X, Quill Oracle Optimization (QOO), to ...", "the new
    language, Zarn-L, represents ..."; not the next item of a list ("a novel combination of
    X, Quill-FFT, and Y") nor a description in lower-case words."""
    named = naming.text
    return (
        naming.own
        and bool(_NEW_OBJECT_RENAMED_AT_END.search(naming.before[-MAX_RENAMED_GAP:]))
        and bool(_APPOSITION_CLOSES.match(naming.after))
        and not _LIST_GOES_ON.match(naming.after)
        and reads_as_name(named)
    )


# What the work may lead to, not what it does: "opens new avenues for X", "future work could
# extend it to X", "potential applications in X", "paves the way for X".
_PROSPECT_BEFORE = re.compile(
    r"\b(future\s+(work|research|studies|directions?)|"
    r"open(s|ing)?\s+(up\s+)?(new\s+)?(avenues|directions|possibilities|doors|opportunities)|"
    r"pav(e|es|ing)\s+the\s+way|could\s+(also\s+|further\s+)?be\s+(extended|applied)|"
    r"potential\s+(applications?|uses?)|promising\s+(directions?|avenues?))\b"
    # in its own phrase: not past a comma or an "and" ("potential applications of X, and
    # gains of 12% on D")
    r"((?!\band\b)[^.;:,]){0,50}$",
    re.IGNORECASE,
)


@lru_cache(maxsize=NAMING_ROLES_REMEMBERED)
def naming_role(naming: Naming) -> str:
    """The role one naming of an entity votes for."""
    if (
        naming.proposed
        or (naming.own and _NEW_KIND_LISTED_BEFORE.search(naming.before))
        or _data_made(naming)
        or _made_by_we(naming)
    ):
        return "proposes"
    kind = naming.entity_type
    if kind == "task" and naming.own and _NEW_TASK_BEFORE.search(naming.before):
        return "proposes"  # "we introduce the task of X", "a task we refer to as X"
    if (
        naming.in_title
    ):  # a task or problem is the paper's subject; a method, what it uses or studies
        if kind == "dataset":
            return "evaluatesOn"
        if kind == "method" and (
            _SUPERSEDED_IN_TITLE_BEFORE.search(naming.before)
            or _SUCCEEDED_IN_TITLE_AFTER.match(naming.after)
        ):
            return "comparesWith"  # "No More Zarn: ...", "QNet: Zarn's New Successor"
        if _TITLE_MEANS_BEFORE.search(naming.before):
            return "uses"
        if (
            kind == "method"
            and not naming.action
            and not _TITLE_PURPOSE_BEFORE.search(naming.before)
        ):
            return "uses"
        return "addresses"
    kept = bool(_KEPT_BEFORE.search(naming.before))
    if kept and naming.own and (kind in ("concept", "metric") or naming.measure):
        return "measures"  # "our method reduces memory without affecting X"
    if (
        naming.own
        and kind in ("concept", "metric")
        and _GAINED_BEFORE.search(naming.before)
        and not _RESULT_HEAD.search(naming.sentence[: len(naming.sentence) - len(naming.after)])
    ):
        return "measures"  # "our method achieves faster X", "with improved X"
    contrast = (
        bool(
            _CONTRAST_BEFORE.search(naming.before)
            or _REPLACED_BEFORE.search(naming.before)
            or _DOES_WITHOUT_BEFORE.search(naming.before)
        )
        and not kept
    )
    if (
        contrast
        or _PROSPECT_BEFORE.search(naming.before)
        or _POINTED_AT_AS_EARLIER.search(naming.before)
        or _FIELD_POINTED_AT_AFTER.match(naming.after)
        or _done_in_earlier_work(naming)
    ):
        return "mentions"
    if naming.own and kind in ("concept", "metric") and _said_measured(naming):
        return "measures"  # "error in terms of the X and Y", "accuracy, measured in a X"
    if (
        kind in ("method", "concept")
        and not naming.measure
        and naming.own
        and _OVERCOMES_LIMITS_BEFORE.search(naming.before)
    ):
        return "comparesWith"  # "overcomes the key limitations of X": what it improves on
    if (
        kind not in ("dataset", "metric")
        and not naming.measure
        and naming.own
        and not _contributions_listed(naming.before)
        and (
            _MITIGATED_BEFORE.search(naming.before)
            or (
                _PROBLEM_EXAMPLE_BEFORE.search(naming.before)
                and not _EVALUATED_ON_BEFORE.search(naming.before)
            )
        )
    ):
        # the problem the paper's own work mitigates, or one of the problems it is for
        # ("results for problems such as X", "the classical problem of X")
        return "addresses"
    if kind in ("method", "concept") and not naming.measure:  # a quantity is no competitor
        if (
            (
                _COMPARISON_BEFORE.search(naming.before)
                and not _NOT_A_COMPETITOR_BEFORE.search(naming.before)
                # "samples much smaller than the feature dimension": a quantity set
                # against a quantity, no work against a competitor ("lower than
                # importance sampling" still sets the work against one)
                and not (
                    kind == "concept"
                    and _names_a_size(naming.text)
                    and _QUANTITY_THAN_BEFORE.search(naming.before)
                )
            )
            or _COMPARISON_AFTER.search(naming.after)
            or _SHARE_OF_BEFORE.search(naming.before)
        ):
            return "comparesWith"
        if naming.prior and naming.own:
            return "comparesWith"  # "our X beats conventional Y", "than previous Y methods"
        if naming.own and _ALTERNATIVE_TO_BEFORE.search(naming.before):
            return "comparesWith"  # "our model is a lightweight alternative to X"
        if (
            _listed_as_own_part(naming)
            or _says_made(naming)
            or (
                naming.own
                and (
                    _OWN_IS_A_BEFORE.search(naming.before)
                    or _NAMED_BEFORE.search(naming.before)
                    or _WINS_AFTER.search(naming.after)
                )
            )
        ):
            # a part the work is said to consist of ("Quillnet consists of a X and a Y"), in
            # its own sentence or the next; a name inside the proposal's name ("X" in "our Preconditioned X") is what the
            # proposal builds on
            return "uses" if naming.nested else "proposes"
    if kind == "dataset":
        if _TRAINED_ON.search(naming.before):
            return "uses"
        if naming.own or _EXPERIMENT.search(naming.sentence):
            return "evaluatesOn"
        return "mentions"
    if (kind == "metric" or naming.measure) and _NUMBER.search(naming.sentence):
        return "measures"
    if (
        (kind == "task" and _EVALUATED_ON_BEFORE.search(naming.before))
        or (
            naming.own
            and (kind == "concept" or naming.action)
            and not naming.measure
            and _EXPERIMENTS_ON_BEFORE.search(naming.before)
        )
        or (
            naming.own
            and kind == "task"
            and _RESULTS_IN_BEFORE.search(naming.before)
            and not _PURPOSE_OPENING.match(naming.before)
        )
    ) and not _AIMED_AT.search(naming.before):
        # a test bed: "experiments on X", "tested on ..., including X", "our method
        # outperforms baselines in X"
        return "evaluatesOn"
    if (
        kind == "method"
        and not naming.own
        and _EVALUATED_ON_BEFORE.search(naming.before)
        and not _EARLIER_WORK.search(naming.before)
    ):
        return "uses"  # the models experiments run on: "Performance is evaluated on X and Y"
    if (
        not naming.own
        and (kind == "task" or naming.action)
        and _CALLED_A_PROBLEM_AFTER.match(naming.after)
        and not _EARLIER_WORK.search(naming.before)
    ):
        return "addresses"  # the motivation: "Yet, X remains a difficult task."
    if (
        not naming.own
        and kind in ("task", "concept", "metric")
        and len(naming.before.split()) <= 3
        and not _EARLIER_WORK.search(naming.before)
        and _SUBJECT_CALLED_A_PROBLEM.match(naming.after)
    ):
        return "addresses"  # the sentence it opens calls it a problem: "X poses a bottleneck"
    if not naming.own:
        if naming.topic:
            # the abstract opens with the title's subject: what the paper works on
            return _TOPIC_ROLES[kind]
        if naming.after_own and _says_how_done(naming.before):
            return "uses"  # "Retrieval is made efficient with X", after "we propose ..."
        if (
            naming.after_own
            and (kind == "metric" or naming.measure)
            and _FINDING.search(naming.sentence)
        ):
            return "measures"  # a finding after the paper's work: "both loss and X improve"
        return "mentions"
    if (kind == "task" or naming.action) and _MEANS_BEFORE.search(naming.before):
        return "uses"  # what the work builds with: "a framework based on X"
    if kind == "task" or (naming.action and _PURPOSE_BEFORE.search(naming.before)):
        return "addresses"
    if (
        kind == "concept"
        and _LESSENED_BEFORE.search(naming.before)
        and (_AMOUNT_AFTER.match(naming.after) or _SHARE_BEFORE.search(naming.before))
    ):
        return "measures"  # "reducing X by 5.9 GB", "reduce up to 51% of X": a result in X
    if (
        kind == "concept"
        and not naming.measure
        and (
            _STUDIED_BEFORE.search(naming.before)
            or _PRODUCED_BEFORE.search(naming.before)
            or _RESULTS_ON_BEFORE.search(naming.before)
        )
    ):
        # what the work studies ("we analyse the mechanism of X"), computes or lessens ("our
        # method approximates the X", "reduces X")
        return "addresses"
    if kind == "metric" or naming.measure:
        return "measures"
    if _ONE_OF_OTHERS_BEFORE.search(naming.before) or _CODE_RELEASE.search(naming.sentence):
        # one of others of a kind ("Y and other X"), or where the code is released
        # ("available as part of X"): named, not used
        return "mentions"
    # an example in a sentence about the paper's own work ("we consider kernels such as X")
    # is one it works with
    return "uses"


MODEL_BATCH = 2048  # (paper, entity) pairs the role model reads at once


class RoleMemo(Protocol):
    """Each paper's roles as a build before read them (``kg.link.stored.RoleStore``), by a
    digest of everything they were read from (``paper_roles``)."""

    def get_many(self, digests: Sequence[str]) -> dict[str, bytes]: ...

    def put_many(self, found: Mapping[str, bytes], corpus_papers: int) -> None: ...


def paper_roles(
    linked: Sequence[LinkedMention],
    entities: Mapping[str, Entity],
    papers: Mapping[str, Paper],
    *,
    named: set[int] | None = None,
    learned: bool | RoleModel = True,
    memo: RoleMemo | None = None,
) -> list[Relation]:
    """One relation per (paper, entity): the paper's role for the entity; evidence = mention
    indexes into ``linked``. Without ``papers``' texts every naming is background, except
    proposals. ``named``, when given, receives the indexes of the mentions that give a
    proposal its name in a sentence ("we introduce quill picking, a method ...", "...,
    called quill folding"; ``introduces_a_name``), which the extraction did not flag.
    The rules decide (``rule_roles``); then, with ``learned``, the packaged role model (or
    the ``RoleModel`` given) reads their evidence again (``kg.link.role_model``), except
    for proposals and in surveys. ``memo`` (with the packaged model, and ``linked`` in
    ``mention_order``) gives the roles of each paper whose text, mentions and entities are
    those of a build before, and keeps the others': a paper's roles are read from these
    alone (and whether the corpus is large), so a rebuild that changes a few entities (a
    curation) reads again only the papers that name them."""
    runs = _paper_runs(linked) if named is not None else None
    if named is None or runs is None:
        return _read_roles(linked, entities, papers, named=named, learned=learned)
    reading = _RoleReading(linked, runs, entities, papers, learned)
    if memo is None or learned is not True:
        relations, named_now = reading.read_apart(list(runs))
        named.update(named_now)
        return sorted(relations, key=lambda r: (r.subject, r.predicate, r.object))
    digests = {
        paper_key: _roles_digest(linked[start:end], entities, papers.get(paper_key), len(papers))
        for paper_key, (start, end) in runs.items()
    }
    kept = memo.get_many(sorted(set(digests.values())))
    relations = []
    unread: list[str] = []
    for paper_key, (start, end) in runs.items():
        remembered = _decode_roles(kept.get(digests[paper_key]), paper_key, start, end)
        if remembered is None:
            unread.append(paper_key)
            continue
        relations.extend(remembered[0])
        named.update(remembered[1])
    if unread:
        read, named_now = reading.read_apart(unread)
        relations.extend(read)
        named.update(named_now)
        read_of: dict[str, list[Relation]] = defaultdict(list)
        for relation in read:
            read_of[relation.subject].append(relation)
        named_in: dict[str, list[int]] = defaultdict(list)
        for index in named_now:
            named_in[linked[index].paper_key].append(index)
        memo.put_many(
            {
                digests[key]: _encode_roles(read_of[key], named_in[key], runs[key][0])
                for key in unread
            },
            len(runs),
        )
    return sorted(relations, key=lambda r: (r.subject, r.predicate, r.object))


# Papers to read before their roles are read in two processes (a fork costs a few ms, and
# the second half's roles come back through a pipe): a curation that touches a few popular
# entities reads a hundred or more papers again (173 of the seeds' 624 for its 50 suggested
# rules), those that name the most entities.
PAPERS_READ_APART = 50


@dataclass(frozen=True)
class _RoleReading:
    """What the roles of some of a corpus's papers are read from: ``linked`` in
    ``mention_order``, each paper's mentions at ``runs`` in it."""

    linked: Sequence[LinkedMention]
    runs: Mapping[str, tuple[int, int]]
    entities: Mapping[str, Entity]
    papers: Mapping[str, Paper]
    learned: bool | RoleModel

    def read_apart(self, keys: Sequence[str]) -> tuple[list[Relation], set[int]]:
        """``read`` the papers ``keys``; where more than a few hundred are read and a child
        can be forked, half of them in it, beside (a paper's roles are read from its own
        mentions alone)."""
        from ..processes import Beside, can_start_beside

        if len(keys) < PAPERS_READ_APART or not can_start_beside():
            return self.read(keys)
        # two halves of about as many mentions each, in order
        sizes = [self.runs[key][1] - self.runs[key][0] for key in keys]
        half, counted, total = 0, 0, sum(sizes) / 2
        while half < len(keys) - 1 and counted + sizes[half] <= total:
            counted += sizes[half]
            half += 1
        half = max(half, 1)
        second = keys[half:]
        # the child's collections would touch every object the two share and copy its page
        gc.freeze()
        try:
            beside = Beside(lambda: self.read(second), "reading the paper roles")
        finally:
            gc.unfreeze()
        try:
            first_read, first_named = self.read(keys[:half])
        except BaseException:
            beside.stop()
            raise
        try:
            second_read, second_named = beside.result()
        except KgError:  # the child died (out of memory?): its half is read here instead
            second_read, second_named = self.read(second)
        return first_read + second_read, first_named | second_named

    def read(self, keys: Sequence[str]) -> tuple[list[Relation], set[int]]:
        """The roles of the papers ``keys``, evidence indexes into ``linked``, and the
        indexes of the mentions that name a proposal, read in this process."""
        places = [i for key in keys for i in range(*self.runs[key])]
        named_now: set[int] = set()
        read = _read_roles(
            [self.linked[i] for i in places],
            self.entities,
            self.papers,
            named=named_now,
            learned=self.learned,
        )
        relations = [
            Relation(r.subject, r.predicate, r.object, tuple(places[i] for i in r.evidence))
            for r in read
        ]
        return relations, {places[i] for i in named_now}


def _paper_runs(linked: Sequence[LinkedMention]) -> dict[str, tuple[int, int]] | None:
    """Where each paper's mentions run in ``linked`` (start, end); None when a paper's
    mentions do not run together."""
    runs: dict[str, tuple[int, int]] = {}
    start = 0
    for index in range(1, len(linked) + 1):
        if index == len(linked) or linked[index].paper_key != linked[start].paper_key:
            if linked[start].paper_key in runs:
                return None
            runs[linked[start].paper_key] = (start, index)
            start = index
    return runs


def _roles_digest(
    mentions: Sequence[LinkedMention],
    entities: Mapping[str, Entity],
    paper: Paper | None,
    corpus_size: int,
) -> str:
    """A digest of what a paper's roles are read from: its texts, its mentions in order, what
    the rules and the role model read of the entities they name, and whether the corpus is
    large enough for the rules that hold in large ones only."""
    digest = hashlib.sha256(b"roles 2\0%d\0" % (corpus_size >= MIN_NOVELTY_PAPERS))
    texts = (paper.title, paper.abstract) if paper is not None else ("\0no paper",)
    for part in (*texts, *(repr(m) for m in mentions)):
        encoded = part.encode("utf-8", "surrogatepass")
        digest.update(b"%d\0" % len(encoded) + encoded)
    for key in sorted({m.entity_key for m in mentions}):
        entity = entities[key]
        read = (
            entity.key,
            entity.type,
            entity.label,
            entity.aliases,
            entity.abbreviation,
            entity.paper_count,
            entity.generic,
        )
        encoded = repr(read).encode("utf-8", "surrogatepass")
        digest.update(b"%d\0" % len(encoded) + encoded)
    return digest.hexdigest()


def _encode_roles(relations: Sequence[Relation], named: Sequence[int], start: int) -> bytes:
    """One paper's roles and named proposals, mention indexes counted from its first."""
    return json.dumps(
        {
            "roles": [[r.object, r.predicate, [i - start for i in r.evidence]] for r in relations],
            "named": sorted(i - start for i in named),
        }
    ).encode()


def _decode_roles(
    data: bytes | None, paper_key: str, start: int, end: int
) -> tuple[list[Relation], list[int]] | None:
    """``_encode_roles``' paper back, indexes into the whole list again; None when there is
    none or it does not read as one (a miss: the paper is read again)."""
    if data is None:
        return None
    try:
        found = json.loads(data)
        relations = []
        for entity_key, role, evidence in found["roles"]:
            places = tuple(start + int(i) for i in evidence)
            if (
                not isinstance(entity_key, str)
                or role not in PAPER_ROLES
                or not all(start <= i < end for i in places)
            ):
                return None
            relations.append(Relation(paper_key, role, entity_key, places))
        named = [start + int(i) for i in found["named"]]
    except (ValueError, TypeError, KeyError):
        return None
    if not all(start <= i < end for i in named):
        return None
    return relations, named


def _read_roles(
    linked: Sequence[LinkedMention],
    entities: Mapping[str, Entity],
    papers: Mapping[str, Paper],
    *,
    named: set[int] | None,
    learned: bool | RoleModel,
) -> list[Relation]:
    """``paper_roles`` of every paper of ``linked``, read now."""
    roles, namings = rule_roles(linked, entities, papers, named=named)
    if isinstance(learned, RoleModel):
        model: RoleModel | None = learned
    else:
        model = packaged_role_model() if learned else None
    if model is not None:
        keys = []
        for key in namings:
            if roles[key] == "proposes":
                continue  # proposals are the rules' and the extraction's to name
            if all(_PROSPECT_BEFORE.search(n.before) for n in namings[key]):
                continue  # only named as what the work may lead to: too rare to learn
            paper = papers.get(key[0])
            if paper is not None and is_survey(paper.title):
                continue  # a survey names methods to describe them: too few were annotated
            keys.append(key)
        # read in batches: one product with the weights per batch, and a batch's features
        # dropped before the next (a large corpus has hundreds of thousands of pairs)
        for start in range(0, len(keys), MODEL_BATCH):
            batch = keys[start : start + MODEL_BATCH]
            features = [
                role_model_features(namings[k], roles[k], entities[k[1]], papers.get(k[0]))
                for k in batch
            ]
            for key, role in zip(
                batch, model.second_readings(features, [roles[k] for k in batch]), strict=True
            ):
                roles[key] = role
    relations = [
        Relation(
            paper_key, role, entity_key, tuple(n.index for n in namings[paper_key, entity_key])
        )
        for (paper_key, entity_key), role in roles.items()
    ]
    return sorted(relations, key=lambda r: (r.subject, r.predicate, r.object))


def is_survey(title: str) -> bool:
    """Whether a title says the paper surveys a field ("A Survey of X", "X: A Tutorial")."""
    return bool(_SURVEY_TITLE.search(title))


def role_model_features(
    found: Sequence[Naming], rule_role: str, entity: Entity, paper: Paper | None
) -> dict[str, float]:
    """The role model's features of one (paper, entity) (``kg.link.role_model``): its
    namings ``found`` and the rules' role for it."""
    abstract = paper.abstract if paper is not None else ""
    return role_features(
        found,
        [naming_role(n) for n in found],
        rule_role,
        entity.type,
        entity.label,
        generic=entity.generic,
        paper_count=entity.paper_count,
        abstract=abstract,
        title=paper.title if paper is not None else "",
        first_own_at=_first_own_at(abstract),
    )


@lru_cache(maxsize=1 << 10)  # asked once per entity of a paper
def _first_own_at(abstract: str) -> int:
    """Where ``abstract`` first speaks of the paper's own work; its length where it never
    does."""
    own = OWN_WORK.search(abstract)
    return own.start() if own else len(abstract)


def rule_roles(
    linked: Sequence[LinkedMention],
    entities: Mapping[str, Entity],
    papers: Mapping[str, Paper],
    *,
    named: set[int] | None = None,
) -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], list[Naming]]]:
    """The rules' role for each (paper, entity), and its namings (``paper_roles``, without
    the learned second reading; ``named`` as there)."""
    proposed_keys: dict[str, set[str]] = defaultdict(set)
    for item in linked:
        if item.mention.proposed:
            proposed_keys[item.paper_key].add(item.entity_key)
    namings = _namings(linked, entities, papers, proposed_keys)
    if named is None:
        return _decide_roles(namings, linked, entities, papers, named), namings
    # a sentence that names the proposal flags its mention, as the extraction would have,
    # and so do the paper-level rules (a release of the proposal, "our X"); the flags change
    # which sentences are about the paper's own work, so read again until no new one comes
    # (a graph built so and linked again from its own mentions gives the same roles). Each
    # pass that does not return flags a mention more, so the loop ends.
    first = True
    read_again: set[str] | None = None  # the papers whose namings changed; at first, all
    while True:
        # a paper's namings that named no proposal before are read as they were: only
        # those read again can name one now
        new = {
            n.index
            for (paper_key, entity_key), found in namings.items()
            if read_again is None or paper_key in read_again
            for n in found
            if not n.proposed
            and _names_the_proposal(n, entities[entity_key], papers.get(paper_key))
        }
        if first and len(papers) >= MIN_NOVELTY_PAPERS:
            new |= _own_subject_names(namings, entities, papers, proposed_keys, new, linked)
        first = False
        if not new:
            roles = _decide_roles(namings, linked, entities, papers, named)
            new = named - _flagged(namings)  # what the paper-level rules flagged
            if not new:
                return roles, namings
        named.update(new)
        namings = _flagged_again(namings, new, linked, entities, papers, proposed_keys, named)
        read_again = {linked[index].paper_key for index in new}


def _flagged(namings: Mapping[tuple[str, str], list[Naming]]) -> set[int]:
    """The indexes of the namings read as flagged proposals."""
    return {n.index for found in namings.values() for n in found if n.proposed}


def _flagged_again(
    namings: dict[tuple[str, str], list[Naming]],
    new: set[int],
    linked: Sequence[LinkedMention],
    entities: Mapping[str, Entity],
    papers: Mapping[str, Paper],
    proposed_keys: dict[str, set[str]],
    named: set[int],
) -> dict[tuple[str, str], list[Naming]]:
    """The namings read again with the mentions in ``named`` flagged, ``new`` the ones
    flagged since ``namings`` were read: their papers now propose their entities
    (``proposed_keys``, in place). Only those papers are read again; the others' namings
    stay as they were, in the same order."""
    changed = set()
    for index in new:
        proposed_keys[linked[index].paper_key].add(linked[index].entity_key)
        changed.add(linked[index].paper_key)
    again = _namings(linked, entities, papers, proposed_keys, frozenset(named), only=changed)
    return {key: again[key] if key[0] in changed else found for key, found in namings.items()}


def _decide_roles(
    namings: Mapping[tuple[str, str], list[Naming]],
    linked: Sequence[LinkedMention],
    entities: Mapping[str, Entity],
    papers: Mapping[str, Paper],
    named: set[int] | None,
) -> dict[tuple[str, str], str]:
    """``rule_roles``' roles from the namings: each naming's vote, then the paper-level
    rules (which may add to ``named``)."""
    roles: dict[tuple[str, str], str] = {}
    for (paper_key, entity_key), found in namings.items():
        votes = {naming_role(n) for n in found if not n.in_title}
        titled = {naming_role(n) for n in found if n.in_title}
        entity = entities[entity_key]
        if titled:  # the title says what the paper is about; the abstract can only sharpen it
            overriding = votes & TITLE_OVERRIDES
            if "addresses" in titled:
                overriding.discard("evaluatesOn")  # the title's problem, not a test bed
                if (
                    entity.type == "method"
                    and not found[0].action
                    and any(n.own and not n.in_title and naming_role(n) == "uses" for n in found)
                ):
                    # "Fast X for Quill Networks", where the paper's own work runs on quill
                    # networks: a made thing the work is for is one it builds on (a doing,
                    # "X for quill optimization", stays what it addresses)
                    overriding.add("uses")
            votes = titled | overriding
        if entity.type == "dataset":
            votes.discard("addresses")
        role = min(votes or {"mentions"}, key=PRIORITY.__getitem__)
        if (
            role == "proposes"
            and not any(n.proposed for n in found)
            and (
                (
                    entity.generic
                    and not any(_introduced_by_name(n) for n in found)
                    and not (
                        _named_only_here(entity, len(papers))
                        and any(_says_made(n) or _listed_as_own_part(n) for n in found)
                    )
                )
                or (
                    entity.paper_count >= ESTABLISHED_PAPERS
                    and not _title_names_its_making(papers.get(paper_key), entity)
                )
            )
        ):
            # "our X", "X outperforms": the paper's work builds on an umbrella term or a
            # name many papers of the corpus use; only a name it introduces is its proposal
            # (a task many papers name is one it addresses)
            role = "addresses" if entity.type == "task" else "uses"
        roles[(paper_key, entity_key)] = role
    _read_paper_level(roles, namings, entities, papers, named)
    _compare_with_listed_methods(roles, linked, entities, papers)
    _set_apart_listed_names(roles, linked, papers)
    _evaluate_on_listed_test_beds(roles, linked, entities, papers)
    return roles


# What may open a sentence before its subject: "In particular, ", "Despite its simplicity,
# " (a phrase up to a comma).
_BEFORE_SUBJECT = re.compile(
    r"^\W*((\w+ ){0,2}\w+,\s+|(despite|by|with|unlike|compared to)\b[^,]{0,80},\s+)?$",
    re.IGNORECASE,
)
# A lower-case word after a subject: its verb ("X is ...", "X performs ...").
_VERB_FIRST_AFTER = re.compile(
    r"^\s*(\([^()]*\)\s*)?(first\s+|also\s+)?"
    r"(?!(and|or|with|in|on|of|for|to|from|by|as|at|the|a|an)\b)[a-z]+\b"
)
MIN_SUBJECT_SENTENCES = 2


def _own_subject_names(
    namings: Mapping[tuple[str, str], list[Naming]],
    entities: Mapping[str, Entity],
    papers: Mapping[str, Paper],
    proposed_keys: Mapping[str, set[str]],
    named_now: set[int],
    linked: Sequence[LinkedMention],
) -> set[int]:
    """The namings of a coined name ("QuillSGD-X") that a paper about its own work, with no
    proposal named yet, keeps making the subject of its sentences ("QuillSGD-X is a simple
    enhancement to ...", "QuillSGD-X performs ...") and that no other paper of the corpus
    names: the paper's new method, introduced without a proposal verb."""
    settled = set(proposed_keys) | {linked[i].paper_key for i in named_now}
    found_names: set[int] = set()
    for (paper_key, entity_key), found in namings.items():
        entity = entities[entity_key]
        paper = papers.get(paper_key)
        if (
            paper_key in settled
            or paper is None
            or entity.paper_count != 1
            or entity.generic
            or entity.type not in ("method", "dataset")
            or " " in entity.label
            or not is_name_like(entity.label)
            or entity.key in _lexicon_keys()
            or not OWN_WORK.search(paper.abstract)
        ):
            continue
        subjects = [
            n
            for n in found
            if not n.in_title
            and _BEFORE_SUBJECT.match(n.before)
            and _VERB_FIRST_AFTER.match(n.after)
        ]
        if len(subjects) >= MIN_SUBJECT_SENTENCES:
            found_names.add(subjects[0].index)
    return found_names


# What joins two names of one list: "X, Y", "X and Y", "X, or Y", "X/Y", and a short
# form between them: "X (XS), Y".
# A citation a writer puts after a listed name: "[3]", "[3, 4]", "(Smith et al., 2019)", or
# a BibTeX key left in the text ("zarnov2021glyph").
_CITATION_IN_GAP = (
    r"(?:\s*(?:\[[\d,;\s–-]{1,20}\]|\([^()]{0,60}\b(?:19|20)\d\d[a-z]?\)|" + CITATION_KEY + r"))?"
)
_LIST_GAP = re.compile(r"^" + _CITATION_IN_GAP + r"(\)?\s*(,\s*(and|or)?|and|or|/)|\s*\()\s*$")


_JOINED = re.compile(r"\b(and|or)\b|/")


def _name_lists(
    linked: Sequence[LinkedMention], papers: Mapping[str, Paper]
) -> Iterator[tuple[str, str, list[LinkedMention]]]:
    """Every run of names a text lists one after another ("A, B and C", "A/B"), with its
    paper's key and the text it is in; a name alone is a run of one."""
    by_place: dict[tuple[str, str], list[LinkedMention]] = defaultdict(list)
    for item in linked:
        if not item.mention.nested:
            by_place[(item.paper_key, item.mention.field)].append(item)
    for (paper_key, field), items in by_place.items():
        paper = papers.get(paper_key)
        text = paper.text_of(field) if paper is not None else None
        if text is None:
            continue
        items.sort(key=lambda i: i.mention.start)
        listed = [items[0]]
        for previous, following in pairwise(items):
            if _LIST_GAP.match(text[previous.mention.end : following.mention.start]):
                listed.append(following)
            else:
                yield paper_key, text, listed
                listed = [following]
        yield paper_key, text, listed


def _compare_with_listed_methods(
    roles: dict[tuple[str, str], str],
    linked: Sequence[LinkedMention],
    entities: Mapping[str, Entity],
    papers: Mapping[str, Paper],
) -> None:
    """Methods listed after a comparison cue ("than the widely used Quillnet, Glyphformer
    and Snarfle codecs", "outperforms baselines such as A, B, and C"), or written as the
    earlier work a sentence sets its own against ("is complementary to the existing
    algorithms A and B"), are all compared with
    (in place), where the cue is too far from the list's later names for their own sentence
    to reach it; a list the cue does not open ("methods (e.g. A, B, C)") is left alone."""
    for paper_key, text, listed in _name_lists(linked, papers):
        first = listed[0].mention
        before = text[first.sentence_start : first.start]
        if (
            len(listed) < 2
            or not (_COMPARISON_BEFORE.search(before) or _named_as_prior(first.text, before))
            or _NOT_A_COMPETITOR_BEFORE.search(before)
        ):
            continue
        if len(listed) == 2 and not _JOINED.search(
            text[listed[0].mention.end : listed[1].mention.start]
        ):
            # "compared to techniques like A (AB), X exhibits ...": two names a bare comma
            # joins are no list; the second opens the next clause
            listed = listed[:1]
        for member in listed:
            key = (paper_key, member.entity_key)
            if (
                roles.get(key) in ("uses", "mentions")
                and entities[member.entity_key].type == "method"
            ):
                roles[key] = "comparesWith"


# A list of test beds opens right after "on" or "across": "... on A, B, and C".
_TEST_BED_LIST_BEFORE = re.compile(r"\b(on|across)\s+(the\s+)?$", re.IGNORECASE)


def _evaluate_on_listed_test_beds(
    roles: dict[tuple[str, str], str],
    linked: Sequence[LinkedMention],
    entities: Mapping[str, Entity],
    papers: Mapping[str, Paper],
) -> None:
    """Names listed with a dataset the paper evaluates on, in a list that opens after "on"
    or "across" ("experiments on Quillset, Zarn Control and GlyphSim"), are test beds too
    (in place): an environment or a family of equations the recognisers took for a method
    or a concept is run on like the dataset beside it. Metrics, classes of things named in
    the plural ("on X, two-layer Quillnets") and what the paper proposes or compares with
    keep their roles."""
    for paper_key, text, listed in _name_lists(linked, papers):
        first = listed[0].mention
        if len(listed) < 2 or not _TEST_BED_LIST_BEFORE.search(
            text[first.sentence_start : first.start]
        ):
            continue
        if not any(
            entities[m.entity_key].type == "dataset"
            and roles.get((paper_key, m.entity_key)) == "evaluatesOn"
            for m in listed
        ):
            continue
        for member in listed:
            key = (paper_key, member.entity_key)
            entity = entities[member.entity_key]
            head = entity.label.split()[-1].lower()
            if (
                roles.get(key) in ("uses", "addresses", "mentions")
                and entity.type != "metric"
                and singular(head) == head  # "on X, one-layer Quillnets": a class of models
            ):
                roles[key] = "evaluatesOn"


# A clause that sets what it lists apart from the paper's work ("unlike the earlier bounds,
# which scale with A, B or C") or lists it among others ("links to other notions, including
# A, B and C"): the clause may run on before its list, but not into the paper's own words.
_SET_APART_BEFORE = re.compile(
    r"(\b(unlike|in contrast to|contrary to|as opposed to)\b"
    r"|\bother\s+([\w-]+\s+){0,5}?(such as|including|like)\b"
    r"|\bthose (used|proposed|introduced|employed|adopted|developed) (in|by)\b)"
    r"(?![^.;:]*\b(we|our|us|this (paper|work|study))\b)[^.;:]{0,100}$",
    re.IGNORECASE,
)

# The "and" or "or" that closes a list ("A, B and C"), where a comma alone may end a clause.
_LIST_END = re.compile(r"\W*(and|or)\b")


def _set_apart_listed_names(
    roles: dict[tuple[str, str], str],
    linked: Sequence[LinkedMention],
    papers: Mapping[str, Paper],
) -> None:
    """Names listed in a clause that sets them apart from the paper's work or among others
    (``_SET_APART_BEFORE``) are background (in place): mentioned, not used, addressed or
    measured. The list must end with "and" or "or" and be the first thing the clause names
    ("Unlike A, B and C ..." is left alone: B and C may be what the sentence goes on to say
    the paper does)."""
    starts: dict[tuple[str, str], list[int]] = defaultdict(list)
    for item in linked:
        starts[(item.paper_key, item.mention.field)].append(item.mention.start)
    for paper_key, text, listed in _name_lists(linked, papers):
        first = listed[0].mention
        before = text[first.sentence_start : first.start]
        cue = _SET_APART_BEFORE.search(before)
        gaps = [text[a.mention.end : b.mention.start] for a, b in pairwise(listed)]
        # the list may go on with words that name no entity: "A, B, and other Cs"
        gaps.append(text[listed[-1].mention.end : listed[-1].mention.end + 8])
        if cue is None or len(listed) < 2 or not any(_LIST_END.match(g) for g in gaps):
            continue  # "In contrast to A, B does ...": a comma alone may close the clause
        # after "other X such as" or "those used in" the list opens at once; what names
        # the kind before it ("other notions in glyph search, including") is no list item
        opens_list = cue.group(1).lower().startswith(("other", "those"))
        opened_at = first.sentence_start + (cue.end(1) if opens_list else cue.start())
        if any(opened_at <= start < first.start for start in starts[(paper_key, first.field)]):
            continue  # the clause names something first
        for member in listed:
            key = (paper_key, member.entity_key)
            if roles.get(key) in ("uses", "addresses", "measures"):
                roles[key] = "mentions"


def compares_with_a_class(text: str, own_names: Sequence[str] = ()) -> bool:
    """Whether a sentence of ``text`` about the paper's own work (it says "we" or "our", or
    names one of ``own_names``, what the paper proposes) sets its results against a class
    of methods ("our method outperforms existing approaches", "X beats the baselines"),
    whose members the paper names elsewhere."""
    return any(
        _CLASS_COMPARISON.search(sentence)
        and (OWN_WORK.search(sentence) or any(name in sentence for name in own_names))
        for sentence in _SENTENCE_END.split(text)
    )


def is_derived_name(name: str, base: str) -> bool:
    """Whether ``name`` is ``base`` with a short mark added, as a variant of a method is
    named after it ("Quorvane" -> "QuorvaneP", "Quorvane+", "pQuorvane"); a number after a
    hyphen is a version, not a variant ("Quorvane-2" is not derived)."""
    if len(base) < 2 or name == base:
        return False
    if name.startswith(base):
        rest = name[len(base) :]
        return bool(_DERIVED_SUFFIX.match(rest)) and not rest.lstrip("-").isdigit()
    return name.endswith(base) and len(name) - len(base) == 1 and name[0].islower()


def _described_name(proposal: str, name: str) -> bool:
    """Whether ``proposal`` is ``name`` after words in lower case that describe it
    ("multilayer Quorbhash", "deep sparse Quorbhash" -> "Quorbhash")."""
    described = proposal.removesuffix(" " + name)
    return described != proposal and all(w.isalpha() and w.islower() for w in described.split())


def _applied_to(label: str, proposals: Set[str]) -> str | None:
    """The method a name joins to one of the paper's ``proposals`` (labels or short forms
    that read as names) with a hyphen, the proposal applied to it ("QFA-Zarn", "Zarn-QFA"
    -> "Zarn"), where that is capitalised as a name is ("QFA-based" is no variant); else
    None."""
    for proposal in sorted(proposals, key=lambda p: (-len(p), p)):  # the longest first
        for rest in (label.removeprefix(proposal + "-"), label.removesuffix("-" + proposal)):
            if rest != label and rest[:1].isupper() and rest not in proposals:
                return rest
    return None


def _joins(short: str, name: str) -> bool:
    """Whether ``short`` is one of the hyphen-joined parts of ``name`` ("GS" of "SGD-GS"),
    not the whole of it."""
    parts = name.split("-")
    return len(parts) > 1 and short in parts


def _is_a_name(label: str, found: Sequence[Naming]) -> bool:
    """A coined name ("QuillNet", "QB-2") or a capitalised word that is not capitalised for
    opening its sentence ("such as Quillbase"), rather than a description."""
    words = label.split()
    if any(is_name_like(word) for word in words):
        return True
    return (
        len(words) == 1
        and label[:1].isupper()
        and any(n.before.strip() for n in found if not n.in_title)
    )


def _read_paper_level(
    roles: dict[tuple[str, str], str],
    namings: Mapping[tuple[str, str], list[Naming]],
    entities: Mapping[str, Entity],
    papers: Mapping[str, Paper],
    named: set[int] | None = None,
) -> None:
    """Roles that need the whole paper, not one sentence (in place):

    - the paper's own variant, named after what it proposes ("XP-M", "XP+"), is a proposal
      too, and a named one (its namings go into ``named``, as in ``rule_roles``);
    - a method the paper's own variant is named after ("X" when it proposes "XP") is what it
      compares with when the paper reports a comparison, else what it builds on;
    - a method named only as an example in the background ("methods such as X"), by a name
      rather than a description, is a competitor when the paper's own results are set
      against a class of methods ("outperforms existing methods");
    - when the paper says it proposes something but names nothing it proposes, the method
      its title opens with ("Towards X ..."), read as a means (``uses``) rather than a
      problem it addresses, is the proposal;
    - in a corpus of ``MIN_NOVELTY_PAPERS`` papers or more, a method a title names as a
      means (``uses``) that no other paper of the corpus names and the lexicon does not
      know is new, so the paper's own ("X via Quill Encoders", "X with Quill Averaging"),
      unless the title studies it ("Minimum Width of X") or goes back over it ("X: A
      Replication"), or the abstract writes it as existing work ("X ... is widely used");
      a name of plain words counts when the title writes it as one title-cased name
      ("X with Iterative Glyph Reduction"), unless the title opens with it before "via";
    - in such a corpus, a made thing no other paper names that the paper calls its own
      ("our X", "the proposed X", "our models (X)"), where the name ends its phrase ("our X
      backbone" builds on X), is its proposal, and a named one when the label reads as a
      name;
    - a survey or a tutorial (its title says so) describes the methods and concepts it
      names: ``mentions``, not ``uses``;
    - a method or concept a title opens with before a colon, named again in an abstract
      that proposes nothing else (but releases named after it), is the proposal however
      many papers of the corpus use it (``_title_names_its_making``).
    """
    proposed_labels: dict[str, list[str]] = defaultdict(list)
    for (paper_key, entity_key), role in roles.items():
        if role == "proposes":
            proposed_labels[paper_key].append(entities[entity_key].label)
    for (paper_key, entity_key), found in namings.items():
        paper = papers.get(paper_key)
        if (
            paper is None
            or proposed_labels[paper_key]
            or roles[(paper_key, entity_key)] != "uses"  # not a task or problem it addresses
            or entities[entity_key].type != "method"
            or entities[entity_key].generic
            or not any(n.in_title and _TITLE_LEAD.match(n.before) for n in found)
            or not _PROPOSAL_SENTENCE.search(paper.abstract)
        ):
            continue
        # A paper that says it proposes something and names nothing it proposes: the
        # method its title opens with is that proposal.
        roles[(paper_key, entity_key)] = "proposes"
        proposed_labels[paper_key].append(entities[entity_key].label)
    for (paper_key, entity_key), found in namings.items():
        paper, entity = papers.get(paper_key), entities[entity_key]
        if (
            paper is None
            # another proposal than a release or variant named after this one ("X-7B")
            or any(not p.startswith(entity.label) for p in proposed_labels[paper_key])
            or roles[(paper_key, entity_key)] == "proposes"
            or entity.type not in ("method", "concept")
            or entity.generic
            or not _title_names_its_making(paper, entity)
            or all(n.in_title for n in found)
            or any(n.prior for n in found)
        ):
            continue
        # "Quill Folding: Faster Glyph Sorting", the abstract naming it again and proposing
        # nothing else: the paper that made it, however many papers of the corpus use it
        # since (a paper reads as proposing nothing when its name is that common). Its
        # mentions are not flagged as a named proposal: the name is the corpus's now, not
        # one the paper coins in its sentences
        roles[(paper_key, entity_key)] = "proposes"
        proposed_labels[paper_key].append(entity.label)
    if len(papers) >= MIN_NOVELTY_PAPERS:
        for (paper_key, entity_key), found in namings.items():
            entity = entities[entity_key]
            if (
                roles[(paper_key, entity_key)] in _OWN_THING_ROLES
                and entity.paper_count == 1
                and not entity.generic
                and entity.type != "metric"
                and any(
                    _OWN_POSSESSIVE_BEFORE.search(n.before) and _ends_its_phrase(n.after)
                    for n in found
                )
                # (a phrase the paper gives a short form names one where it is "the
                # proposed" one: "integration approximation (IA)" ... "the proposed IA
                # technique"; not "our DTW method", a way of using a known technique)
                and (
                    _names_a_made_thing(entity.label)
                    or (
                        entity.abbreviation is not None
                        and any(_THE_PROPOSED_BEFORE.search(n.before) for n in found)
                    )
                )
                and _not_known_before(entity_key, found)
            ):
                # "our X", "the proposed X": a thing no other paper of the corpus names,
                # which the paper calls its own
                roles[(paper_key, entity_key)] = "proposes"
                proposed_labels[paper_key].append(entity.label)
                if named is not None and (
                    reads_as_name(entity.label)
                    or (
                        entity.abbreviation is not None
                        and any(_THE_PROPOSED_BEFORE.search(n.before) for n in found)
                    )
                ):  # a name, or "the proposed" phrase the paper gives a short form of
                    named.update(n.index for n in found)
        for (paper_key, entity_key), found in namings.items():
            entity = entities[entity_key]
            paper = papers.get(paper_key)
            if (
                paper is not None
                and roles[(paper_key, entity_key)] in ("uses", "addresses")
                and entity.paper_count == 1
                and (
                    (
                        entity.type in NOVELTY_TYPES
                        and any(n.in_title and _names_new_means(n) for n in found)
                        and (
                            not entity.generic
                            or (
                                _title_cased_name(entity.label)
                                and not any(
                                    n.in_title
                                    and _TITLE_LEAD.match(n.before)
                                    and _TITLE_MEANS_FOLLOWS.match(n.after)
                                    for n in found
                                )
                            )
                        )
                    )
                    or (
                        entity.type == "concept"
                        and not entity.generic
                        and any(map(_made_thing_for, found))
                    )
                )
                and not paper.title.rstrip().endswith("?")
                and not _REVISITING_TITLE.search(paper.title)
                and _not_known_before(entity_key, found)
            ):
                # a means the title names and no other paper of the corpus does: the
                # paper's own
                roles[(paper_key, entity_key)] = "proposes"
                proposed_labels[paper_key].append(entity.label)
    for (paper_key, entity_key), role in roles.items():
        paper = papers.get(paper_key)
        if (
            role == "uses"
            and paper is not None
            and entities[entity_key].type in ("method", "concept")
            and is_survey(paper.title)
        ):
            # a survey or a tutorial describes the methods it names; it builds on none
            roles[(paper_key, entity_key)] = "mentions"
    proposed_names: dict[str, set[str]] = defaultdict(set)  # labels and short forms
    for (paper_key, entity_key), role in roles.items():
        if role == "proposes":
            entity = entities[entity_key]
            proposed_names[paper_key].update(
                n for n in (entity.label, entity.abbreviation) if n and is_name_like(n)
            )
    # the paper's proposal applied to another method ("QFA-Zarn"): variant -> "Zarn"
    applied: dict[tuple[str, str], str] = {}
    for paper_key, entity_key in roles:
        if proposed_names[paper_key] and entities[entity_key].type == "method":
            other = _applied_to(entities[entity_key].label, proposed_names[paper_key])
            if other:
                applied[(paper_key, entity_key)] = other
    applied_to = {(paper_key, other) for (paper_key, _), other in applied.items()}
    comparing: dict[str, bool] = {}
    for (paper_key, entity_key), role in roles.items():
        entity = entities[entity_key]
        if entity.type != "method" or role not in ("uses", "mentions"):
            continue
        paper = papers.get(paper_key)
        if paper is None:
            continue
        if paper_key not in comparing:
            comparing[paper_key] = compares_with_a_class(paper.abstract, proposed_labels[paper_key])
        if (
            any(
                (is_derived_name(entity.label, p) and _VARIANT_MARK.search(entity.label[len(p) :]))
                or (entity.label.startswith(p) and _RELEASE_OF.match(entity.label[len(p) :]))
                for p in proposed_labels[paper_key]
            )
            or (paper_key, entity_key) in applied
        ):
            # (or the paper's proposal applied to another method: "QFA-Zarn" in a paper
            # that proposes QFA and applies it to Zarn)
            # the paper's own variant, named after its proposal ("Quillnet-M", "Quillnet+"),
            # or one of its releases by size or version ("Quillnet-7B", "Quillnet-7B-Chat")
            roles[(paper_key, entity_key)] = "proposes"
            if named is not None:
                named.update(n.index for n in namings[paper_key, entity_key])
        elif (
            entity.abbreviation
            and entity.paper_count == 1
            and namings[paper_key, entity_key][0].own
            and any(_joins(entity.abbreviation, p) for p in proposed_labels[paper_key])
        ):
            # a short form the paper defines, first in a sentence of its own work, that its
            # proposal's name is made of ("glyph scaling (GS)" in a paper proposing
            # "SGD-GS"): a part of its own, named; not earlier work the proposal improves
            # ("recently, glyph sharing (GS) methods have ..." before "Stable-GS")
            roles[(paper_key, entity_key)] = "proposes"
            if named is not None:
                named.update(n.index for n in namings[paper_key, entity_key])
        elif (
            entity.paper_count == 1
            and _is_a_name(entity.label, namings[paper_key, entity_key])
            and any(_described_name(p, entity.label) for p in proposed_labels[paper_key])
            # (not one the paper says it builds on: "our method builds on LoRA", "it
            # extends Zarnformer, an English-only parser")
            and not any(_BUILT_ON_BEFORE.search(n.before) for n in namings[paper_key, entity_key])
        ):
            # the name of the paper's proposal, without the words that describe it
            # ("multilayer Quorbhash" -> "Quorbhash"), where no other paper of the corpus
            # names it: the same proposal ("LoRA" in "multilayer LoRA" is named elsewhere)
            roles[(paper_key, entity_key)] = "proposes"
            if named is not None:
                named.update(n.index for n in namings[paper_key, entity_key])
        elif any(is_derived_name(p, entity.label) for p in proposed_labels[paper_key]) or (
            (paper_key, entity.label) in applied_to
        ):
            roles[(paper_key, entity_key)] = "comparesWith" if comparing[paper_key] else "uses"
        elif (
            role == "mentions"
            and comparing[paper_key]
            and _is_a_name(entity.label, namings[paper_key, entity_key])
            and any(_EXAMPLE_BEFORE.search(n.before) for n in namings[paper_key, entity_key])
            and not any(n.own or n.in_title for n in namings[paper_key, entity_key])
            and not any(_CONTRAST_BEFORE.search(n.before) for n in namings[paper_key, entity_key])
        ):
            roles[(paper_key, entity_key)] = "comparesWith"
        elif (
            role == "mentions"
            and proposed_labels[paper_key]
            and _is_a_name(entity.label, namings[paper_key, entity_key])
            and any(_LIMITED_AFTER.match(n.after) for n in namings[paper_key, entity_key])
        ):
            # "However, X still has significant limitations": the work the paper improves on
            roles[(paper_key, entity_key)] = "comparesWith"


# What a sentence says is wrong with the name before it: "X still has significant
# limitations", "X suffers from ...", "X fails to ...", "X is costly".
_LIMITED_AFTER = re.compile(
    r"^\s*(\([^()]*\)\s*)?(still\s+|often\s+|however,?\s+)?"
    r"(has|have|exhibits?|shows?)\s+((several|some|significant|key|major|serious|critical|"
    r"notable|two|three)\s+)*(limitations|drawbacks|shortcomings|weaknesses)\b"
    r"|^\s*(\([^()]*\)\s*)?(still\s+|often\s+)?(suffers?|fails?|struggles?)\b"
    # "X are costly to train", "X remains computationally expensive"
    r"|^\s*(\([^()]*\)\s*)?(is|are|remains?|can be|tends? to be)\s+((often|still|very|"
    r"too|prohibitively|computationally|notoriously|highly)\s+)*(costly|expensive|slow|"
    r"inefficient|impractical|intractable|brittle|unstable|memory-intensive)\b",
    re.IGNORECASE,
)
# A title that says the paper surveys a field ("A Survey of X", "X: A Tutorial").
_SURVEY_TITLE = re.compile(
    r"\b(survey|review|overview|tutorial|primer|retrospective)\b"
    r"(?!\s+(?:of\s+)?(?:data|dataset))",  # "a review of datasets" surveys no methods
    re.IGNORECASE,
)
# A title that says the paper goes back over earlier work ("X: A Replication Attempt",
# "X Revisited"): the names it leads with are that work's, not its own.
_REVISITING_TITLE = re.compile(
    r"\b(replicat\w*|reproduc\w*|revisit\w*|re-?examin\w*|re-?evaluat\w*)\b", re.IGNORECASE
)
# In a title, what follows these is a means the paper makes ("Y via X").
_TITLE_VIA = re.compile(r"\b(via|through|using)\s+$", re.IGNORECASE)
# "Y with X" names a means the paper makes where X ends the title or what X is for follows
# ("Merging Models with Quill Averaging", "Y with Quill Decoders for Z"); not where X is one
# of several things Y has ("with X and MoE") or a part of Y's name ("RL with X Efficient").
_TITLE_WITH = re.compile(r"\bwith\s+$", re.IGNORECASE)
_TITLE_WITH_END = re.compile(r"^\s*($|[:(,]|(for|to|in|on|via|using|through)\b)", re.IGNORECASE)
# A task the paper sets: "we introduce the new task of X", "a task we refer to as X".
_NEW_TASK_BEFORE = re.compile(
    r"(\b(introduc|propos)\w*\s+(the|an?)\s+((new|novel)\s+)?"
    r"|\b(defin|present)\w*\s+(the|an?)\s+(new|novel)\s+)(task|problem)\s+(of\s+)?$"
    r"|\b(task|problem)\s+((that|which)\s+)?we\s+(call|term|refer\s+to\s+as|name|dub)\s+$",
    re.IGNORECASE,
)
# "our X", "the proposed X", "our models (X)": the paper's own thing, called by what it is.
_OWN_POSSESSIVE_BEFORE = re.compile(
    r"\b(our|the\s+(proposed|presented))\s+((proposed|new|novel|own)\s+)?$"
    r"|\bour\s+([\w-]+\s+){0,2}\(\s*$"
    # "our model Quill-7B ranks ...": the name after its kind
    rf"|\bour\s+((proposed|new|novel|own|final|best)\s+)?({MADE_THING_KINDS}|agent)s?\s+$",
    re.IGNORECASE,
)
_THE_PROPOSED_BEFORE = re.compile(
    r"\bthe\s+(proposed|presented)\s+((new|novel)\s+)?$", re.IGNORECASE
)
# What a work reports about what it names, which the name only qualifies: "our X results".
_REPORTED_AFTER = re.compile(
    r"^\s*(results?|bounds?|analys[ie]s|experiments?|findings?|practices|stud(y|ies)|"
    r"insights?|observations?|evaluations?|settings?|cases?)\b",
    re.IGNORECASE,
)
# What may follow a name that ends its noun phrase: a mark, a verb ("our X achieves",
# "our X is"), a preposition or a conjunction, or the kind of thing it names ("the proposed
# X technique" is the technique X); not a noun it qualifies ("our X backbone", "our X
# implementation", "our X-based decoder").
_PHRASE_ENDS_AFTER = re.compile(
    r"^\s*($|[,.;:()\[\]]|--|—|–"
    rf"|({_MADE_KINDS})\b"
    r"|(is|are|was|were|can|could|will|would|may|might|has|have|had|does|do|also|not|only|"
    r"further|then|still|significantly|consistently|substantially|on|in|with|for|to|by|from|"
    r"over|of|against|and|or|as|than|at|via|through|across|without|into|under|which|that|"
    r"we)\b"
    r"|[a-z]+[^s\W]s\b)",  # a verb in -s ("achieves", "outperforms"), or a plural
)


def _ends_its_phrase(after: str) -> bool:
    """Whether a name ends its noun phrase (``_PHRASE_ENDS_AFTER``), and no report of it
    follows ("our X results")."""
    return bool(_PHRASE_ENDS_AFTER.match(after)) and not _REPORTED_AFTER.match(after)


# Heads of what a paper makes besides the vocabulary's method, dataset and metric heads.
_MADE_HEADS = frozenset(
    {"metric", "criterion", "measure", "parameterization", "estimator", "predictor", "theory"}
)


# "X via Y": the title's X is what its means Y achieves, not the means.
_TITLE_MEANS_FOLLOWS = re.compile(r"^\s*(via|through|using|by)\b", re.IGNORECASE)


def _not_known_before(entity_key: str, found: Sequence[Naming]) -> bool:
    """Whether nothing says a name existed before the paper: the lexicon does not know it and
    no sentence of the abstract writes it as existing work ("X ... is widely used")."""
    return entity_key not in _lexicon_keys() and not any(
        _written_as_established(n) for n in found if not n.in_title
    )


def _title_cased_name(label: str) -> bool:
    """Whether a label reads as one title-cased name of a thing ("Iterative Glyph
    Reduction"), plain words a title may name its own means with, however common each: two
    or more capitalised words and no small word in lower case but a title's ("of", "for"),
    nothing that joins two things ("and", "yet", "&", a comma: "Fast and Robust Approach"),
    and a singular head (a plural names a class of things: "Fast Pretrained Readers",
    "Random Teachers")."""
    words = label.split()
    if (
        sum(w[0].isupper() for w in words) < 2
        or any(w.lower() in _JOINING_WORDS or w.endswith(",") for w in words)
        or any(w[0].islower() and w not in _TITLE_LOWER_WORDS for w in words)
    ):
        return False
    last = words[-1].lower()
    return not (len(last) > 3 and last.endswith("s") and not last.endswith(_SINGULAR_ENDINGS))


_JOINING_WORDS = frozenset({"and", "or", "yet", "but", "&", "vs", "vs."})
_TITLE_LOWER_WORDS = frozenset(
    {"of", "for", "in", "on", "to", "with", "the", "a", "an", "via", "by"}
)
# Endings of singular nouns in -s ("Bias", "Lens", "Analysis", "Dynamics" as a field).
_SINGULAR_ENDINGS = ("ss", "us", "is", "as", "ics", "ens")


def _names_a_made_thing(label: str) -> bool:
    """Whether a label names a thing a paper can make, not a doing or a finding ("our X
    results", "our numerical searches"): a name ("Quill-BP theory"), an acronym at its end
    ("quantized QRFs") or a head of a method's, a dataset's or a metric's kind ("our descent
    algorithm", "our spline pruning criteria")."""
    if reads_as_name(label):
        return True
    words = label.split()
    if not words:
        return False
    last = words[-1]
    if sum(ch.isupper() for ch in last) >= 2:
        return True
    head = singular(last.lower())
    return HEAD_TYPES.get(head) in ("method", "dataset", "metric") or head in _MADE_HEADS


# The roles the rules may give a thing the paper calls its own before they read it so.
_OWN_THING_ROLES = ("uses", "addresses", "mentions", "evaluatesOn")
# A name this many papers of the corpus use is established: a paper proposes it only where
# it introduces it by name.
ESTABLISHED_PAPERS = 5
# A corpus this large tells a name no other paper uses (a new one) from a name in general use.
MIN_NOVELTY_PAPERS = 50
NOVELTY_TYPES = ("method",)


# Words that write a name as work that exists already: "a recent X", "the popular X";
# "X is widely used", "X (X-1) is a recent method".
_ESTABLISHED_BEFORE = re.compile(rf"\b({_EARLIER_WORK_WORDS})\s+(\S+\s+)?$", re.IGNORECASE)
# What the paper builds on exists before it: "it is based on the X", "inspired by X".
_BUILT_ON_BEFORE = re.compile(
    r"\b(based on|built (up)?on|builds? (up)?on|inspired by|extends|extending|extension of)\s+"
    r"(the\s+|an?\s+)?$",
    re.IGNORECASE,
)
_ESTABLISHED_AFTER = re.compile(
    r"^\s*(\([^()]*\)\s*)?(,[^,.;]{0,160},\s*)?(is|are|has been|have been)\s+"
    r"(an?\s+|the\s+)?(recent|widely|popular|commonly|common|standard|classical|well|"
    r"extensively|increasingly)\b",
    re.IGNORECASE,
)


def _written_as_established(naming: Naming) -> bool:
    """Whether a sentence writes the name as work that exists already ("X, which ..., is
    widely used", "the popular X", "it is based on the X"), not as the paper's own."""
    return bool(
        _ESTABLISHED_BEFORE.search(naming.before)
        or _ESTABLISHED_AFTER.match(naming.after)
        or _BUILT_ON_BEFORE.search(naming.before)
    )


def _names_new_means(naming: Naming) -> bool:
    """Whether a title puts a name where a title names what the paper makes: its opening
    ("X for Y", "Towards X", "Quillnet: A X for Y"), after "via", "through", "using", or
    after "with" at the title's end; not what it studies ("Minimum Width of X",
    "Accelerating X")."""
    before = naming.before
    return bool(
        _opens_title(naming)
        or _TITLE_VIA.search(before)
        or (_TITLE_WITH.search(before) and _TITLE_WITH_END.match(naming.after))
    )


# A title's name for the paper's work before a colon: "Quillnet: ", "Fold Once, Fit Fast: ".
_TITLE_NAME_PART = re.compile(r"^[^:]{1,60}:\s*((an?|the)\s+)?$", re.IGNORECASE)
# What follows a title's description of the work after its name: its end, or what it is
# for, made with or does ("Quillnet: Sparse Folding with Glyph Caches"), not a verb that
# makes the rest a claim ("Quillnet: Sparse folding can ...").
_DESCRIPTION_END = re.compile(
    r"^\s*($|[,:(]|(for|with|via|that|which|to|based|in|as|using|on)\b)", re.IGNORECASE
)
_FOR_AFTER = re.compile(r"^\s+for\b", re.IGNORECASE)
_GERUND_FIRST = re.compile(r"[A-Za-z]+ing\b")


# What follows a name that opens a title when the title studies it rather than makes it: a
# verb of a claim about it ("X Break the Curse of ...", "X Do Not Learn ..."), or a colon
# and the kind of look taken at it ("X: a Replica Symmetric Picture of ...").
_STUDIED_AFTER_TITLE_NAME = re.compile(
    r"^\s*((do|does|did|can|cannot|break|learn|scale|tend|provably|really|still)\b"
    r"|:\s*(an?|the)\s+([\w-]+\s+){0,3}"
    r"(picture|perspective|view|analysis|study|look|theory|survey|review|tutorial)s?\b)",
    re.IGNORECASE,
)


def _opens_title(naming: Naming) -> bool:
    """Whether a name opens a title ("X for Y", "Towards X") or, not as a doing, the
    description after the title's name and colon ("Quillnet: A X for Y")."""
    if _TITLE_LEAD.match(naming.before):
        # not the subject of a claim or a study ("X Break the Curse of ...", "X in Large
        # Dimensions", "X: a Replica Symmetric Picture of ...")
        return not _STUDIED_AFTER_TITLE_NAME.match(naming.after)
    name = naming.text
    return bool(
        _TITLE_NAME_PART.match(naming.before)
        and _DESCRIPTION_END.match(naming.after)
        and not _GERUND_FIRST.match(name)
    )


def _made_thing_for(naming: Naming) -> bool:
    """Whether a title opens with a thing and what it is for ("Braided Losses for Verified
    X", "Quillnet: Sparse Glyph Heads with Y"): the thing the paper makes, however it is
    typed. Not a doing ("Training X for Y")."""
    if not naming.in_title or not _opens_title(naming):
        return False
    name = naming.text
    return bool(_FOR_AFTER.match(naming.after) or _TITLE_NAME_PART.match(naming.before)) and (
        not _GERUND_FIRST.match(name)
    )


@lru_cache(maxsize=1)
def _lexicon_keys() -> frozenset[str]:
    from . import lexicon_keys

    return frozenset(key for key, _, _ in lexicon_keys().values())


def named_proposals(
    relations: Sequence[Relation],
    mentions: Sequence[LinkedMention],
    entities: Mapping[str, Entity] | None = None,
) -> set[tuple[str, str]]:
    """The (paper, entity) pairs of the ``proposes`` edges that name the paper's proposal.

    A paper proposes an entity in two ways. It names it (a coined name, "Long Name (ABBR)",
    the name a title opens with: the extraction's proposal detection flags the mention), or
    a sentence says it introduces something it does not name ("we propose a concise X
    architecture", "our X consists of ..."), which gives the role but no name: such a
    description is left out of lists of proposals.

    Parameters
    ----------
    relations : sequence of Relation
        Paper -> entity relations.
    mentions : sequence of LinkedMention
        The graph's mentions, whose flags tell the two apart.
    entities : mapping of str to Entity, optional
        For a graph without mentions (written with ``--no-evidence``): the entities by key,
        whose labels then tell them apart (``reads_as_name``). Without mentions or
        entities, every ``proposes`` edge counts.

    Returns
    -------
    set of (str, str)
        (paper key, entity key) pairs.
    """
    proposes = {(r.subject, r.object) for r in relations if r.predicate == "proposes"}
    if mentions:
        flagged = {(i.paper_key, i.entity_key) for i in mentions if i.mention.proposed}
        return proposes & flagged
    if entities is None:
        return proposes
    return {pair for pair in proposes if reads_as_name(entities[pair[1]].label)}


def reads_as_name(label: str) -> bool:
    """Whether a label reads as a name rather than a description: its first word is
    capitalised or coined ("Quorvane", "Causal Proxy Model", "xLSTM", "word2vec"), not a
    common lower-case word ("braided lattice encoder", "continual Quorbench-9")."""
    first = label.split()[0] if label.split() else ""
    return bool(first) and (
        first[0].isupper() or any(ch.isdigit() or ch.isupper() for ch in first[1:])
    )


def stated_relations(
    linked: Sequence[LinkedMention], stated: Mapping[str, Sequence[SentenceRelation]]
) -> list[Relation]:
    """Entity -> entity relations from the trained sentence relations between two mentions:
    evidence = both mentions of every sentence that states it, confidence = the best score."""
    index_at = {
        (i.paper_key, i.mention.field, i.mention.start, i.mention.end): n
        for n, i in enumerate(linked)
        if not i.mention.nested
    }
    evidence: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    confidence: dict[tuple[str, str, str], float] = defaultdict(float)
    for paper_key, relations in stated.items():
        for r in relations:
            head = index_at.get((paper_key, r.field, r.head_start, r.head_end))
            tail = index_at.get((paper_key, r.field, r.tail_start, r.tail_end))
            if head is None or tail is None:
                continue  # a generic phrase ("our method"), or a mention the linker left out
            predicate, swap, symmetric = STATED_RELATIONS[r.label]
            subject, obj = linked[head].entity_key, linked[tail].entity_key
            if swap:
                subject, obj = obj, subject
            if subject == obj:
                continue
            if symmetric and obj < subject:
                subject, obj = obj, subject
            key = (subject, predicate, obj)
            evidence[key] += [head, tail]
            confidence[key] = max(confidence[key], r.score)
    return [
        # evidence in the graph's mention order, whatever order the papers came in (a graph
        # linked again from its own mentions reads them in another)
        Relation(s, p, o, tuple(sorted(set(ix))), round(confidence[(s, p, o)], 3))
        for (s, p, o), ix in sorted(evidence.items())
    ]


# Stated relations that set two entities side by side, as peers or as rivals.
_PEER_PREDICATES = frozenset({"conjunctionWith", "comparedWith"})
_NAME_PARTS = re.compile(r"[\s/-]+")


def _named_after(name: Entity, kind: Entity) -> bool:
    """Whether ``name`` ends in ``kind``'s name or short form, its head ("Quill-PTQ" with
    "PTQ", the short form of post-training quantization; "leaky Quillnet" with "Quillnet"):
    an instance or a kind of it; not a negation ("non-convex") nor a name whose head is
    another word ("Quillnet mixture")."""
    parts = [p.casefold() for p in _NAME_PARTS.split(name.label) if p]
    own = {kind.label.casefold(), (kind.abbreviation or "").casefold()} - {""}
    heads = {" ".join(parts[-n:]) for n in range(1, len(parts))}
    return len(parts) > 1 and parts[0] not in _NEGATIONS and bool(heads & own)


_NEGATIONS = frozenset({"non", "un", "anti", "not", "no"})
# Heads of what a theory proves of a thing: a property of it, never a tool.
_PROVED_HEADS = frozenset({"bound", "guarantee"})


def evaluations_typed(
    relations: Sequence[Relation],
    entities: Mapping[str, Entity],
    linked: Sequence[LinkedMention] = (),
    papers: Mapping[str, Paper] | None = None,
) -> list[Relation]:
    """Stated evaluations (SciERC's EVALUATE-FOR) of a method, by what the evaluation is done
    with: ``evaluatedOn`` data or a task ("X evaluatedOn Quillbank"), ``evaluatedWith`` a
    measure ("X evaluatedWith top-1 accuracy", "... with runtime complexity"). The
    classifier reads a sentence with the recogniser's labels; where the linker has typed the
    evaluator as something that is neither (a setting, "the learning rate"; a method), or
    the evaluated thing as anything but a method (data, a task, a measure: "Quillbank
    evaluatedWith accuracy"), the sentence does not state an evaluation of a method, and
    the relation goes. With the ``linked`` mentions (the relations' evidence) and the
    ``papers``, so does one whose every sentence sets the evaluated method against the
    paper's work ("outperforms X on Quillbank": X is the competitor, not what is evaluated)
    or trains it on the data ("X trained on Quillbank"), as the classifier cannot tell."""
    typed = []
    proposed = {(i.paper_key, i.entity_key) for i in linked if i.mention.proposed}
    winners = _proposals_winning(linked, papers or {}, proposed)
    for r in relations:
        if r.predicate != "evaluatedOn":
            typed.append(r)
            continue
        subject = entities.get(r.subject)
        evaluator = _evaluator_kind(entities.get(r.object))
        if subject is None or subject.type != "method" or evaluator is None:
            continue
        if (
            papers
            and linked
            and _evaluation_not_stated(r, linked, papers, evaluator, winners, proposed)
        ):
            continue
        if evaluator == "data":
            typed.append(r)
        else:
            typed.append(Relation(r.subject, EVALUATED_WITH, r.object, r.evidence, r.confidence))
    return typed


# "trained on X", "fine-tuning the model on the X", "learns from X": the data right after a
# training verb, with no evaluation word in between ("trained and evaluated on X" is tested
# on it); not "training-free", "training time", "without fine-tuning on"
_TRAINED_ON_BEFORE = re.compile(
    r"(?<!without )(?<!without any )(?<!-)\b(pre-?|re-?)?"
    r"(train(ed|ing|s)?|fine-?tun(ed|ing|es|e)?)(?![\w-])"
    r"\s+((?!(time|cost|budget|free|steps?|speed|evaluat\w*|test\w*|benchmark\w*|"
    r"validat\w*|achiev\w*|outperform\w*|and)\b)[\w-]+\s+){0,4}?"
    r"(on|from|with|using)\s+(the\s+|a\s+|an\s+)?([\w-]+\s+){0,2}$"
    r"|\blearn\w*\s+from\s+(the\s+|a\s+|an\s+)?([\w-]+\s+){0,2}$",
    re.IGNORECASE,
)


# What a proposal does when a sentence gives its results: "X achieves", "X, which reaches".
_WINS_RIGHT_AFTER = re.compile(
    r"\s*(\([^()]*\)\s*)?(,\s*(which|that)\s+|\s)(\w+\s+)?"
    r"(achiev|reach|obtain|attain|yield|outperform|surpass|deliver|scor)\w*\b",
    re.IGNORECASE,
)


def _proposals_winning(
    linked: Sequence[LinkedMention], papers: Mapping[str, Paper], proposed: Set[tuple[str, str]]
) -> dict[tuple[str, str, int], set[str]]:
    """Per sentence (paper, field, start), the ``proposed`` entities (paper, entity) that
    the sentence gives results to ("With a Zarn-7B model, Quillnet achieves ..."): what
    the sentence evaluates."""
    found: dict[tuple[str, str, int], set[str]] = defaultdict(set)
    for item in linked:
        m = item.mention
        paper = papers.get(item.paper_key)
        if (item.paper_key, item.entity_key) in proposed and paper is not None:
            text = paper.text_of(m.field)
            if _WINS_RIGHT_AFTER.match(text, m.end, m.sentence_end or len(text)):
                found[(item.paper_key, m.field, m.sentence_start)].add(item.entity_key)
    return found


# What sets the name after it against the paper's work, in its clause: "outperforms X",
# "better than X", "compared with X", "an improvement over X", "matching the X" (not a
# bare "over": "over five benchmarks", "performance over five runs"; nor "graph matching").
_SET_AGAINST_BEFORE = re.compile(
    r"(\b(than|outperform\w*|surpass\w*|beat\w*|exceed\w*|compared\s+(to|with)|"
    r"comparabl\w*\s+(to|with)|versus|vs\.?|against|relative\s+to|superior\s+to|"
    r"inferior\s+to|on\s+par\s+with|the\s+same\s+as|match(es|ing)?\s+(that\s+of\s+)?the)"
    # "an improvement of 2% over X", "superior results on six tasks over X"
    r"|\b(improvements?|gains?|advantages?|better|superior|reductions?|speed-?ups?)\b"
    r"[^,;:.]{0,60}\b(over|upon))"
    # the competitor's own words, up to a new phrase ("... when using X")
    r"\s+((?!(when|using|with|on|for|while|by|in)\b)[^\s,;:.]+\s+){0,6}$",
    re.IGNORECASE,
)


def _evaluation_not_stated(
    relation: Relation,
    linked: Sequence[LinkedMention],
    papers: Mapping[str, Paper],
    evaluator: str,
    winners: Mapping[tuple[str, str, int], set[str]],
    proposed: Set[tuple[str, str]],
) -> bool:
    """Whether every sentence of ``relation`` (an evaluation) sets its subject against the
    paper's work ("outperforms X", "than X") or gives the results to a proposal of the
    paper's that is not its subject ("With a Zarn-7B model, Quillnet achieves ...": Zarn-7B
    is what Quillnet is built on, not what is evaluated), or, for data, trains on its
    object ("X trained on D")."""

    def elsewhere(item: LinkedMention) -> bool:
        # (a proposal of the paper is evaluated in its own right: "Quill achieves 85% and
        # Quill-L reaches 91%")
        m = item.mention
        return (item.paper_key, relation.subject) not in proposed and bool(
            winners.get((item.paper_key, m.field, m.sentence_start))
        )

    def before(item: LinkedMention) -> str:
        paper = papers.get(item.paper_key)
        if paper is None:
            return ""
        m = item.mention
        return _DECIMAL_POINT.sub("_", paper.text_of(m.field)[m.sentence_start : m.start])

    evidence = [linked[i] for i in relation.evidence if i < len(linked)]
    subjects = [i for i in evidence if i.entity_key == relation.subject]
    objects = [before(i) for i in evidence if i.entity_key == relation.object]
    if subjects and all(_SET_AGAINST_BEFORE.search(before(i)) or elsewhere(i) for i in subjects):
        return True
    return (
        evaluator == "data" and bool(objects) and all(_TRAINED_ON_BEFORE.search(b) for b in objects)
    )


def _evaluator_kind(entity: Entity | None) -> str | None:
    """ "data" for data or a task, "measure" for a metric or a quantity (a concept headed
    "time", "complexity", "quality"), or None."""
    if entity is None:
        return None
    if entity.type in ("dataset", "task"):
        return "data"
    if entity.type == "metric":
        return "measure"
    if entity.type != "concept":
        return None  # a method: "evaluated with Zarn Text" states no evaluation
    words = entity.label.lower().split()
    head = singular(words[-1]) if words else ""
    if HEAD_TYPES.get(head) == "dataset" or head in _DATA_HEADS:
        return "data"
    if (
        HEAD_TYPES.get(head) == "metric"
        or head in METRIC_PHRASE_HEADS
        or head in _MEASURE_HEADS
        or head in MEASURED_QUANTITY_HEADS | _QUANTITY_HEADS
    ) and not _names_a_setting(words):
        return "measure"
    return None


def _names_a_setting(words: list[str]) -> bool:
    """Whether a quantity's name is that of a setting of training or inference: "batch
    size", "time step", "compute budget", "dropout probability" (not "model size",
    "failure probability": measured)."""
    return (
        len(words) > 1 and words[-2] in _SETTING_MODIFIERS and singular(words[-1]) in _SETTING_HEADS
    )


# Heads of data a recogniser may call a concept ("synthetic benchmarks" is a dataset head
# already): what experiments run on.
_DATA_HEADS = frozenset(
    {"data", "image", "video", "text", "document", "sentence", "set", "workload"}
)
# The names of settings of training or inference: a head of a quantity after what it sets
# ("batch size", "time step", "compute budget", "dropout probability").
_SETTING_HEADS = frozenset({"size", "step", "budget", "probability", "rate", "ratio"})
_SETTING_MODIFIERS = frozenset(
    {
        "batch", "mini-batch", "minibatch", "step", "window", "time", "learning", "dropout",
        "compute", "kernel", "beam", "patch", "hidden", "embedding", "warmup", "warm-up",
        "sampling", "mask", "masking", "training", "context",
    }
)  # fmt: skip
# Heads of what is measured, besides the metric and quantity heads: "resynthesis quality",
# "performance metrics".
_MEASURE_HEADS = frozenset({"quality", "fidelity", "performance", "robustness", "metric"})


def bounds_not_tools(
    relations: Sequence[Relation], entities: Mapping[str, Entity]
) -> list[Relation]:
    """Stated relations with a bound or a guarantee "used for" a thing read as what holds of
    it (``featureOf``): "glyph error bounds for Quill pruning" states a property of the
    pruning, proved by the paper. A bound people call by a short form is a tool they use
    (an objective, an exploration rule: "the glyph lower bound (GLB) for training") and
    keeps its ``usedFor``."""
    return [
        Relation(r.subject, "featureOf", r.object, r.evidence, r.confidence)
        if r.predicate == "usedFor" and _states_a_bound(entities.get(r.subject))
        else r
        for r in relations
    ]


def _states_a_bound(entity: Entity | None) -> bool:
    """Whether an entity is a bound or a guarantee with no short form ("glyph error
    bounds", "convergence guarantees"): what a theory proves of a thing, a concept named by
    that head."""
    if entity is None or entity.type != "concept" or not entity.label.split():
        return False
    return singular(entity.label.split()[-1].lower()) in _PROVED_HEADS and not entity.abbreviation


def kinds_not_peers(
    relations: Sequence[Relation], entities: Mapping[str, Entity]
) -> list[Relation]:
    """Stated relations without the ones that make a thing the peer or rival of its own kind.
    A pair also stated ``hyponymOf`` is a kind and an instance, so its ``conjunctionWith`` and
    ``comparedWith`` go; where one name is written with the other's name or short form as a
    part ("Quill-PTQ" beside "post-training quantization (PTQ)"), such a relation is read as
    the ``hyponymOf`` it is (kept at most once, with the evidence and score it had)."""
    kinds = {frozenset((r.subject, r.object)) for r in relations if r.predicate == "hyponymOf"}
    kept: dict[tuple[str, str, str], Relation] = {}
    for r in relations:
        if r.predicate in _PEER_PREDICATES:
            pair = frozenset((r.subject, r.object))
            if pair in kinds:
                continue
            a, b = entities.get(r.subject), entities.get(r.object)
            if a is not None and b is not None and (_named_after(a, b) or _named_after(b, a)):
                subject, obj = (
                    (r.subject, r.object) if _named_after(a, b) else (r.object, r.subject)
                )
                r = Relation(subject, "hyponymOf", obj, r.evidence, r.confidence)
                kinds.add(pair)
        key = (r.subject, r.predicate, r.object)
        if key in kept:
            previous = kept[key]
            r = Relation(
                *key,
                tuple(dict.fromkeys(previous.evidence + r.evidence)),
                max(previous.confidence, r.confidence),
            )
        kept[key] = r
    return sorted(kept.values(), key=lambda r: (r.subject, r.predicate, r.object))


def stated_from_graph(
    entity_relations: Sequence[Relation], mentions: Sequence[LinkedMention]
) -> dict[str, list[SentenceRelation]]:
    """The sentence relations behind a graph's stated entity relations, rebuilt from their
    evidence (both mentions in each sentence), so that re-linking a loaded graph (curation)
    states them again between whatever entities the mentions then name."""
    predicate_of = {name: (label, swap) for label, (name, swap, _) in STATED_RELATIONS.items()}
    predicate_of[EVALUATED_WITH] = predicate_of["evaluatedOn"]  # typed again when relinked
    stated: dict[str, list[SentenceRelation]] = defaultdict(list)
    for relation in entity_relations:
        if relation.predicate not in predicate_of:
            continue
        label, swap = predicate_of[relation.predicate]
        by_sentence: dict[tuple, dict[str, list[LinkedMention]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for index in relation.evidence:
            item = mentions[index]
            where = (item.paper_key, item.mention.field, item.mention.sentence_start)
            by_sentence[where][item.entity_key].append(item)
        head_key, tail_key = (
            (relation.object, relation.subject) if swap else (relation.subject, relation.object)
        )
        for (paper_key, field_name, _), named in by_sentence.items():
            for head in named.get(head_key, []):
                for tail in named.get(tail_key, []):
                    h, t = head.mention, tail.mention
                    stated[paper_key].append(
                        SentenceRelation(
                            label,
                            h.start,
                            h.end,
                            h.text,
                            t.start,
                            t.end,
                            t.text,
                            relation.confidence,
                            field_name,
                        )
                    )
    return stated
