"""Exporters: RDF (Turtle, N-Triples) and the interactive HTML graph."""
