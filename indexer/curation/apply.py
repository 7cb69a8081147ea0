"""A curation applied to event documents, and undone: `curate(doc, cur)` works on any document,
fresh from the analysis or already curated by another version of the file.

A curated document keeps what the analysis said in `extracted` (the fields it changed, and how many
terms it appended), so a changed file is re-applied to stored events without the NLP: undo, then
apply. Each change is a `corrections` record {"facet", "value", "action", "was", "entry"} (roles
also name their "official"), and each value it sets gets an `evidence` record with rule
"curation" (the characters the analysis found it at, when known).
"""
from __future__ import annotations

from eventstore.schema import role_pair
from eventstore.countries import terms_of
from eventstore.text import lemma, terms
from indexer.curation.format import Curation, key

CHANGED = ("officials", "kz_officials", "roles", "kz_roles", "orgs", "countries")
RULE = "curation"


def curate(doc: dict, cur: Curation) -> dict:
    """The document as `cur` corrects it (a new dict; `doc` is left alone)."""
    return apply(restore(doc), cur)


def restore(doc: dict) -> dict:
    """The document as the analysis made it."""
    was = doc.get("extracted") or {}
    if not was and not doc.get("corrections"):
        return doc
    out = {**doc, **{f: was[f] for f in CHANGED if f in was}, "corrections": [], "extracted": {}}
    if was.get("terms"):
        out["terms"] = doc["terms"][: len(doc["terms"]) - was["terms"]]
    out["evidence"] = [r for r in doc.get("evidence", []) if r.get("rule") != RULE]
    return out


def apply(doc: dict, cur: Curation) -> dict:
    """`cur` applied to a document as the analysis made it."""
    if cur.empty:
        return doc
    work = _Work(doc)
    _people(work, cur)
    _orgs(work, cur)
    _countries(work, cur)
    return work.result()


class _Work:
    def __init__(self, doc: dict):
        self.doc = doc
        self.fields: dict = {}  # field → its corrected value
        self.changes: list[dict] = []
        self.evidence: list[dict] = []
        self.terms: list[str] = []

    def change(self, facet: str, value, action: str, was, entry: str, **extra) -> None:
        self.changes.append({"facet": facet, "value": value, "action": action, "was": was, "entry": entry, **extra})
        if value is not None:
            found = next((r for r in self.doc.get("evidence", []) if r.get("value") == (was or value)
                          and r.get("rule") != RULE), None)
            self.evidence.append({"facet": facet, "value": value, "start": found and found.get("start"),
                                  "end": found and found.get("end"), "rule": RULE, "entry": entry})

    def result(self) -> dict:
        if not self.changes:
            return self.doc
        doc = self.doc
        out = {**doc, **self.fields}
        out["extracted"] = {**{f: doc[f] for f in self.fields}, "terms": len(self.terms)}
        out["terms"] = doc["terms"] + self.terms
        out["evidence"] = doc.get("evidence", []) + _unique_records(self.evidence)
        out["corrections"] = self.changes
        return out


def _regroup(work: _Work, facet: str, values: list[str], aliases: dict, nots: dict,
             person: bool = False) -> dict[str, list[str]]:
    """Corrected value → the extracted values it stands for (aliases merged, «not a …» dropped),
    each change recorded; a new name's terms join the event's so typing it finds the event."""
    groups: dict[str, list[str]] = {}
    for v in values:
        k = key(v)
        if k in nots:
            work.change(facet, None, "removed", v, nots[k])
            continue
        entry = aliases.get(k)
        groups.setdefault(entry.name if entry else v, []).append(v)
    for name, was in groups.items():
        renamed = [w for w in was if w != name]
        for w in renamed:
            work.change(facet, name, "merged" if len(was) > 1 else "renamed", w, aliases[key(w)].entry)
        if renamed and name not in values:
            work.terms += [t for word in name.split() for t in terms(word, person=person)]
    return groups


def _people(work: _Work, cur: Curation) -> None:
    doc = work.doc
    if not (cur.people or cur.not_people) or not doc["officials"]:
        return
    before = len(work.changes)
    groups = _regroup(work, "official", doc["officials"], cur.people, cur.not_people, person=True)
    roles: dict[str, str] = {}
    for name, was in groups.items():
        held = [doc["roles"][w] for w in was if w in doc["roles"]]
        if held:
            roles[name] = next((r for r in held if r), "")
    for name in groups:
        p = cur.people.get(key(name))
        if p is None:
            continue
        if p.kazakh is True and name not in roles:
            roles[name] = ""
            work.change("official", name, "kz", None, p.entry)
        elif p.kazakh is False and name in roles:
            old = roles.pop(name)
            if old:
                work.change("role", None, "removed", old, p.entry, official=name)
            work.change("official", name, "not_kz", None, p.entry)
        role = p.role_on(doc["date"]) if p.kazakh else None
        if role and roles.get(name) != role:
            work.change("role", role, "renamed" if roles.get(name) else "added", roles.get(name) or None, p.entry,
                        official=name)
            roles[name] = role
    if len(work.changes) == before:
        return
    officials = list(groups)
    work.fields.update(
        officials=officials,
        kz_officials=[o for o in officials if o in roles],
        roles={o: roles[o] for o in officials if o in roles},
        kz_roles=[role_pair(o, roles[o]) for o in officials if roles.get(o)],
    )


def _orgs(work: _Work, cur: Curation) -> None:
    doc = work.doc
    if not (cur.orgs or cur.not_orgs) or not doc["orgs"]:
        return
    before = len(work.changes)
    groups = _regroup(work, "org", doc["orgs"], cur.orgs, cur.not_orgs)
    if len(work.changes) > before:
        work.fields["orgs"] = list(groups)


def _countries(work: _Work, cur: Curation) -> None:
    doc = work.doc
    codes = list(doc["countries"])
    for fix in cur.words:
        for code in fix.remove:
            if code in codes and _only_by_word(doc, code, fix.word):
                codes.remove(code)
                work.change("country", None, "removed", code, fix.entry)
    fix = cur.events.get(doc["id"])
    if fix is not None:
        for code in fix.remove:
            if code in codes:
                codes.remove(code)
                work.change("country", None, "removed", code, fix.entry)
        for code in fix.add:
            if code not in codes:
                codes.append(code)
                work.change("country", code, "added", None, fix.entry)
                work.terms += terms_of(code)
    if codes != doc["countries"]:
        work.fields["countries"] = codes


def _only_by_word(doc: dict, code: str, word: str) -> bool:
    """The event names the country only by `word`: the word is in its text (any form) and every place
    the analysis found the country at, when it says, is that word."""
    wanted = {lemma(w) for w in word.split()}
    if not wanted <= set(doc["terms"]):
        return False
    spans = [r for r in doc.get("evidence", []) if r.get("facet") in ("country", "countries")
             and r.get("value") == code and r.get("rule") != RULE and r.get("start") is not None]
    return all({lemma(w) for w in doc["text"][r["start"]:r["end"]].split()} & wanted for r in spans)


def _unique_records(records: list[dict]) -> list[dict]:
    out = []
    for r in records:
        if r not in out:
            out.append(r)
    return out
