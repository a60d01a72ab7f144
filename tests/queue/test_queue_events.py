"""EventBus: thread-safe publishing to asyncio subscribers, late subscribers get the history."""

from __future__ import annotations

import asyncio
import threading

from judge.queue.events import CLOSED, EventBus


def test_late_subscriber_gets_every_event_exactly_once_in_order() -> None:
    bus = EventBus()
    bus.open("s")
    n = 20000
    halfway, subscribed = threading.Event(), threading.Event()

    def publisher() -> None:
        for i in range(n):
            bus.publish("s", {"type": "test", "index": i})
            if i == n // 4:
                halfway.set()
        subscribed.wait(10)  # keep the channel open until the subscriber is in
        bus.close("s", {"type": "done"})

    async def main() -> tuple[int, list[dict]]:
        thread = threading.Thread(target=publisher)
        thread.start()
        await asyncio.to_thread(halfway.wait, 10)
        sub = bus.subscribe("s")  # while the publisher is (most likely) still publishing
        subscribed.set()
        assert sub is not None
        seen = list(sub.history)
        in_history = len(seen)
        while seen[-1]["type"] != "done":
            seen.append(await asyncio.wait_for(sub.queue.get(), 10))
        thread.join()
        return in_history, seen

    in_history, seen = asyncio.run(main())
    assert in_history > n // 4
    assert [e.get("index") for e in seen[:-1]] == list(range(n))
    assert seen[-1] == {"type": "done"}


def test_channels_open_and_close() -> None:
    bus = EventBus()

    async def main() -> None:
        assert bus.subscribe("x") is None  # never opened
        bus.publish("x", {"type": "test"})  # ignored
        bus.open("x")
        assert bus.is_open("x")
        bus.publish("x", {"type": "status", "status": "running"})
        sub = bus.subscribe("x")
        assert sub is not None and sub.history == [{"type": "status", "status": "running"}]
        bus.publish("x", {"type": "test", "index": 0})
        bus.close("x", {"type": "done"})
        assert await sub.queue.get() == {"type": "test", "index": 0}
        assert await sub.queue.get() == {"type": "done"}
        assert bus.subscribe("x") is None and bus.history("x") is None and not bus.is_open("x")
        bus.unsubscribe(sub)  # harmless after close

    asyncio.run(main())


def test_unsubscribed_queues_get_nothing_more() -> None:
    bus = EventBus()

    async def main() -> None:
        bus.open("y")
        sub = bus.subscribe("y")
        assert sub is not None
        assert bus.stats() == {"channels": 1, "subscribers": 1}
        bus.unsubscribe(sub)
        bus.publish("y", {"type": "test", "index": 0})
        await asyncio.sleep(0)
        assert sub.queue.empty()
        assert bus.history("y") == [{"type": "test", "index": 0}]

    asyncio.run(main())


def test_shutdown_wakes_subscribers_and_refuses_new_channels() -> None:
    bus = EventBus()

    async def main() -> None:
        bus.open("z")
        sub = bus.subscribe("z")
        assert sub is not None
        bus.shutdown()
        assert await asyncio.wait_for(sub.queue.get(), 5) is CLOSED
        bus.open("w")
        assert not bus.is_open("w")

    asyncio.run(main())


def test_publishing_to_a_closed_loop_does_not_raise() -> None:
    bus = EventBus()
    bus.open("c")

    async def subscribe() -> None:
        assert bus.subscribe("c") is not None

    asyncio.run(subscribe())  # the loop is closed once run() returns
    bus.publish("c", {"type": "test", "index": 0})
    bus.close("c", {"type": "done"})
