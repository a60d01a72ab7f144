"""Shared CLI plumbing: bank discovery, exit codes, JSON output."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from judge.catalog import find_bank

EXIT_OK = 0
EXIT_NOT_ACCEPTED = 1
EXIT_ERROR = 2

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

BankOpt = Annotated[
    Path | None,
    typer.Option("--bank", help="Folder holding problems/ and reference/ (default: JUDGE_BANK_DIR, "
                                "the current folder if it holds problems/, else the built-in bank)"),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object instead of a report")]


def bank_path(bank: Path | None) -> Path:
    path = find_bank(bank)
    if not (path / "problems").is_dir():
        fail(f"no problems/ folder in the bank {path}")
    return path


def fail(message: str, as_json: bool = False, code: int = EXIT_ERROR) -> None:
    if as_json:
        print_json({"error": message})
    else:
        err_console.print(f"[red]error:[/red] {message}")
    raise typer.Exit(code)


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, indent=None, default=str) + "\n")
    sys.stdout.flush()
