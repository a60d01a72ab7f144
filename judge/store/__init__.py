"""Persistence: the synced problem catalog, submissions and per-test results (SQLModel)."""

from judge.store.models import DONE, QUEUED, RUNNING, ProblemRow, Progress, Submission, TestResultRow

__all__ = ["DONE", "QUEUED", "RUNNING", "ProblemRow", "Progress", "Submission", "TestResultRow"]
