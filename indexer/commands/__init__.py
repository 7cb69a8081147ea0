"""The CLI commands: each module has `configure(parser)` and `main(args) -> int` (an exit code)."""
