"""natasha, loaded once per process: sentence/token segmentation, NER and morphology tags."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Sequence

_lock = threading.Lock()
_models = None


@dataclass(frozen=True)
class Entity:
    type: str  # PER, ORG, LOC
    start: int
    stop: int
    text: str
    cases: Sequence[str | None]  # natasha's case guess for each token (Nom, Gen, …): a tuple or `Cases`


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
    morph = _Morph(doc, morph_tagger)
    out = [Entity(span.type, span.start, span.stop, span.text, Cases(morph, span.tokens)) for span in doc.spans]
    return Parsed(out, [(t.start, t.stop, t.text) for t in doc.tokens])


class _Morph:
    """The morphology tagger run only where a case is read: half of natasha's time went to tagging
    every sentence, and only names' cases are used. The tagger sees one sentence at a time (its
    tags do not depend on the other sentences of a batch), so the tags are those of a full run.
    The first read tags every sentence with a person at once (one batch is cheaper than many);
    a place or an organization read later as a name has its sentence tagged then."""

    def __init__(self, doc, tagger):
        self.doc, self.tagger = doc, tagger
        self.sentence = {id(t): s for s in doc.sents for t in s.tokens}
        self.tagged: set[int] = set()

    def cases(self, tokens) -> tuple[str | None, ...]:
        wanted = {id(self.sentence[id(t)]): self.sentence[id(t)] for t in tokens if id(t) in self.sentence}
        if not self.tagged:
            wanted.update((id(s), s) for s in self.doc.sents if any(x.type == "PER" for x in s.spans))
        self._tag([s for k, s in wanted.items() if k not in self.tagged])
        return tuple(t.feats.get("Case") if t.feats else None for t in tokens)

    def _tag(self, sents) -> None:
        if not sents:
            return
        for sent, markup in zip(sents, self.tagger.map([[t.text for t in s.tokens] for s in sents])):
            for token, tag in zip(sent.tokens, markup.tokens):
                token.pos, token.feats = tag.pos, tag.feats
            self.tagged.add(id(sent))


class Cases(Sequence):
    """An entity's cases, tagged on first read (`len` needs no tagging)."""

    __slots__ = ("_morph", "_tokens", "_tags")

    def __init__(self, morph: _Morph, tokens):
        self._morph, self._tokens, self._tags = morph, tokens, None

    def _get(self) -> tuple[str | None, ...]:
        if self._tags is None:
            self._tags = self._morph.cases(self._tokens)
            self._morph = self._tokens = None  # the document can go once read
        return self._tags

    def __len__(self) -> int:
        return len(self._tags if self._tags is not None else self._tokens)

    def __getitem__(self, i):
        return self._get()[i]

    def __iter__(self):
        return iter(self._get())

    def __add__(self, other):
        return self._get() + tuple(other)

    def __radd__(self, other):
        return tuple(other) + self._get()

    def __eq__(self, other):
        return self._get() == (tuple(other) if isinstance(other, Sequence) else other)

    def __hash__(self):
        return hash(self._get())

    def __repr__(self):
        return repr(self._get()) if self._tags is not None else f"Cases(<{len(self)} untagged>)"
