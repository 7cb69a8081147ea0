"""`python -m indexer curation check|show [FILE]`: validate the curation file; list what it changes.

`check` exits 0 when the file can be used, 2 with every problem (`file:line: reason`) when not.
`show` lists, per stored event, what the file would change (`--all`: also what it changes already).
"""
from __future__ import annotations

import sys

from indexer.commands.guard import EX_FAILURE, EX_OK


def configure(parser) -> None:
    parser.add_argument("action", choices=("check", "show"), help="check: validate the file; show: list its changes")
    parser.add_argument("file", nargs="?", help="the curation file (default: $EVENTS_CURATION)")
    parser.add_argument("--store", help="show: the store to compare with (default: $EVENTS_STORE)")
    parser.add_argument("--all", action="store_true", help="show: every corrected event, not only those it would change")


def main(args) -> int:
    from indexer.curation import CurationError, load, setting

    path = setting(args.file)
    if path is None:
        print("error: no curation file: give FILE or set EVENTS_CURATION", file=sys.stderr)
        return EX_FAILURE
    try:
        cur = load(path)
    except CurationError as e:
        for problem in e.problems:
            print(problem, file=sys.stderr)
        print(f"error: {len(e.problems)} problem(s) in {path}: runs refuse it until they are fixed", file=sys.stderr)
        return EX_FAILURE
    if args.action == "check":
        print(f"ok: {path}: {len({p.name for p in cur.people.values()})} people, {len(cur.not_people)} not people, "
              f"{len({o.name for o in cur.orgs.values()})} organizations, {len(cur.not_orgs)} not organizations, "
              f"{len(cur.events) + len(cur.words)} country fixes")
        return EX_OK
    return _show(args, cur)


def _show(args, cur) -> int:
    from eventstore.stores import StoreError, open_store, store_setting
    from indexer.curation.apply import curate

    try:
        with open_store(store_setting(args.store), readonly=True) as store:
            n = 0
            for batch in store.event_documents():
                for _, doc in batch:
                    doc.setdefault("terms", [])
                    new = curate(doc, cur)
                    if new["corrections"] and (args.all or new["corrections"] != doc.get("corrections")):
                        n += 1
                        print(doc["id"])
                        for c in new["corrections"]:
                            print("  " + _line(c))
    except StoreError as e:
        print(f"error: {e}", file=sys.stderr)
        return EX_FAILURE
    print(f"{n} events {'corrected' if args.all else 'to change at the next run'}", file=sys.stderr)
    return EX_OK


def _line(c: dict) -> str:
    what = f"{c['facet']}" + (f" of {c['official']}" if c.get("official") else "")
    change = {"renamed": f"{c['was']} → {c['value']}", "merged": f"{c['was']} → {c['value']} (merged)",
              "removed": f"{c['was']} removed", "added": f"{c['value']} added" + (f" (was {c['was']})" if c["was"] else ""),
              "kz": f"{c['value']} is Kazakhstan's", "not_kz": f"{c['value']} is not Kazakhstan's"}[c["action"]]
    return f"{what}: {change}  [{c['entry']}]"
