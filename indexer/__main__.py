"""`python -m indexer COMMAND`: extract | run | status | reindex | curation."""
from __future__ import annotations

import argparse
import importlib
import sys
import traceback

from indexer.workers import one_thread_per_process

# Before anything imports numpy (the SQLite store does): analysis workers are forked from this
# process, and a BLAS thread per core in each of them made two workers on two cores 6x slower.
one_thread_per_process()

# Command → module with `configure(parser)` and `main(args) -> int`.
# Imported lazily so `status` does not pay for loading NLP models.
COMMANDS = {
    "extract": ("indexer.commands.extract", "print the event documents of release files as JSON Lines"),
    "run": ("indexer.commands.run", "index new and changed release files of a folder (cron-safe)"),
    "status": ("indexer.commands.status", "show what the store holds, the last run and rejected files"),
    "reindex": ("indexer.commands.reindex", "rebuild the whole store from its source folder"),
    "curation": ("indexer.commands.curation", "check the curation file (journalists' corrections); show what it changes"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indexer", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    argv = sys.argv[1:] if argv is None else argv
    chosen = next((a for a in argv if not a.startswith("-")), None)
    for name, (module, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        if name == chosen:
            importlib.import_module(module).configure(p)
    args = parser.parse_args(argv)
    try:
        return importlib.import_module(COMMANDS[args.command][0]).main(args)
    except BrokenPipeError:  # `… | head`: the reader left, nothing is wrong
        sys.stderr.close()
        return 0
    except Exception:  # exit 1 means "files rejected": a crash must not look like that
        traceback.print_exc()
        return 2


if __name__ == "__main__":
    sys.exit(main())
