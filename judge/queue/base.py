"""What the API needs from a queue, so a distributed one can replace the embedded default."""

from __future__ import annotations

from concurrent.futures import Future
from typing import Protocol, runtime_checkable


@runtime_checkable
class Dispatcher(Protocol):
    def submit(self, submission_id: str) -> Future[None]:
        """Judge a stored, queued submission; the future resolves once its result is stored."""
        ...

    def recover(self) -> int:
        """Re-enqueue what a stopped service left queued or running; returns how many."""
        ...

    def close(self) -> None:
        """Stop taking work; unfinished submissions stay pending for `recover()`."""
        ...
