"""Loading spaCy pipelines and parts of them, with one-line errors for missing ones."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language
from spacy.pipeline import DependencyParser

from ..errors import InputError, KgError


def load_spacy(name: str | Path, what: str = "spaCy pipeline", **kwargs) -> Language:
    """``spacy.load(name)``; a missing pipeline is a ``KgError`` naming ``what`` it is."""
    try:
        return spacy.load(name, **kwargs)
    except OSError as error:
        if Path(name).is_dir() and (Path(name) / "config.cfg").is_file():
            raise _not_loadable(name, what, error) from None  # "ner/model" gone
        raise KgError(
            f"{what} {str(name)!r} is not installed or not a spaCy pipeline "
            f"(install it with pip, or pass a path)"
        ) from None
    except (ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        raise _not_loadable(name, what, error) from None


def _not_loadable(name: str | Path, what: str, error: Exception) -> InputError:
    """The error for a folder that looks like a pipeline but is not one whole: a cut weights
    file ("Unpack failed"), a config spaCy refuses (its message spans several lines), a part
    missing; on one line."""
    reason = " ".join(str(error).split())[:200]
    return InputError(
        f"cannot load it as a spaCy pipeline ({type(error).__name__}: {reason})",
        f"{what} {str(name)!r}",
    )


def load_standalone_parser(model: str | Path | Language) -> DependencyParser:
    """The dependency parser of pipeline ``model`` (a name, path or loaded pipeline) with its
    own copy of the encoder it listens to, so it can parse texts (single sentences) that the
    rest of that pipeline never saw."""
    nlp = model if isinstance(model, Language) else load_spacy(model)
    if "parser" not in nlp.pipe_names:
        raise KgError(f"spaCy pipeline {str(model)!r} has no parser; kg's proposal rules need one")
    for name, component in nlp.pipeline:
        if name != "parser" and "parser" in getattr(component, "listening_components", ()):
            nlp.replace_listeners(name, "parser", ["model.tok2vec"])
    return nlp.get_pipe("parser")
