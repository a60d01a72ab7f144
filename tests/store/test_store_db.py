"""The store: engine settings, catalog sync, and the submission lifecycle queries."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from judge.catalog import load_bank
from judge.store import db
from judge.store.models import DONE, QUEUED, RUNNING


@pytest.fixture
def engine(tmp_path: Path):
    eng = db.make_engine(f"sqlite:///{tmp_path / 'j.db'}")
    db.init_db(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def synced(engine, tiny_bank: Path):
    problems, errors = load_bank(tiny_bank)
    assert errors == []
    assert db.upsert_problems(engine, problems) == 1
    return engine


def test_sqlite_engine_uses_wal_busy_timeout_and_foreign_keys(engine) -> None:
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == db.BUSY_TIMEOUT_MS
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_in_memory_database_is_shared_across_threads(tiny_bank: Path) -> None:
    eng = db.make_engine("sqlite://")
    db.init_db(eng)
    db.upsert_problems(eng, load_bank(tiny_bank)[0])
    seen = []
    t = threading.Thread(target=lambda: seen.append([p.slug for p in db.list_problems(eng)]))
    t.start()
    t.join()
    assert seen == [["add-two"]]


def test_sync_renders_public_data_only(synced) -> None:
    row = db.get_problem(synced, "add-two")
    assert row is not None
    assert row.title == "Add two numbers" and row.difficulty == "easy" and row.collection == "Basics"
    assert row.topics == ["arithmetic", "warm-up"]
    assert row.examples == [{"name": "one-plus-two", "group": "examples", "input": {"a": 1, "b": 2},
                             "expected": 3, "explanation": "1 + 2 = 3"}]
    assert row.limits["time_per_test_s"] == 1.0
    text = row.model_dump_json()
    assert "secret-big" not in text and "# reference" not in text


def test_filters(synced) -> None:
    assert [p.slug for p in db.list_problems(synced)] == ["add-two"]
    assert [p.slug for p in db.list_problems(synced, collection="Basics")] == ["add-two"]
    assert db.list_problems(synced, collection="Other") == []
    assert [p.slug for p in db.list_problems(synced, difficulty="EASY")] == ["add-two"]
    assert db.list_problems(synced, difficulty="hard") == []
    assert [p.slug for p in db.list_problems(synced, topic="Warm-Up")] == ["add-two"]
    assert db.list_problems(synced, topic="warm") == []  # whole topics, not substrings


def test_resync_updates_changed_problems_and_retires_removed_ones(synced, tiny_bank: Path) -> None:
    old = db.get_problem(synced, "add-two")
    toml = tiny_bank / "problems" / "add-two" / "problem.toml"
    toml.write_text(toml.read_text().replace("Add two numbers", "Add two numbers, again"))
    db.upsert_problems(synced, load_bank(tiny_bank)[0])
    new = db.get_problem(synced, "add-two")
    assert new is not None and old is not None
    assert new.title == "Add two numbers, again" and new.version != old.version

    db.upsert_problems(synced, [])
    assert db.list_problems(synced) == []
    assert db.get_problem(synced, "add-two") is None
    retired = db.get_problem(synced, "add-two", active_only=False)
    assert retired is not None and not retired.active
    db.upsert_problems(synced, load_bank(tiny_bank)[0])
    assert db.get_problem(synced, "add-two") is not None


def test_submission_lifecycle(synced) -> None:
    sub = db.create_submission(synced, "add-two", "def add(a, b):\n    return a + b\n", "submit", "")
    assert len(sub.id) == 32 and sub.status == QUEUED and sub.learner == "anonymous"
    assert [s.id for s in db.pending_submissions(synced)] == [sub.id]

    running = db.mark_running(synced, sub.id)
    assert running is not None and running.status == RUNNING and running.attempts == 1
    assert running.started_at is not None
    assert [s.id for s in db.pending_submissions(synced)] == [sub.id]  # running counts as pending

    result = {"verdict": "wrong_answer", "score": 40, "message": "wrong_answer on test 'x'",
              "hints": ["look at signs"], "passed": 1, "total": 2,
              "tests": [{"name": "a", "group": "examples", "verdict": "accepted", "public": True,
                         "time_ms": 1.5, "message": "", "input": {"a": 1}},
                        {"name": "b", "group": "hidden", "verdict": "wrong_answer", "public": False,
                         "time_ms": 2.0, "message": "off"}],
              "groups": [], "time_ms": 3.0}
    done = db.save_result(synced, sub.id, result)
    assert done.status == DONE and done.verdict == "wrong_answer" and done.score == 40
    assert done.hints == ["look at signs"] and done.result == result and done.finished_at is not None
    rows = db.list_test_results(synced, sub.id)
    assert [(r.index, r.name, r.group, r.verdict, r.public) for r in rows] == [
        (0, "a", "examples", "accepted", True), (1, "b", "hidden", "wrong_answer", False)]
    assert rows[0].data["input"] == {"a": 1}
    assert db.pending_submissions(synced) == []
    assert db.mark_running(synced, sub.id) is None  # a finished submission is never re-judged

    db.save_result(synced, sub.id, {**result, "tests": result["tests"][:1]})  # storing again replaces rows
    assert len(db.list_test_results(synced, sub.id)) == 1


def test_unknown_ids(synced) -> None:
    assert db.get_submission(synced, "nope") is None
    assert db.mark_running(synced, "nope") is None


def test_submissions_need_a_known_problem(synced) -> None:
    with pytest.raises(Exception, match="FOREIGN KEY"):
        db.create_submission(synced, "no-such-problem", "x = 1\n")


def test_param_names() -> None:
    assert db.param_names("def f(a, b: int = 2, *, c: list[int] = [1, 2]) -> None") == ["a", "b", "c"]
    assert db.param_names("def g(x: np.ndarray) -> np.ndarray:") == ["x"]
    assert db.param_names("not python") == []
