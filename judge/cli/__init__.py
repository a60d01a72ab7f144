"""The `judge` command line: learner commands and problem-author commands."""

from judge.cli.app import app

__all__ = ["app"]
