"""Submissions left queued (or running) when the service stops are judged after it restarts."""

from __future__ import annotations

import time
import warnings

from api_support import SLUG, make_settings, wait_done

from judge.api.app import create_app
from judge.store import db

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def test_rows_left_pending_in_the_database_are_judged_after_restart(bank, pool, tmp_path,
                                                                    correct_code: str) -> None:
    settings = make_settings(bank, tmp_path / "j.db")
    with TestClient(create_app(settings, pool=pool)) as c:  # first run: creates and syncs the database
        assert c.get("/healthz").status_code == 200

    # While no service runs: one submission stored as queued, one a crashed worker left running.
    engine = db.make_engine(settings.database_url)
    queued = db.create_submission(engine, SLUG, correct_code, mode="submit", learner="grace")
    crashed = db.create_submission(engine, SLUG, correct_code, mode="run")
    assert db.mark_running(engine, crashed.id) is not None
    assert {s.id for s in db.pending_submissions(engine)} == {queued.id, crashed.id}
    engine.dispose()

    with TestClient(create_app(settings, pool=pool)) as c:
        first = wait_done(c, queued.id)
        assert first["verdict"] == "accepted" and first["score"] == 100 and first["learner"] == "grace"
        second = wait_done(c, crashed.id)
        assert second["verdict"] == "accepted" and second["mode"] == "run"
        assert c.app.state.judge.engine is not None
        assert db.pending_submissions(c.app.state.judge.engine) == []


def test_submission_waiting_when_the_service_stops_is_judged_after_restart(bank, pool, tmp_path, fn: str,
                                                                          correct_code: str) -> None:
    settings = make_settings(bank, tmp_path / "j.db", workers=1)
    loop = f"def {fn}(logits, labels):\n    while True:\n        pass\n"
    with TestClient(create_app(settings, pool=pool)) as c:
        busy = c.post("/api/submissions", json={"problem": SLUG, "code": loop, "mode": "run"}).json()["id"]
        deadline = time.monotonic() + 10
        while c.get(f"/api/submissions/{busy}").json()["status"] != "running":
            assert time.monotonic() < deadline
            time.sleep(0.01)
        # the only worker is busy: this one waits in the queue when the service stops
        waiting = c.post("/api/submissions", json={"problem": SLUG, "code": correct_code}).json()["id"]
        assert c.get(f"/api/submissions/{waiting}").json()["status"] == "queued"

    engine = db.make_engine(settings.database_url)
    assert [s.id for s in db.pending_submissions(engine)] == [waiting]
    engine.dispose()

    with TestClient(create_app(settings, pool=pool)) as c:
        assert c.get(f"/api/submissions/{busy}").json()["verdict"] == "time_limit_exceeded"
        body = wait_done(c, waiting)
        assert body["verdict"] == "accepted" and body["score"] == 100
