"""GET /api/problems, /api/problems/{slug}, /healthz and the OpenAPI docs, over HTTP."""

from __future__ import annotations

import json

from api_support import SLUG

from judge.catalog import Problem

SUMMARY_KEYS = {"slug", "title", "difficulty", "collection", "topics"}


def test_list_problems(client, problem: Problem) -> None:
    r = client.get("/api/problems")
    assert r.status_code == 200
    rows = r.json()
    mine = next(p for p in rows if p["slug"] == SLUG)
    assert set(mine) == SUMMARY_KEYS
    assert mine == {"slug": SLUG, "title": problem.meta.title, "difficulty": problem.meta.difficulty.value,
                    "collection": problem.meta.collection, "topics": list(problem.meta.topics)}
    for row in rows:
        assert set(row) == SUMMARY_KEYS


def test_filters(client, problem: Problem) -> None:
    def slugs(**params: str) -> set[str]:
        r = client.get("/api/problems", params=params)
        assert r.status_code == 200, r.text
        return {p["slug"] for p in r.json()}

    meta = problem.meta
    assert SLUG in slugs(collection=meta.collection)
    assert SLUG not in slugs(collection=meta.collection + " (other)")
    assert SLUG in slugs(difficulty=meta.difficulty.value)
    other = "easy" if meta.difficulty.value != "easy" else "hard"
    assert SLUG not in slugs(difficulty=other)
    assert SLUG in slugs(topic=meta.topics[0])
    assert SLUG in slugs(topic=meta.topics[0].upper())  # topics match case-insensitively
    assert slugs(topic="no-such-topic-anywhere") == set()
    assert SLUG in slugs(collection=meta.collection, difficulty=meta.difficulty.value, topic=meta.topics[-1])
    every = slugs()
    for level in ("easy", "medium", "hard"):
        assert slugs(difficulty=level) <= every


def test_problem_detail(client, problem: Problem) -> None:
    r = client.get(f"/api/problems/{SLUG}")
    assert r.status_code == 200
    d = r.json()
    assert set(d) == SUMMARY_KEYS | {"function", "signature", "statement", "starter", "examples", "limits",
                                     "hints_available"}
    assert d["function"] == problem.meta.function
    assert d["signature"] == problem.meta.signature
    assert d["statement"] == problem.statement
    assert d["starter"] == problem.starter
    assert d["hints_available"] == len(problem.meta.hints)
    assert d["limits"]["time_per_test_s"] == problem.meta.limits.time_per_test_s
    public = problem.examples()
    assert [e["name"] for e in d["examples"]] == [t.name for t in public]
    for ex, case in zip(d["examples"], public, strict=True):
        assert set(ex) == {"name", "input", "expected", "explanation"}
        assert list(ex["input"]) == ["logits", "labels"]  # named after the signature's parameters
        assert ex["input"]["logits"] == case.args[0].tolist()
        assert ex["explanation"] == case.explanation
        got = problem.reference(*case.args)
        assert ex["expected"] == json.loads(json.dumps(got.tolist()))


def test_problem_detail_has_no_hidden_data(client, problem: Problem) -> None:
    d = client.get(f"/api/problems/{SLUG}").json()
    # The statement and starter are the author's public text; everything else the API adds
    # must not carry hidden tests, the reference solution, mutants or the problem's hints.
    added = json.dumps({k: v for k, v in d.items() if k not in ("statement", "starter")})
    everything = json.dumps(d)
    hidden = problem.hidden()
    assert hidden, "the problem should have hidden tests"
    for case in hidden:
        assert case.name not in added
    ref_lines = [ln.strip() for ln in problem.reference_source.splitlines()]
    skip = ("#", "def ", "import", "from", '"')
    body = [ln for ln in ref_lines if len(ln) >= 12 and not ln.startswith(skip)]
    assert body
    for line in body:
        assert line not in added
    assert problem.reference_source not in everything
    for m in problem.mutants:
        assert m.name not in added
        assert m.hint not in everything
    for hint in problem.meta.hints:
        assert hint not in everything
    for forbidden in ("reference", "mutant", "hidden_tests", "seeds"):
        assert forbidden not in d


def test_unknown_problem_is_404(client) -> None:
    r = client.get("/api/problems/no-such-problem")
    assert r.status_code == 404
    assert r.json() == {"detail": "unknown problem 'no-such-problem'"}


def test_healthz_and_docs(client) -> None:
    h = client.get("/healthz")
    assert h.status_code == 200
    assert h.json()["status"] == "ok"
    assert h.json()["problems"] >= 1
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    for path in ("/api/problems", "/api/problems/{slug}", "/api/submissions",
                 "/api/submissions/{submission_id}", "/api/submissions/{submission_id}/events"):
        assert path in spec["paths"], path
