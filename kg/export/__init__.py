"""Exporters, one module per format family; each registers its formats with
``kg.registry.exporter`` and is found automatically (a new format is a new module here)."""
