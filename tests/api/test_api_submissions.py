"""Submitting over HTTP: 202 then polling, wait=true, run vs submit, the SSE stream, and every 4xx."""

from __future__ import annotations

import json

import pytest
from api_support import MAX_CODE_BYTES, SLUG, parse_sse, wait_done

from judge.catalog import Problem

VIEW_KEYS = {"id", "problem", "mode", "status", "verdict", "score", "message", "hints", "passed", "total",
             "unlocked_hint", "explanation",
             "tests", "groups", "time_ms", "diagnostics", "learner", "code", "created_at", "started_at",
             "finished_at", "links"}


def test_submit_202_then_poll(client, correct_code: str, problem: Problem) -> None:
    r = client.post("/api/submissions", json={"problem": SLUG, "code": correct_code})
    assert r.status_code == 202, r.text
    body = r.json()
    sid = body["id"]
    assert body["status"] in ("queued", "running", "done")
    assert body["problem"] == SLUG and body["mode"] == "submit"
    assert body["links"] == {"self": f"/api/submissions/{sid}", "events": f"/api/submissions/{sid}/events",
                             "problem": f"/api/problems/{SLUG}"}
    assert r.headers["location"] == f"/api/submissions/{sid}"

    done = wait_done(client, sid)
    assert set(done) == VIEW_KEYS
    assert done["verdict"] == "accepted" and done["score"] == 100
    assert done["learner"] == "anonymous"
    assert done["total"] == len(done["tests"]) == done["passed"] == len(problem.tests())
    assert done["created_at"] <= done["started_at"] <= done["finished_at"]
    assert done["created_at"].endswith("Z")
    assert sum(g["earned"] for g in done["groups"]) == 100
    for t in done["tests"]:
        if not t["public"]:  # hidden tests never show their data
            assert not {"input", "expected", "got", "stdout"} & set(t)


