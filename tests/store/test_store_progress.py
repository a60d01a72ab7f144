"""Learner progress in the store: the scoring rule, free and paid hints, giving up, and counting
each stored submit grading exactly once (also under concurrent saves)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from judge.catalog import load_bank
from judge.store import db

RULES = db.ProgressRules(hint_penalty=10, hint_after_failures=2)
HINT = "Python's + adds numbers."  # the tiny bank's only hint


@pytest.fixture
def engine(tmp_path: Path, tiny_bank: Path):
    eng = db.make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    db.init_db(eng)
    db.upsert_problems(eng, load_bank(tiny_bank)[0])
    yield eng
    eng.dispose()


def result(verdict: str, score: int, mode: str = "submit") -> dict[str, Any]:
    return {"verdict": verdict, "score": score, "mode": mode, "message": "", "tests": [], "hints": []}


def grade(engine, learner: str, verdict: str, score: int, mode: str = "submit",
          rules: db.ProgressRules | None = RULES) -> dict[str, Any]:
    sub = db.create_submission(engine, "add-two", "def add(a, b): ...", mode=mode, learner=learner)
    stored = db.save_result(engine, sub.id, result(verdict, score, mode), rules=rules)
    assert stored.result is not None
    return stored.result


def test_best_score_is_the_max_of_penalized_scores(engine) -> None:
    grade(engine, "ada", "wrong_answer", 40)
    p = db.get_progress(engine, "ada", "add-two")
    assert (p.attempts, p.failed_attempts, p.best_score, p.raw_best_score) == (1, 1, 40, 40)
    p, hint, index, charged = db.reveal_next_hint(engine, "ada", "add-two", RULES.hint_penalty)
    assert (hint, index, charged, p.best_score) == (HINT, 1, 10, 30)
    grade(engine, "ada", "wrong_answer", 35)  # 35 - 10 = 25 < 30: kept
    assert db.get_progress(engine, "ada", "add-two").best_score == 30
    grade(engine, "ada", "accepted", 100)
    p = db.get_progress(engine, "ada", "add-two")
    assert (p.best_score, p.raw_best_score, p.solved, p.attempts, p.failed_attempts) == (90, 100, True, 3, 2)
    grade(engine, "ada", "wrong_answer", 0)
    assert db.get_progress(engine, "ada", "add-two").best_score == 90


def test_penalties_floor_at_zero(engine) -> None:
    grade(engine, "bo", "wrong_answer", 5)
    p, *_ = db.reveal_next_hint(engine, "bo", "add-two", 10)
    assert p.best_score == 0
    grade(engine, "bo", "wrong_answer", 8)
    assert db.get_progress(engine, "bo", "add-two").best_score == 0


def test_no_more_hints_and_unknown_problem(engine) -> None:
    db.reveal_next_hint(engine, "cy", "add-two", 10)
    with pytest.raises(db.NoMoreHints):
        db.reveal_next_hint(engine, "cy", "add-two", 10)
    assert db.get_progress(engine, "cy", "add-two").hints_revealed == 1
    with pytest.raises(db.UnknownProblem):
        db.reveal_next_hint(engine, "cy", "nope", 10)
    with pytest.raises(db.UnknownProblem):
        db.give_up(engine, "cy", "nope")


def test_every_kth_failure_unlocks_the_next_hint_for_free(engine) -> None:
    assert "unlocked_hint" not in grade(engine, "dee", "wrong_answer", 20)
    second = grade(engine, "dee", "runtime_error", 10)
    assert second["unlocked_hint"] == HINT and second["unlocked_hint_index"] == 1
    p = db.get_progress(engine, "dee", "add-two")
    assert (p.hints_revealed, p.hints_penalized, p.best_score) == (1, 0, 20)
    grade(engine, "dee", "wrong_answer", 20)
    assert "unlocked_hint" not in grade(engine, "dee", "wrong_answer", 20)  # no hint left
    with pytest.raises(db.NoMoreHints):
        db.reveal_next_hint(engine, "dee", "add-two", 10)


def test_only_first_saves_of_judged_submit_gradings_count(engine) -> None:
    grade(engine, "eve", "accepted", 100, mode="run")
    grade(engine, "eve", "internal_error", 0)
    grade(engine, "eve", "accepted", 100, rules=None)
    assert db.get_progress(engine, "eve", "add-two").attempts == 0
    sub = db.create_submission(engine, "add-two", "x", learner="eve")
    db.save_result(engine, sub.id, result("wrong_answer", 50), rules=RULES)
    db.save_result(engine, sub.id, result("wrong_answer", 60), rules=RULES)  # a re-save
    p = db.get_progress(engine, "eve", "add-two")
    assert (p.attempts, p.best_score) == (1, 50)
    assert db.get_submission(engine, sub.id).score == 60  # the stored result itself is replaced


def test_give_up_before_solving_is_zero_for_good(engine) -> None:
    grade(engine, "fay", "wrong_answer", 70)
    assert not db.reveal_reference(engine, "fay", "add-two")
    p = db.give_up(engine, "fay", "add-two")
    assert (p.gave_up, p.solved, p.best_score, p.reference_revealed) == (True, False, 0, True)
    grade(engine, "fay", "accepted", 100)
    p = db.get_progress(engine, "fay", "add-two")
    assert (p.solved, p.best_score, p.raw_best_score) == (True, 0, 100)
    assert db.reveal_reference(engine, "fay", "add-two")
    _, _, _, charged = db.reveal_next_hint(engine, "fay", "add-two", 10)
    assert charged == 0


def test_give_up_after_solving_keeps_the_score(engine) -> None:
    grade(engine, "gus", "accepted", 100)
    assert db.reveal_reference(engine, "gus", "add-two")
    assert db.give_up(engine, "gus", "add-two").best_score == 100
    assert db.give_up(engine, "gus", "add-two").best_score == 100  # idempotent


def test_concurrent_saves_are_all_counted(engine) -> None:
    n = 12
    subs = [db.create_submission(engine, "add-two", "x", learner="hal") for _ in range(n)]
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def save(sid: str, score: int) -> None:
        try:
            barrier.wait()
            db.save_result(engine, sid, result("wrong_answer", score), rules=RULES)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(s.id, 5 * i)) for i, s in enumerate(subs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    p = db.get_progress(engine, "hal", "add-two")
    assert (p.attempts, p.failed_attempts, p.best_score, p.hints_revealed) == (n, n, 5 * (n - 1), 1)
    unlocked = [db.get_submission(engine, s.id).result.get("unlocked_hint") for s in subs]
    assert unlocked.count(HINT) == 1


def test_concurrent_reveals_show_each_hint_once(engine) -> None:
    n = 8
    barrier = threading.Barrier(n)
    outcomes: list[str] = []

    def reveal() -> None:
        barrier.wait()
        try:
            outcomes.append(db.reveal_next_hint(engine, "ida", "add-two", 10)[1])
        except db.NoMoreHints:
            outcomes.append("none left")

    threads = [threading.Thread(target=reveal) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == [HINT] + ["none left"] * (n - 1)
    p = db.get_progress(engine, "ida", "add-two")
    assert (p.hints_revealed, p.hints_penalized) == (1, 1)
