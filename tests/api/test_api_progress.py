"""Progress per learner over HTTP: penalized hints in order, hints unlocked by failures, the
reference gated on solving or giving up, and the best score kept across submissions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from api_support import make_settings, wait_done

from judge.catalog import Problem, load_problem
from judge.settings import Settings

SLUG = "higher-order-functions"
SOLUTIONS = Path(__file__).resolve().parents[1] / "solutions" / SLUG
PENALTY = 10
UNLOCK_EVERY = 2


@pytest.fixture(scope="module")
def settings(bank: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Overrides the conftest's: hints unlock after every 2 failed attempts here."""
    return make_settings(bank, tmp_path_factory.mktemp("progress") / "j.db", hint_penalty=PENALTY,
                         hint_after_failures=UNLOCK_EVERY)


@pytest.fixture(scope="module")
def hof(bank: Path) -> Problem:
    return load_problem(bank, SLUG)


@pytest.fixture(scope="module")
def hints(hof: Problem) -> list[str]:
    assert len(hof.meta.hints) >= 4  # the tests below reveal four
    return list(hof.meta.hints)


RIGHT = (SOLUTIONS / "correct_loop.py").read_text()
WRONG = (SOLUTIONS / "wrong_empty_product_zero.py").read_text()  # 70 points: fails the edge group
WORSE = (SOLUTIONS / "wrong_numpy_prod_raw.py").read_text()  # 30 points


def submit(client: Any, learner: str, code: str, mode: str = "submit") -> dict[str, Any]:
    r = client.post("/api/submissions", params={"wait": "true"},
                    json={"problem": SLUG, "code": code, "mode": mode, "learner": learner})
    assert r.status_code in (200, 202), r.text
    body: dict[str, Any] = r.json()
    return body if body["status"] == "done" else wait_done(client, body["id"])


def progress(client: Any, learner: str) -> dict[str, Any]:
    r = client.get(f"/api/problems/{SLUG}/progress", params={"learner": learner})
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def next_hint(client: Any, learner: str) -> Any:
    return client.post(f"/api/problems/{SLUG}/hints/next", json={"learner": learner})


# --- progress and hints -------------------------------------------------------------------------
def test_a_new_learner_has_empty_progress(client, hints: list[str]) -> None:
    assert progress(client, "newcomer") == {
        "learner": "newcomer", "problem": SLUG, "attempts": 0, "failed_attempts": 0, "best_score": 0,
        "raw_best_score": 0, "hints_revealed": 0, "hints_penalized": 0, "hints_available": len(hints),
        "hints_remaining": len(hints), "hints": [], "next_hint_penalty": PENALTY, "solved": False,
        "gave_up": False, "reference_available": False, "reference_revealed": False}


def test_hints_are_revealed_in_order_and_each_costs_the_penalty(client, hints: list[str]) -> None:
    learner = "ada"
    done = submit(client, learner, RIGHT)
    assert done["verdict"] == "accepted" and done["score"] == 100
    assert progress(client, learner)["best_score"] == 100

    r = next_hint(client, learner)
    assert r.status_code == 200, r.text
    assert r.json() == {"hint": hints[0], "index": 1, "remaining": len(hints) - 1, "penalty": PENALTY,
                        "best_score": 90}
    r = next_hint(client, learner)
    assert r.json() == {"hint": hints[1], "index": 2, "remaining": len(hints) - 2, "penalty": PENALTY,
                        "best_score": 80}
    p = progress(client, learner)
    assert p["hints"] == hints[:2] and p["hints_revealed"] == p["hints_penalized"] == 2
    assert p["best_score"] == 80 and p["raw_best_score"] == 100 and p["next_hint_penalty"] == PENALTY

    for k in range(3, len(hints) + 1):
        r = next_hint(client, learner)
        assert r.status_code == 200 and r.json()["index"] == k and r.json()["hint"] == hints[k - 1]
    expected_best = max(0, 100 - len(hints) * PENALTY)
    assert r.json()["best_score"] == expected_best and r.json()["remaining"] == 0

    r = next_hint(client, learner)
    assert r.status_code == 409
    assert "already revealed" in r.json()["detail"]
    p = progress(client, learner)
    assert p["hints"] == hints and p["next_hint_penalty"] == 0 and p["best_score"] == expected_best

    # The penalty also applies to later submissions: a new accepted one cannot win the points back.
    assert submit(client, learner, RIGHT)["score"] == 100  # the verdict's score itself is untouched
    p = progress(client, learner)
    assert p["best_score"] == expected_best and p["attempts"] == 2


