"""The shared core of the indexer (writes) and the web UI (reads).

What an event document is (`schema`), how Russian words become search terms on both sides
(`text`), what a search asks for (`query`), how it is answered (`search`) and where documents
live (`stores`). Never imports natasha: the web process must start without its models.
"""
