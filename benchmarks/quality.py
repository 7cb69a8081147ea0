"""Score the indexer against the dev gold set: P/R/F1 per facet, date accuracy, event splitting.

    python benchmarks/quality.py [--gold tests/data/gold] [--releases tests/data/releases] [-v]

Events are aligned by the start of their text; facet scores are micro-averaged over aligned
events (a missed or extra event counts all its facet values as misses or false alarms).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FACETS = ("countries", "officials", "kz_officials", "orgs")


def evaluate(gold_dir: Path, releases_dir: Path, verbose: bool = False) -> dict:
    from indexer.analysis.officials import NameBook
    from indexer.analysis.pipeline import get_analyzer
    from indexer.release import read_release

    analyzer, book = get_analyzer(), NameBook()
    counts = {f: [0, 0, 0] for f in FACETS}  # true positives, predicted, gold
    dates_ok = dates_n = releases_ok = events_ok = events_gold = 0
    golds = sorted(gold_dir.glob("*.gold.json"))
    for gold_file in golds:
        gold = json.loads(gold_file.read_text("utf-8"))
        _, docs = analyzer.analyze(read_release(releases_dir / gold["release"])).documents(book)
        by_start = {}
        for d in docs:
            by_start.setdefault(next((g["starts_with"] for g in gold["events"] if d["text"].startswith(g["starts_with"])), None), d)
        matched = sum(1 for g in gold["events"] if g["starts_with"] in by_start)
        split_ok = matched == len(gold["events"]) == len(docs)
        releases_ok += split_ok
        events_gold += len(gold["events"])
        events_ok += matched
        for g in gold["events"]:
            d = by_start.get(g["starts_with"], {})
            for f in FACETS:
                want, got = set(g.get(f, [])), set(d.get(f, []))
                counts[f][0] += len(want & got)
                counts[f][1] += len(got)
                counts[f][2] += len(want)
                if verbose and want != got:
                    print(f"  {gold['release']} «{g['starts_with'][:30]}» {f}: missing {sorted(want - got)} extra {sorted(got - want)}")
            dates_n += 1
            dates_ok += d.get("date") == g["date"]
            if verbose and d.get("date") != g["date"]:
                print(f"  {gold['release']} «{g['starts_with'][:30]}» date {d.get('date')} != {g['date']}")
        extra = [d for d in docs if d not in by_start.values()]
        for d in extra:
            for f in FACETS:
                counts[f][1] += len(d.get(f, []))
            if verbose:
                print(f"  {gold['release']}: extra event «{d['text'][:40]}»")
    scores = {}
    for f, (tp, pred, want) in counts.items():
        p = tp / pred if pred else 1.0
        r = tp / want if want else 1.0
        scores[f] = {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}
    scores["date_accuracy"] = dates_ok / dates_n if dates_n else 0.0
    scores["split_release_accuracy"] = releases_ok / len(golds) if golds else 0.0
    scores["split_event_accuracy"] = events_ok / events_gold if events_gold else 0.0
    scores["releases"], scores["events"] = len(golds), events_gold
    return scores


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "data" / "gold")
    parser.add_argument("--releases", type=Path, default=ROOT / "tests" / "data" / "releases")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every disagreement")
    args = parser.parse_args(argv)
    s = evaluate(args.gold, args.releases, args.verbose)
    print(f"{s['releases']} releases, {s['events']} gold events")
    print(f"{'facet':<14}{'precision':>10}{'recall':>10}{'F1':>8}")
    for f in FACETS:
        print(f"{f:<14}{s[f]['precision']:>10.3f}{s[f]['recall']:>10.3f}{s[f]['f1']:>8.3f}")
    print(f"{'date accuracy':<34}{s['date_accuracy']:>8.3f}")
    print(f"{'split accuracy (releases)':<34}{s['split_release_accuracy']:>8.3f}")
    print(f"{'split accuracy (events)':<34}{s['split_event_accuracy']:>8.3f}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
