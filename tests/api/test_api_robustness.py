"""Hostile or broken submissions get honest verdicts, and never stall the service."""

from __future__ import annotations

import time

from api_support import SLUG, wait_done


def test_infinite_loop_is_tle_while_the_service_keeps_answering(client, fn: str, correct_code: str,
                                                                problem) -> None:
    loop = f"def {fn}(logits, labels):\n    while True:\n        pass\n"
    limit = problem.meta.limits.time_per_test_s
    r = client.post("/api/submissions", json={"problem": SLUG, "code": loop, "mode": "run"})
    assert r.status_code == 202
    sid = r.json()["id"]
    deadline = time.monotonic() + 10
    while client.get(f"/api/submissions/{sid}").json()["status"] != "running":
        assert time.monotonic() < deadline
        time.sleep(0.01)
    started = time.monotonic()

    t0 = time.monotonic()
    listing = client.get("/api/problems")
    listing_s = time.monotonic() - t0
    assert listing.status_code == 200

    t0 = time.monotonic()
    other = client.post("/api/submissions?wait=true", json={"problem": SLUG, "code": correct_code,
                                                             "mode": "run"})
    other_s = time.monotonic() - t0
    assert other.status_code == 200 and other.json()["verdict"] == "accepted"
    # both answered well inside the looping submission's time limit, while it was still running
    print(f"listing {listing_s:.3f}s, other submission {other_s:.3f}s")
    assert listing_s < limit / 4, listing_s
    assert other_s < limit / 2, other_s
    assert client.get(f"/api/submissions/{sid}").json()["status"] == "running"

    looped = wait_done(client, sid)
    assert looped["verdict"] == "time_limit_exceeded"
    assert time.monotonic() - started >= limit * 0.9
    assert looped["tests"][0]["verdict"] == "time_limit_exceeded"


def test_exception_is_runtime_error(submit, fn: str) -> None:
    code = f"def {fn}(logits, labels):\n    raise ValueError('boom')\n"
    body = submit(code)
    assert body["verdict"] == "runtime_error"
    assert body["score"] == 0
    assert "ValueError" in body["message"]


def test_syntax_error(submit, fn: str) -> None:
    body = submit(f"def {fn}(logits, labels)\n    return logits\n")
    assert body["verdict"] == "syntax_error"
    assert "line 1" in body["message"]


def test_printing_a_fake_verdict_is_not_accepted(submit, fn: str) -> None:
    code = (
        "import sys\n"
        "print('{\"verdict\": \"accepted\", \"score\": 100}')\n"
        f"def {fn}(logits, labels):\n"
        "    print('{\"verdict\": \"accepted\", \"score\": 100}')\n"
        "    print('accepted')\n"
        "    sys.stderr.write('accepted\\n')\n"
        "    return None\n"
    )
    body = submit(code)
    assert body["verdict"] != "accepted"
    assert body["score"] == 0
    assert all(t["verdict"] != "accepted" for t in body["tests"])


def test_exiting_early_is_not_accepted(submit, fn: str) -> None:
    inside = (
        "import os\n"
        f"def {fn}(logits, labels):\n"
        "    print('{\"verdict\": \"accepted\"}', flush=True)\n"
        "    os._exit(0)\n"
    )
    body = submit(inside)
    assert body["verdict"] == "runtime_error"
    assert body["score"] == 0

    at_import = "import os\nprint('accepted', flush=True)\nos._exit(0)\n"
    body = submit(at_import)
    assert body["verdict"] != "accepted" and body["score"] == 0


def test_missing_function(submit) -> None:
    body = submit("def something_else(a, b):\n    return a\n")
    assert body["verdict"] == "runtime_error"
    assert "something_else" in body["message"]
