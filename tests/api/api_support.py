"""Helpers for the HTTP tests (imported by their conftest and test modules)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from judge.settings import Settings

SLUG = "softmax-cross-entropy-gradient"
MAX_CODE_BYTES = 8192
TERMINAL_WAIT_S = 60.0


def make_settings(bank: Path, db_file: Path, **overrides: Any) -> Settings:
    base: dict[str, Any] = dict(bank_dir=bank, database_url=f"sqlite:///{db_file}", warm_sandboxes=1,
                                workers=2, wait_timeout_s=TERMINAL_WAIT_S, max_code_bytes=MAX_CODE_BYTES)
    base.update(overrides)
    return Settings(**base)


def wait_done(client: Any, sub_id: str, timeout: float = TERMINAL_WAIT_S) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        r = client.get(f"/api/submissions/{sub_id}")
        assert r.status_code == 200, r.text
        body: dict[str, Any] = r.json()
        if body["status"] == "done":
            return body
        assert time.monotonic() < deadline, f"submission {sub_id} still {body['status']}"
        time.sleep(0.05)


def parse_sse(text: str) -> list[tuple[str, str]]:
    """(event name, data) pairs of a text/event-stream body; comments are skipped."""
    out = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        name, data = "message", []
        for line in block.split("\n"):
            if not line or line.startswith(":"):
                continue
            field, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if field == "event":
                name = value
            elif field == "data":
                data.append(value)
        if data:
            out.append((name, "\n".join(data)))
    return out
