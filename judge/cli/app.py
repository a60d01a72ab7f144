"""Builds the Typer application from the command modules."""

from __future__ import annotations

import typer

from judge.cli import learner

app = typer.Typer(
    name="judge", no_args_is_help=True, add_completion=False,
    help="An open coding-practice judge for ML, CV and LLM exercises.",
)
app.command("try")(learner.try_)
app.command("problems")(learner.problems)
app.command("sync")(learner.sync)
app.command("serve")(learner.serve)

try:  # author commands (new, check, push, export, import) live in their own module
    from judge.cli import author

    author.register(app)
except ImportError:  # pragma: no cover - only while the module is being written
    pass