def test_hints_unlock_for_free_after_k_failed_attempts(client, hints: list[str]) -> None:
    learner = "bob"
    first = submit(client, learner, WRONG)
    assert first["verdict"] == "wrong_answer" and first["unlocked_hint"] is None
    second = submit(client, learner, WRONG)
    assert second["verdict"] == "wrong_answer"
    assert second["unlocked_hint"] == hints[0]
    assert client.get(f"/api/submissions/{second['id']}").json()["unlocked_hint"] == hints[0]

    p = progress(client, learner)
    assert p["attempts"] == p["failed_attempts"] == 2
    assert p["hints"] == hints[:1] and p["hints_revealed"] == 1 and p["hints_penalized"] == 0
    assert p["best_score"] == p["raw_best_score"] == first["score"]  # the free hint costs nothing

    # The next unlock comes after k more failures, not one.
    assert submit(client, learner, WRONG)["unlocked_hint"] is None
    assert submit(client, learner, WRONG)["unlocked_hint"] == hints[1]
    # A paid hint after free ones is the next in order; free ones never cost points.
    r = next_hint(client, learner)
    assert r.json()["hint"] == hints[2] and r.json()["penalty"] == PENALTY
    assert submit(client, learner, RIGHT)["verdict"] == "accepted"
    p = progress(client, learner)
    assert p["best_score"] == 100 - PENALTY and p["solved"] is True
    assert p["hints_revealed"] == 3 and p["hints_penalized"] == 1


def test_best_score_is_the_max_across_submissions(client) -> None:
    learner = "fay"
    wrong = submit(client, learner, WRONG)
    assert 0 < wrong["score"] < 100
    assert progress(client, learner)["best_score"] == wrong["score"]
    worse = submit(client, learner, WORSE)
    assert worse["score"] < wrong["score"]
    assert progress(client, learner)["best_score"] == wrong["score"]
    submit(client, learner, RIGHT)
    submit(client, learner, WORSE)  # a later, worse submission does not lower it
    p = progress(client, learner)
    assert p["best_score"] == 100 and p["attempts"] == 4 and p["failed_attempts"] == 3
    assert p["solved"] is True


def test_run_mode_does_not_count(client) -> None:
    learner = "gus"
    assert submit(client, learner, RIGHT, mode="run")["verdict"] == "accepted"
    p = progress(client, learner)
    assert p["attempts"] == 0 and p["solved"] is False and p["best_score"] == 0
    assert client.get(f"/api/problems/{SLUG}/reference", params={"learner": learner}).status_code == 403


def test_learner_names_match_submissions_after_stripping(client) -> None:
    submit(client, "  hal  ", RIGHT)
    assert progress(client, "hal")["best_score"] == 100
    assert progress(client, " hal ")["best_score"] == 100


# --- the reference and giving up ----------------------------------------------------------------
def test_reference_is_403_before_solving_and_200_after(client, hof: Problem) -> None:
    learner = "cy"
    url = f"/api/problems/{SLUG}/reference"
    r = client.get(url, params={"learner": learner})
    assert r.status_code == 403
    assert "solve" in r.json()["detail"] and "give up" in r.json()["detail"]
    submit(client, learner, WRONG)
    assert client.get(url, params={"learner": learner}).status_code == 403
    assert progress(client, learner)["reference_available"] is False

    assert submit(client, learner, RIGHT)["verdict"] == "accepted"
    assert progress(client, learner)["reference_available"] is True
    r = client.get(url, params={"learner": learner})
    assert r.status_code == 200, r.text
    assert r.json() == {"learner": learner, "problem": SLUG, "reference": hof.reference_source}
    p = progress(client, learner)
    assert p["reference_revealed"] is True and p["best_score"] == 100 and p["gave_up"] is False
    # Another learner still may not see it.
    assert client.get(url, params={"learner": "someone-else"}).status_code == 403


