"""kg's one RDF I/O layer: ``terms`` (namespaces, classes, relations, IRIs), ``formats``
(the table of RDF file formats), ``write`` (streamed Turtle, N-Triples, JSON-LD) and
``read`` (``kg.load``). Every other module derives its names and formats from these."""
