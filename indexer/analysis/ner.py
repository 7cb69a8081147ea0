"""natasha, loaded once per process: sentence/token segmentation, NER and morphology tags."""
from __future__ import annotations

import threading
from dataclasses import dataclass

_lock = threading.Lock()
_models = None


@dataclass(frozen=True)
class Entity:
    type: str  # PER, ORG, LOC
    start: int
    stop: int
    text: str
    cases: tuple[str | None, ...]  # natasha's case guess for each token (Nom, Gen, …)


def load():
    """Load the models now (once per process); later calls return them."""
    global _models
    with _lock:
        if _models is None:
            from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

            emb = NewsEmbedding()
            _models = (Segmenter(), NewsNERTagger(emb), NewsMorphTagger(emb))
    return _models


@dataclass(frozen=True)
class Parsed:
    entities: list[Entity]
    tokens: list[tuple[int, int, str]]  # razdel tokens of the whole text: (start, stop, text)


def entities(text: str) -> list[Entity]:
    """Named entities of a whole text (one call per release: natasha's cost is per call)."""
    return parse(text).entities


def parse(text: str) -> Parsed:
    """Entities and tokens: natasha tokenizes the text anyway, so callers need not do it again."""
    from natasha import Doc

    segmenter, ner, morph_tagger = _models or load()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(ner)
    doc.tag_morph(morph_tagger)
    out = []
    for span in doc.spans:
        cases = tuple(t.feats.get("Case") if t.feats else None for t in span.tokens)
        out.append(Entity(span.type, span.start, span.stop, span.text, cases))
    return Parsed(out, [(t.start, t.stop, t.text) for t in doc.tokens])
