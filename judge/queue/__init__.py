"""Runs gradings off the request path: the embedded thread-pool queue and its event bus."""

from judge.queue.base import Dispatcher
from judge.queue.events import EventBus, Subscription
from judge.queue.local import LocalQueue

__all__ = ["Dispatcher", "EventBus", "LocalQueue", "Subscription"]
