"""The queue records each submit grading in the learner's progress (with the service's hint rules)
and adds an LLM explanation only when one is configured."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_queue_local import ScriptedGrader

from judge.catalog import load_bank
from judge.grading.verdicts import Verdict
from judge.queue import EventBus, LocalQueue
from judge.queue import local as local_mod
from judge.settings import Settings
from judge.store import db


@pytest.fixture
def env(tmp_path: Path, tiny_bank: Path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'q.db'}")
    db.init_db(engine)
    problems, _ = load_bank(tiny_bank)
    db.upsert_problems(engine, problems)
    catalog = {p.slug: p for p in problems}
    queues: list[LocalQueue] = []

    def make(grader: Any, **kw: Any) -> LocalQueue:
        q = LocalQueue(engine, catalog, grader, EventBus(), workers=1, **kw)
        queues.append(q)
        return q

    yield engine, make
    for q in queues:
        q.close(timeout=1)
    engine.dispose()


def _judge(engine, q: LocalQueue, learner: str = "ada", mode: str = "submit") -> dict[str, Any]:
    sid = db.create_submission(engine, "add-two", "def add(a, b): ...", mode, learner=learner).id
    q.submit(sid).result(10)
    sub = db.get_submission(engine, sid)
    assert sub is not None and sub.result is not None
    return sub.result


def test_progress_follows_the_settings(env, monkeypatch) -> None:
    engine, make = env
    finished: list[dict[str, Any]] = []
    called: list[Any] = []
    monkeypatch.setattr(local_mod, "explain", lambda *a: called.append(a))
    settings = Settings(hint_penalty=7, hint_after_failures=2)  # no LLM endpoint
    q = make(ScriptedGrader(Verdict.WRONG_ANSWER), settings=settings,
             on_finished=lambda sid, result: finished.append(result))
    assert "unlocked_hint" not in _judge(engine, q)
    second = _judge(engine, q)
    assert second["unlocked_hint"] == "Python's + adds numbers." and "explanation" not in second
    assert finished[-1]["unlocked_hint"] == second["unlocked_hint"]  # listeners see the stored result
    _judge(engine, q, mode="run")  # practice runs do not count
    p = db.get_progress(engine, "ada", "add-two")
    assert (p.attempts, p.failed_attempts, p.hints_revealed, p.best_score) == (2, 2, 1, 40)
    assert db.reveal_next_hint(engine, "bo", "add-two", settings.hint_penalty)[3] == 7
    assert called == []


def test_explanation_is_stored_when_configured(env, monkeypatch) -> None:
    engine, make = env
    seen: list[tuple[dict[str, Any], str]] = []

    def fake_explain(result: dict[str, Any], excerpt: str, settings: Settings) -> str | None:
        seen.append((result, excerpt))
        return "Look at the hidden group's message." if result["verdict"] != "accepted" else None

    monkeypatch.setattr(local_mod, "explain", fake_explain)
    q = make(ScriptedGrader(Verdict.WRONG_ANSWER), settings=Settings(llm_base_url="http://127.0.0.1:9"))
    assert _judge(engine, q)["explanation"] == "Look at the hidden group's message."
    assert seen and seen[0][1].startswith("Return `a + b`")
    q2 = make(ScriptedGrader(Verdict.ACCEPTED), settings=Settings(llm_base_url="http://127.0.0.1:9"))
    assert "explanation" not in _judge(engine, q2)
