"""`python -m indexer extract FILE…`: the event documents of release files, as JSON Lines.

What the indexer sees, for journalists and editors to check. Files are read in the order
given, so a name written in full in one file resolves initials in the next.
"""
from __future__ import annotations

import json
import sys

def configure(parser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="release files (UTF-8 or Windows-1251)")
    parser.add_argument("--terms", action="store_true", help="also print the analysed search terms")


def main(args) -> int:
    from eventstore.schema import public
    from indexer.analysis.officials import NameBook
    from indexer.release import ReleaseError, read_release
    from indexer.workers import analyse_release, failure

    book, failed = NameBook(), False
    out = sys.stdout
    for path in args.files:
        try:
            _, events = analyse_release(read_release(path)).documents(book)
        except ReleaseError as e:
            print(f"error: {e}", file=sys.stderr)
            failed = True
            continue
        except Exception as e:  # one file's analysis failing never stops the others
            print(f"error: {path}: analysis failed: {failure(e)}", file=sys.stderr)
            failed = True
            continue
        for doc in events:
            shown = public(doc) | ({"terms": doc["terms"]} if args.terms else {})
            out.write(json.dumps(shown, ensure_ascii=False) + "\n")
    out.flush()
    return 1 if failed else 0