def test_give_up_returns_the_reference_and_zeroes_the_best_score(client, hof: Problem) -> None:
    learner = "dee"
    wrong = submit(client, learner, WRONG)
    assert progress(client, learner)["best_score"] == wrong["score"] > 0
    r = client.post(f"/api/problems/{SLUG}/give-up", json={"learner": learner})
    assert r.status_code == 200, r.text
    assert r.json() == {"learner": learner, "problem": SLUG, "reference": hof.reference_source,
                        "best_score": 0, "solved": False, "gave_up": True}
    p = progress(client, learner)
    assert p["best_score"] == 0 and p["gave_up"] is True and p["reference_available"] is True
    assert p["reference_revealed"] is True and p["next_hint_penalty"] == 0
    r = client.get(f"/api/problems/{SLUG}/reference", params={"learner": learner})
    assert r.status_code == 200 and r.json()["reference"] == hof.reference_source

    # Later accepted submissions are still judged and shown, but the best score stays 0.
    later = submit(client, learner, RIGHT)
    assert later["verdict"] == "accepted" and later["score"] == 100
    p = progress(client, learner)
    assert p["best_score"] == 0 and p["raw_best_score"] == 100 and p["solved"] is True
    # Hints cost nothing any more, and giving up again changes nothing.
    assert next_hint(client, learner).json()["penalty"] == 0
    again = client.post(f"/api/problems/{SLUG}/give-up", json={"learner": learner}).json()
    assert again["best_score"] == 0 and again["gave_up"] is True


def test_give_up_after_solving_keeps_the_score(client) -> None:
    learner = "eve"
    submit(client, learner, RIGHT)
    r = client.post(f"/api/problems/{SLUG}/give-up", json={"learner": learner})
    assert r.status_code == 200
    assert r.json()["best_score"] == 100 and r.json()["solved"] is True and r.json()["gave_up"] is True
    assert progress(client, learner)["best_score"] == 100


# --- errors -------------------------------------------------------------------------------------
def test_unknown_problem_is_404(client) -> None:
    base = "/api/problems/no-such-problem"
    responses = [client.get(f"{base}/progress", params={"learner": "x"}),
                 client.post(f"{base}/hints/next", json={"learner": "x"}),
                 client.get(f"{base}/reference", params={"learner": "x"}),
                 client.post(f"{base}/give-up", json={"learner": "x"})]
    for r in responses:
        assert r.status_code == 404, r.text
        assert "unknown problem" in r.json()["detail"]


@pytest.mark.parametrize("params", [{}, {"learner": ""}, {"learner": "   "}, {"learner": "x" * 101}])
def test_missing_or_empty_learner_in_the_query_is_422(client, params: dict[str, str]) -> None:
    for path in ("progress", "reference"):
        r = client.get(f"/api/problems/{SLUG}/{path}", params=params)
        assert r.status_code == 422, r.text
        assert r.json()["detail"][0]["loc"] == ["query", "learner"]


@pytest.mark.parametrize("body", [{}, {"learner": ""}, {"learner": "  "}, {"learner": None},
                                  {"learner": "x", "extra": 1}])
def test_missing_or_empty_learner_in_the_body_is_422(client, body: dict[str, Any]) -> None:
    for path in ("hints/next", "give-up"):
        r = client.post(f"/api/problems/{SLUG}/{path}", json=body)
        assert r.status_code == 422, r.text
    p = progress(client, "x")  # nothing was recorded for a refused request
    assert p["hints_revealed"] == 0 and p["gave_up"] is False
