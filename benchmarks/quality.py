"""Score the indexer against the dev gold set: per facet, per class of hard case, event splitting.

    python benchmarks/quality.py [--gold tests/data/gold] [--releases tests/data/releases] [--set all|old|new] [-v]

Events are aligned by the start of their text; facet scores are micro-averaged over aligned
events (a missed or extra event counts all its facet values as misses or false alarms). Each gold
event may carry `classes` (the hard cases it exercises): every score is also given per class.
`not_events` (recaps, photo credits) that became events, and any event the gold does not have,
count as spurious. `--set old` is releases 001–011 (written with the rules), `new` 012–099 (written
apart from the rules), `blind` 101–199 (written by someone who never saw the rules or the dev texts),
`blind2` 201–299 (a second such set, scored blind before it joined), `blind3` 301–499 (a third),
`blind5` 501–599 (a fifth; the fourth, 401–412, is kept outside the repository as a check never fitted),
`blind6` 601–699 (a sixth), `blind7` 701–799 and `blind8` 801 on (two smaller ones).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FACETS = ("countries", "officials", "kz_officials", "orgs")
FIRST_NEW = 12  # releases numbered from here were written apart from the rules
FIRST_BLIND = 101  # … and from here by someone who never saw the rules or the dev texts
FIRST_BLIND2 = 201  # … a second blind set
FIRST_BLIND3 = 301  # … a third
FIRST_BLIND5 = 501  # … a fifth
FIRST_BLIND6 = 601  # … a sixth
FIRST_BLIND7 = 701  # … a seventh
FIRST_BLIND8 = 801  # … an eighth
SETS = ("old", "new", "blind", "blind2", "blind3", "blind5", "blind6", "blind7", "blind8")


class Tally:
    """True positives, predictions and gold values per facet; dates right of all."""

    def __init__(self) -> None:
        self.counts = {f: [0, 0, 0] for f in FACETS}
        self.dates_ok = self.events = 0

    def add(self, gold: dict, doc: dict) -> None:
        for f in FACETS:
            want, got = set(gold.get(f, [])), set(doc.get(f, []))
            self.counts[f][0] += len(want & got)
            self.counts[f][1] += len(got)
            self.counts[f][2] += len(want)
        self.events += 1
        self.dates_ok += doc.get("date") == gold["date"]

    def extra(self, doc: dict) -> None:
        for f in FACETS:
            self.counts[f][1] += len(doc.get(f, []))

    def scores(self) -> dict:
        out = {}
        for f, (tp, pred, want) in self.counts.items():
            p = tp / pred if pred else 1.0
            r = tp / want if want else 1.0
            out[f] = {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}
        out["date_accuracy"] = self.dates_ok / self.events if self.events else 1.0
        out["events"] = self.events
        return out


def _number(gold_file: Path) -> int:
    head = gold_file.name.split("_", 1)[0]
    return int(head) if head.isdigit() else 0


def _set_of(gold_file: Path) -> str:
    n = _number(gold_file)
    if n < FIRST_NEW:
        return "old"
    if n < FIRST_BLIND:
        return "new"
    return ("blind" if n < FIRST_BLIND2 else "blind2" if n < FIRST_BLIND3 else "blind3" if n < FIRST_BLIND5
            else "blind5" if n < FIRST_BLIND6 else "blind6" if n < FIRST_BLIND7 else "blind7" if n < FIRST_BLIND8
            else "blind8")


class Score:
    """Everything scored over a set of releases: facets, classes, splitting, not-events."""

    def __init__(self) -> None:
        self.total, self.by_class = Tally(), {}
        self.releases = self.releases_ok = self.events_ok = self.events_gold = self.spurious = 0
        self.not_events = {"total": 0, "became_events": 0}

    def add(self, gold: dict, docs: list[dict], verbose: bool = False) -> None:
        self.releases += 1
        by_start = {}
        for d in docs:
            key = next((g["starts_with"] for g in gold["events"] if d["text"].startswith(g["starts_with"])), None)
            by_start.setdefault(key, d)
        matched = sum(1 for g in gold["events"] if g["starts_with"] in by_start)
        self.releases_ok += matched == len(gold["events"]) == len(docs)
        self.events_gold += len(gold["events"])
        self.events_ok += matched
        for g in gold["events"]:
            d = by_start.get(g["starts_with"], {})
            self.total.add(g, d)
            for c in g.get("classes", []):
                self.by_class.setdefault(c, Tally()).add(g, d)
            if verbose:
                _explain(gold["release"], g, d)
        for ne in gold.get("not_events", []):
            self.not_events["total"] += 1
            hit = any(d["text"].startswith(ne["starts_with"]) for d in docs)
            self.not_events["became_events"] += hit
            for c in ne.get("classes", []):
                t = self.not_events.setdefault(c, [0, 0])
                t[0] += 1
                t[1] += hit
        extra = [d for d in docs if not any(d is v for v in by_start.values())] + (
            [by_start[None]] if None in by_start else [])
        for d in extra:
            self.total.extra(d)
            self.spurious += 1
            if verbose:
                print(f"  {gold['release']}: extra event «{d['text'][:50]}»")

    def scores(self) -> dict:
        scores = self.total.scores()
        scores["split_release_accuracy"] = self.releases_ok / self.releases if self.releases else 0.0
        scores["split_event_accuracy"] = self.events_ok / self.events_gold if self.events_gold else 0.0
        scores["spurious_events"] = self.spurious
        scores["not_events"] = self.not_events
        scores["classes"] = {c: t.scores() for c, t in sorted(self.by_class.items())}
        scores["releases"], scores["events"] = self.releases, self.events_gold
        return scores


def evaluate(gold_dir: Path, releases_dir: Path, verbose: bool = False, which: str = "all") -> dict:
    """Scores of the chosen set (`which`), with each set's own under "sets"."""
    from indexer.analysis.officials import NameBook
    from indexer.analysis.pipeline import get_analyzer
    from indexer.release import ReleaseError, read_release

    analyzer, book = get_analyzer(), NameBook()
    chosen, sets = Score(), {}
    for gold_file in sorted(gold_dir.glob("*.gold.json")):
        gold = json.loads(gold_file.read_text("utf-8"))
        # Every release is analysed, in file order, so that names and roles carry over.
        try:
            _, docs = analyzer.analyze(read_release(releases_dir / gold["release"])).documents(book)
        except ReleaseError as e:
            print(f"  rejected: {e}", file=sys.stderr)  # scored as an empty release
            docs = []
        part = _set_of(gold_file)
        sets.setdefault(part, Score()).add(gold, docs)
        if which in ("all", part):
            chosen.add(gold, docs, verbose)
    scores = chosen.scores()
    scores["sets"] = {name: sets[name].scores() for name in SETS if name in sets}
    return scores


