"""Text normalisation shared by extraction and linking, without spaCy: word lists
(``vocabulary``), word-shape checks and head-noun types (``words``), and the lexicon of
well-known names (``lexicon``). ``kg.link`` imports these, never ``kg.extract``, so linking
a graph loads no spaCy."""
