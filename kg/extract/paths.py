"""Where kg's packaged recognisers live (no spaCy needed to name them)."""

from __future__ import annotations

from pathlib import Path

MODELS = Path(__file__).resolve().parent.parent / "models"
PACKAGED_ENTITY_MODEL = MODELS / "scierc_ner"  # the fast CNN recogniser (a spaCy pipeline)
TRANSFORMER_MODEL_PATH = MODELS / "minilm_scierc"  # the MiniLM tagger (onnxruntime)