def _explain(release: str, g: dict, d: dict) -> None:
    where = f"{release} «{g['starts_with'][:30]}»"
    if not d:
        print(f"  {where}: event missing")
        return
    tags = ",".join(g.get("classes", []))
    for f in FACETS:
        want, got = set(g.get(f, [])), set(d.get(f, []))
        if want != got:
            print(f"  {where} [{tags}] {f}: missing {sorted(want - got)} extra {sorted(got - want)}")
    if d.get("date") != g["date"]:
        print(f"  {where} [{tags}] date {d.get('date')} != {g['date']}")


def report(s: dict) -> str:
    lines = [f"{s['releases']} releases, {s['events']} gold events",
             f"{'facet':<14}{'precision':>10}{'recall':>10}{'F1':>8}"]
    for f in FACETS:
        lines.append(f"{f:<14}{s[f]['precision']:>10.3f}{s[f]['recall']:>10.3f}{s[f]['f1']:>8.3f}")
    lines += [
        f"{'date accuracy':<34}{s['date_accuracy']:>8.3f}",
        f"{'split accuracy (releases)':<34}{s['split_release_accuracy']:>8.3f}",
        f"{'split accuracy (events)':<34}{s['split_event_accuracy']:>8.3f}",
        f"{'spurious events':<34}{s['spurious_events']:>8d}",
        f"{'not_events that became events':<34}{s['not_events']['became_events']:>8d} of {s['not_events']['total']}",
    ]
    for c, (n, hit) in ((c, v) for c, v in s["not_events"].items() if isinstance(v, list)):
        lines.append(f"  {c:<32}{hit:>8d} of {n}")
    if len(s.get("sets", {})) > 1:
        lines.append("")
        lines.append(f"{'set':<8}{'rel':>4}{'ev':>5}{'countries':>10}{'officials':>10}{'kz':>7}{'orgs':>7}{'date':>7}"
                     f"{'split':>7}{'spur':>5}")
        for name, t in s["sets"].items():
            lines.append(f"{name:<8}{t['releases']:>4}{t['events']:>5}{t['countries']['f1']:>10.3f}"
                         f"{t['officials']['f1']:>10.3f}{t['kz_officials']['f1']:>7.3f}{t['orgs']['f1']:>7.3f}"
                         f"{t['date_accuracy']:>7.3f}{t['split_release_accuracy']:>7.3f}{t['spurious_events']:>5d}")
    if s["classes"]:
        lines.append("")
        lines.append(f"{'class':<18}{'events':>7}{'countries':>10}{'officials':>10}{'kz':>7}{'orgs':>7}{'date':>7}")
        for c, t in s["classes"].items():
            lines.append(f"{c:<18}{t['events']:>7}{t['countries']['f1']:>10.3f}{t['officials']['f1']:>10.3f}"
                         f"{t['kz_officials']['f1']:>7.3f}{t['orgs']['f1']:>7.3f}{t['date_accuracy']:>7.3f}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "data" / "gold")
    parser.add_argument("--releases", type=Path, default=ROOT / "tests" / "data" / "releases")
    parser.add_argument("--set", dest="which", choices=("all",) + SETS, default="all",
                        help=f"old: releases before {FIRST_NEW:03d}; new: before {FIRST_BLIND}; "
                             f"blind: before {FIRST_BLIND2}; blind2: before {FIRST_BLIND3}; blind3: before {FIRST_BLIND5}; "
                             f"blind5: before {FIRST_BLIND6}; blind6: before {FIRST_BLIND7}; blind7: before {FIRST_BLIND8}; "
                             "blind8: the rest")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every disagreement")
    args = parser.parse_args(argv)
    s = evaluate(args.gold, args.releases, args.verbose, args.which)
    print(json.dumps(s, ensure_ascii=False, indent=1) if args.json else report(s))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
