"""Plain-language explanations of a failed grading, from an OpenAI-compatible chat endpoint.

Off unless `llm_base_url` is set. Only the structured failure leaves the judge: the
verdict, the failing tests' group, stage, verdict and message (hidden tests' messages
never carry their data), the hints the learner was already shown, and an excerpt of the
public statement. Never the reference, the learner's code, hidden inputs or expected
values. Any failure (no endpoint, timeout, HTTP error, odd reply) gives None: an
explanation is a bonus and never holds up or breaks a grading.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx

from judge.settings import Settings

log = logging.getLogger(__name__)

TIMEOUT_S = 10.0
MAX_FAILING_TESTS = 5
MAX_MESSAGE_CHARS = 500
MAX_STATEMENT_CHARS = 2000
MAX_EXPLANATION_CHARS = 4000

# Verdicts with nothing for the learner to fix.
_NOT_EXPLAINED = {"accepted", "internal_error", "skipped"}

SYSTEM_PROMPT = (
    "You are a patient programming tutor on a coding-practice judge for machine-learning "
    "exercises. A learner's submission failed. From the problem statement excerpt and the "
    "structured grading failure below, explain in plain language, in at most a short paragraph "
    "or a few bullet points, what the failure most likely means and what the learner should "
    "check or try next. Do not write the solution or any code that solves the problem. Do not "
    "reveal, guess or invent hidden test inputs, expected outputs or the reference solution; "
    "refer only to what the failure report says."
)


def failure_summary(result: dict[str, Any]) -> dict[str, Any]:
    """The part of a grading result (GradeResult.to_dict()) that may be sent out: no data."""
    failing = []
    for t in result.get("tests") or []:
        if str(t.get("verdict")) in _NOT_EXPLAINED:
            continue
        failing.append({"group": str(t.get("group", "")), "stage": str(t.get("stage", "")),
                        "verdict": str(t.get("verdict", "")),
                        "message": str(t.get("message", ""))[:MAX_MESSAGE_CHARS]})
        if len(failing) >= MAX_FAILING_TESTS:
            break
    return {"verdict": str(result.get("verdict", "")), "score": result.get("score"),
            "failing_tests": failing, "hints": [str(h) for h in result.get("hints") or []]}


def build_request(result: dict[str, Any], statement_excerpt: str, model: str) -> dict[str, Any]:
    """The chat-completions request body for one failure."""
    user = ("Problem statement (excerpt):\n" + statement_excerpt[:MAX_STATEMENT_CHARS].strip()
            + "\n\nGrading failure (JSON):\n" + json.dumps(failure_summary(result), indent=1))
    return {"model": model, "temperature": 0,
            "messages": [{"role": "system", "content": SYSTEM_PROMPT},
                         {"role": "user", "content": user}]}


def explain(result: dict[str, Any], problem_statement_excerpt: str, settings: Settings) -> str | None:
    """An explanation of the failure for the learner, or None (disabled, nothing failed, or any error)."""
    base = (settings.llm_base_url or "").strip()
    if not base or str(result.get("verdict")) in _NOT_EXPLAINED:
        return None
    headers = {"Content-Type": "application/json"}
    if settings.llm_api_key:
        headers["Authorization"] = f"Bearer {settings.llm_api_key}"
    try:
        body = build_request(result, problem_statement_excerpt, settings.llm_model)
        r = httpx.post(base.rstrip("/") + "/chat/completions", json=body, headers=headers,
                       timeout=TIMEOUT_S)
        r.raise_for_status()
        content = r.json()["choices"][0]["message"]["content"]
    except Exception as exc:  # noqa: BLE001 - an explanation must never fail a grading
        log.warning("no explanation from %s: %s: %s", base, type(exc).__name__, exc)
        return None
    if not isinstance(content, str) or not content.strip():
        return None
    return content.strip()[:MAX_EXPLANATION_CHARS]
