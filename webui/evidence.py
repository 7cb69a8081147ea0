"""The event page's evidence: the words of the text behind each tag, and the rule that read them, in Russian.

Server-side, so it works without JS: every stretch of the text that some evidence covers is a
`<span class="ev" data-ev="c0 p1">` (the tags it backs; `data-why` for the words that made a person
Kazakhstan's), and each tag has its reasons as a tooltip and in the list «Откуда теги» (with the
words in <mark>). app.js only lights the spans of the tag under the pointer, focus or tap.
"""
from __future__ import annotations

from html import escape

from eventstore.countries import short as country_label
from webui.render import ru_date

FACET_KEYS = (("country", "countries", "c"), ("official", "officials", "p"), ("org", "orgs", "o"))
RULES = {
    "country:name": "по названию страны",
    "country:city": "по городу",
    "country:stem": "по названию в форме, которой нет в словаре",
    "country:adjective": "по прилагательному",
    "natasha:PER": "модель natasha — персона",
    "person:rules": "по должности перед именем (natasha не сочла его персоной)",
    "surname:bare": "фамилия, известная по полному имени",
    "side:title": "представитель Казахстана — должность называет страну",
    "side:delegation": "представитель Казахстана — в составе казахстанской стороны",
    "side:by-nature": "представитель Казахстана — такую должность в релизах занимают только наши",
    "side:subject": "представитель Казахстана — должность подлежащего, страна не названа",
    "side:release": "представитель Казахстана — так сказано в другом событии этого релиза",
    "side:earlier": "представитель Казахстана — так сказано в прежних релизах",
    "natasha:ORG": "модель natasha — организация",
    "org:table": "по справочнику организаций",
    "date:text": "дата в тексте",
    "date:relative": "относительная дата, от дня датлайна",
    "date:weekday": "день недели, считая от дня датлайна",
    "date:chained": "считая от даты предыдущего события",
    "date:dateline": "из датлайна релиза",
    "date:release": "по дате релиза (в тексте и датлайне даты нет)",
    # Written by the curation step (indexer/curation): a journalist's correction, not a rule.
    "curation": "исправлено вручную в файле правок",
}
VIA = {"release": "полное имя — из этого релиза", "earlier": "полное имя — из прежних релизов"}
QUOTE = 70  # characters of context on each side of the words in the list «Откуда теги»


def view(event: dict, dateline: str | None, marks: list[tuple[int, int]] = ()) -> dict:
    """{"text_html": the event's text with evidence spans (and the search's <mark>s),
    "tags": {key: {key, facet, value, label, tip, reasons: [{text, rule, words, quote_html}]}}, "any"}:
    a tag per country, official, organization and the date (keys c0…, p0…, o0…, d0)."""
    text, records = event["text"], event.get("evidence") or []
    keys = {(facet, v): f"{k}{i}" for facet, field, k in FACET_KEYS for i, v in enumerate(event.get(field) or [])}
    if event.get("date"):
        keys["date", event["date"]] = "d0"
    spans = []
    tags = {key: {"key": key, "facet": facet, "value": value, "label": _label(facet, value), "reasons": []}
            for (facet, value), key in keys.items()}
    for r in records:
        facet = "official" if r.get("facet") == "kz_official" else r.get("facet")
        key = keys.get((facet, r.get("value")))
        if key is None:
            continue  # a value the document no longer has
        start, end = _span(r, text)
        if end > start:
            spans.append((start, end, "why" if r["facet"] == "kz_official" else "ev", key))
        rule, words = _reason(r, text[start:end], dateline)
        reason = f"{rule}: «{words}»" if words else rule
        if reason not in [x["text"] for x in tags[key]["reasons"]]:
            tags[key]["reasons"].append({"text": reason, "rule": rule, "words": words,
                                         "quote_html": _quote(text, start, end) if end > start else ""})
    for tag in tags.values():
        tag["tip"] = "; ".join(x["text"] for x in tag["reasons"])
    return {"text_html": text_html(text, spans, marks), "tags": tags,
            "any": any(t["reasons"] for t in tags.values())}


def _span(record: dict, text: str) -> tuple[int, int]:
    """The record's span, clipped to the text (a stale record must not break the page)."""
    try:
        start, end = int(record.get("start") or 0), int(record.get("end") or 0)
    except (TypeError, ValueError):
        return 0, 0
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    return (start, end) if end >= start else (0, 0)


def _label(facet: str, value: str) -> str:
    if facet == "country":
        return country_label(value)
    if facet == "date":
        return ru_date(value)
    return value


def _reason(record: dict, words: str, dateline: str | None) -> tuple[str, str]:
    """(the rule in Russian, the words it read: the text's, else the dateline's)."""
    rule = record.get("rule") or ""
    text = RULES.get(rule, rule)
    if record.get("entry"):
        text += f" ({record['entry']})"
    if record.get("via") in VIA:
        text += f" ({VIA[record['via']]})"
    return text, words or (dateline if rule == "date:dateline" and dateline else "")


def _quote(text: str, start: int, end: int) -> str:
    """Safe HTML: the words in <mark> with some of their paragraph around them, cut at words."""
    lo = max(text.rfind("\n", 0, start) + 1, start - QUOTE)
    stop = text.find("\n", end)
    hi = min(len(text) if stop < 0 else stop, end + QUOTE)
    if lo > 0 and text[lo - 1] not in "\n":
        lo = text.find(" ", lo, start) + 1 or start
    if hi < len(text) and text[hi] not in "\n":
        hi = text.rfind(" ", end, hi) if text.rfind(" ", end, hi) > 0 else end
    before = ("…" if lo > 0 and text[lo - 1] != "\n" else "") + escape(text[lo:start])
    after = escape(text[end:hi]) + ("…" if hi < len(text) and text[hi] != "\n" else "")
    return f"{before}<mark class=\"said\">{escape(text[start:end])}</mark>{after}"


def text_html(text: str, spans: list[tuple[int, int, str, str]], marks=()) -> str:
    """Safe HTML of `text`: each stretch covered by evidence in one <span> naming every tag it backs,
    the search's words in <mark>; newlines stay outside any element (the page splits paragraphs on them)."""
    cuts = {0, len(text)} | {a for a, *_ in spans} | {b for _, b, *_ in spans} | {a for a, _ in marks} | {
        b for _, b in marks}
    cuts |= {i for i, ch in enumerate(text) if ch == "\n"} | {i + 1 for i, ch in enumerate(text) if ch == "\n"}
    cuts = sorted(c for c in cuts if 0 <= c <= len(text))
    out = []
    for a, b in zip(cuts, cuts[1:]):
        piece = text[a:b]
        if not piece or piece == "\n":
            out.append(piece)
            continue
        html = escape(piece)
        if any(x <= a and b <= y for x, y in marks):
            html = f"<mark>{html}</mark>"
        ev = _keys(spans, a, b, "ev")
        why = _keys(spans, a, b, "why")
        if ev or why:
            attrs = (f' data-ev="{" ".join(ev)}"' if ev else "") + (f' data-why="{" ".join(why)}"' if why else "")
            html = f'<span class="ev"{attrs}>{html}</span>'
        out.append(html)
    return "".join(out)


def _keys(spans, a: int, b: int, kind: str) -> list[str]:
    return list(dict.fromkeys(key for x, y, k, key in spans if k == kind and x <= a and b <= y))
