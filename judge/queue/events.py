"""In-process publish/subscribe of grading progress, one channel per submission.

Worker threads publish; subscribers are usually coroutines on the web server's
event loop, so each gets an `asyncio.Queue` fed through `loop.call_soon_threadsafe`
(never touched directly from a worker thread). Subscribing returns the history
so far and registers the queue under the same lock as publishing, so a
subscriber sees every event exactly once, in order, however late it arrives.

A channel opens when a submission is enqueued and closes right after its result
is stored; whoever finds no channel reads the stored result instead.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from typing import Any

Event = dict[str, Any]

# Put on every subscriber's queue when the bus shuts down; not an event to forward.
CLOSED: Event = {"type": "closed"}


@dataclass(eq=False)
class Subscription:
    submission_id: str
    history: list[Event]
    queue: asyncio.Queue[Event]
    loop: asyncio.AbstractEventLoop


@dataclass
class _Channel:
    history: list[Event] = field(default_factory=list)
    subscribers: list[Subscription] = field(default_factory=list)


class EventBus:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._channels: dict[str, _Channel] = {}
        self._closed = False

    def open(self, submission_id: str) -> None:
        with self._lock:
            if not self._closed:
                self._channels.setdefault(submission_id, _Channel())

    def is_open(self, submission_id: str) -> bool:
        with self._lock:
            return submission_id in self._channels

    def publish(self, submission_id: str, event: Event) -> None:
        with self._lock:
            ch = self._channels.get(submission_id)
            if ch is None:
                return
            ch.history.append(event)
            subs = list(ch.subscribers)
        for sub in subs:
            self._deliver(sub, event)

    def close(self, submission_id: str, final: Event | None = None) -> None:
        """Publish `final` (if any) and forget the channel: later readers use the database."""
        with self._lock:
            ch = self._channels.pop(submission_id, None)
            if ch is None:
                return
            if final is not None:
                ch.history.append(final)
            subs = list(ch.subscribers)
        if final is not None:
            for sub in subs:
                self._deliver(sub, final)

    def history(self, submission_id: str) -> list[Event] | None:
        with self._lock:
            ch = self._channels.get(submission_id)
            return None if ch is None else list(ch.history)

    def subscribe(self, submission_id: str, loop: asyncio.AbstractEventLoop | None = None
                  ) -> Subscription | None:
        """History so far plus a queue of what follows; None when there is no open channel.

        Call from the coroutine that will read the queue (or pass its loop)."""
        loop = loop or asyncio.get_running_loop()
        with self._lock:
            ch = self._channels.get(submission_id)
            if ch is None:
                return None
            sub = Subscription(submission_id, list(ch.history), asyncio.Queue(), loop)
            ch.subscribers.append(sub)
            return sub

    def unsubscribe(self, sub: Subscription) -> None:
        with self._lock:
            ch = self._channels.get(sub.submission_id)
            if ch is not None and sub in ch.subscribers:
                ch.subscribers.remove(sub)

    def shutdown(self) -> None:
        """Wake every subscriber with CLOSED and refuse new channels."""
        with self._lock:
            self._closed = True
            subs = [s for ch in self._channels.values() for s in ch.subscribers]
            self._channels.clear()
        for sub in subs:
            self._deliver(sub, CLOSED)

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {"channels": len(self._channels),
                    "subscribers": sum(len(c.subscribers) for c in self._channels.values())}

    @staticmethod
    def _deliver(sub: Subscription, event: Event) -> None:
        try:
            sub.loop.call_soon_threadsafe(sub.queue.put_nowait, event)
        except RuntimeError:  # that loop is closed: its reader is gone
            pass