def test_wait_true_answers_200_with_the_full_result(client, correct_code: str) -> None:
    r = client.post("/api/submissions?wait=true", json={"problem": SLUG, "code": correct_code,
                                                         "learner": "ada"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "done" and body["verdict"] == "accepted" and body["learner"] == "ada"
    assert client.get(f"/api/submissions/{body['id']}").json() == body


def test_run_mode_shows_only_public_tests(client, correct_code: str, problem: Problem, submit) -> None:
    body = submit(correct_code, mode="run")
    assert body["mode"] == "run" and body["verdict"] == "accepted"
    assert body["score"] == 0  # run mode is practice: not scored
    public = problem.examples()
    assert [t["name"] for t in body["tests"]] == [t.name for t in public]
    for t in body["tests"]:
        assert t["public"] is True
        assert set(t) >= {"input", "expected", "got", "stdout"}
        assert list(t["input"]) == ["logits", "labels"]
        assert t["got"] == t["expected"] or t["verdict"] == "accepted"


def test_wrong_answer_shows_expected_and_got_on_public_tests(client, fn: str, submit) -> None:
    code = f"import numpy as np\n\ndef {fn}(logits, labels):\n    return np.zeros_like(logits)\n"
    body = submit(code, mode="run")
    assert body["verdict"] == "wrong_answer"
    t = body["tests"][0]
    assert t["verdict"] == "wrong_answer" and t["got"] != t["expected"]
    assert body["message"]


def test_sse_stream_has_test_events_then_done(client, correct_code: str) -> None:
    sid = client.post("/api/submissions", json={"problem": SLUG, "code": correct_code}).json()["id"]
    with client.stream("GET", f"/api/submissions/{sid}/events") as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        events = parse_sse(r.read().decode())
    names = [n for n, _ in events]
    assert names[-1] == "done"
    assert names.count("done") == 1
    tests = [json.loads(d) for n, d in events if n == "test"]
    final = json.loads(events[-1][1])
    assert final["id"] == sid and final["status"] == "done" and final["verdict"] == "accepted"
    latest = {t["index"]: t["result"] for t in tests}  # a test may be re-judged (speed): last wins
    assert sorted(latest) == list(range(final["total"]))
    assert all(t["total"] == final["total"] for t in tests)
    assert [latest[i] for i in range(final["total"])] == final["tests"]
    assert set(names) <= {"status", "test", "done"}


def test_sse_for_a_finished_submission_replays_from_the_database(client, correct_code: str) -> None:
    body = client.post("/api/submissions?wait=true", json={"problem": SLUG, "code": correct_code,
                                                            "mode": "run"}).json()
    assert body["status"] == "done"
    with client.stream("GET", f"/api/submissions/{body['id']}/events") as r:
        events = parse_sse(r.read().decode())
    assert [n for n, _ in events] == ["test"] * body["total"] + ["done"]
    assert json.loads(events[-1][1]) == body


def test_unknown_submission_is_404(client) -> None:
    for url in ("/api/submissions/nope", "/api/submissions/0123456789abcdef0123456789abcdef/events"):
        r = client.get(url)
        assert r.status_code == 404
        assert "unknown submission" in r.json()["detail"]


# --- validation: nothing is stored for a refused request ----------------------------------------
def _count(client) -> int:
    with client.app.state.judge.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT COUNT(*) FROM submission").scalar())


def _post_raw(client, body: str | bytes):
    return client.post("/api/submissions", content=body, headers={"content-type": "application/json"})


def test_unknown_problem_is_404(client, correct_code: str) -> None:
    before = _count(client)
    r = client.post("/api/submissions", json={"problem": "no-such-problem", "code": correct_code})
    assert r.status_code == 404
    assert r.json() == {"detail": "unknown problem 'no-such-problem'"}
    assert _count(client) == before


@pytest.mark.parametrize("body, field, words", [
    ({"problem": SLUG, "code": ""}, "code", "empty"),
    ({"problem": SLUG, "code": "  \n\t\n"}, "code", "empty"),
    ({"problem": SLUG, "code": "def f():\n    return 1\x00\n"}, "code", "NUL"),
    ({"problem": SLUG, "code": "x = 1\n", "mode": "debug"}, "mode", "'submit' or 'run'"),
    ({"problem": SLUG}, "code", "required"),
    ({"code": "x = 1\n"}, "problem", "required"),
    ({"problem": SLUG, "code": "x = 1\n", "extra": 1}, "extra", "not permitted"),
    ({"problem": SLUG, "code": 42}, "code", "string"),
])
def test_invalid_submissions_are_422(client, body, field, words) -> None:
    before = _count(client)
    r = client.post("/api/submissions", json=body)
    assert r.status_code == 422, r.text
    errors = r.json()["detail"]
    err = next(e for e in errors if e["loc"][-1] == field)
    assert words.lower() in err["msg"].lower()
    assert "input" not in err  # the submitted code is not echoed back
    assert _count(client) == before


@pytest.mark.parametrize("raw", [b'{"problem": "x", "code": ', b"not json at all", b"",
                                 b'["a", "list"]', b'{"problem": "%s", "code": "\\ud800"}' % SLUG.encode()])
def test_malformed_bodies_are_422_with_a_clear_detail(client, raw: bytes) -> None:
    before = _count(client)
    r = _post_raw(client, raw)
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert isinstance(detail, list) and detail
    msg = " ".join(e["msg"] for e in detail)
    assert any(w in msg for w in ("not valid JSON", "required", "valid dictionary", "UTF-8")), msg
    assert _count(client) == before


def test_oversized_code_is_413_naming_the_limit(client, fn: str) -> None:
    before = _count(client)
    big = f"def {fn}(logits, labels):\n    return 0\n" + "#" * MAX_CODE_BYTES
    r = client.post("/api/submissions", json={"problem": SLUG, "code": big})
    assert r.status_code == 413
    assert str(MAX_CODE_BYTES) in r.json()["detail"]
    # the limit counts UTF-8 bytes, not characters: 3000 x '€' is 9000 bytes
    euro = "x = '" + "€" * 3000 + "'\n"
    assert len(euro) < MAX_CODE_BYTES < len(euro.encode())
    assert client.post("/api/submissions", json={"problem": SLUG, "code": euro}).status_code == 413
    # a body far beyond any valid submission is refused before it is read
    huge = json.dumps({"problem": SLUG, "code": "#" * (10 * MAX_CODE_BYTES)})
    assert _post_raw(client, huge).status_code == 413
    assert _count(client) == before


def test_code_exactly_at_the_limit_is_accepted(client, fn: str) -> None:
    code = f"def {fn}(logits, labels):\n    return 0\n"
    code += "#" * (MAX_CODE_BYTES - len(code.encode()) - 1) + "\n"
    assert len(code.encode()) == MAX_CODE_BYTES
    r = client.post("/api/submissions", json={"problem": SLUG, "code": code, "mode": "run"})
    assert r.status_code == 202, r.text
    assert wait_done(client, r.json()["id"])["verdict"] != "accepted"
