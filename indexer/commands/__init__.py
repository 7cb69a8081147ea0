"""The CLI commands: each module has `configure(parser)` and `main(args) -> int` (an exit code); `guard` holds what run and reindex share."""
