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


def _load():
    global _models
    with _lock:
        if _models is None:
            from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

            emb = NewsEmbedding()
            _models = (Segmenter(), NewsNERTagger(emb), NewsMorphTagger(emb))
    return _models


def entities(text: str) -> list[Entity]:
    """Named entities of a whole text (one call per release: natasha's cost is per call)."""
    from natasha import Doc

    segmenter, ner, morph_tagger = _models or _load()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(ner)
    doc.tag_morph(morph_tagger)
    out = []
    for span in doc.spans:
        cases = tuple(t.feats.get("Case") if t.feats else None for t in span.tokens)
        out.append(Entity(span.type, span.start, span.stop, span.text, cases))
    return out
