"""What grading produces: per-test results, group scores, the verdict, and hints."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from judge.grading.verdicts import Verdict

MAX_SHOWN_ITEMS = 120
MAX_SHOWN_CHARS = 4000


def jsonable(v: Any, depth: int = 0) -> Any:  # noqa: C901 - one branch per type
    """A JSON-safe rendering of a value for display (public tests only)."""
    if depth > 20:
        return "…"
    if isinstance(v, np.ndarray):
        if v.size > MAX_SHOWN_ITEMS:
            return np.array2string(v, threshold=MAX_SHOWN_ITEMS, precision=6)
        return jsonable(v.tolist(), depth + 1)
    if isinstance(v, np.generic):
        return jsonable(v.item(), depth + 1)
    if isinstance(v, str):
        return v if len(v) <= MAX_SHOWN_CHARS else v[:MAX_SHOWN_CHARS] + f"… ({len(v)} characters)"
    if isinstance(v, bytes):
        return repr(v[:MAX_SHOWN_CHARS])
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, int):
        return v if abs(v) < 2**53 else str(v)
    if isinstance(v, float):
        return v if math.isfinite(v) else str(v)
    if isinstance(v, complex):
        return str(v)
    if isinstance(v, (list, tuple)):
        items = [jsonable(x, depth + 1) for x in v[:MAX_SHOWN_ITEMS]]
        if len(v) > MAX_SHOWN_ITEMS:
            items.append(f"… {len(v) - MAX_SHOWN_ITEMS} more")
        return items
    if isinstance(v, dict):
        return {str(k): jsonable(x, depth + 1) for k, x in list(v.items())[:MAX_SHOWN_ITEMS]}
    return repr(v)[:200]


@dataclass
class TestResult:
    name: str
    group: str
    verdict: Verdict
    public: bool
    time_ms: float = 0.0
    cpu_ms: float = 0.0
    message: str = ""
    stage: str = ""
    input: Any = None
    expected: Any = None
    got: Any = None
    stdout: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        # Built by hand: dataclasses.asdict deep-copies, and this runs once per test per event.
        d: dict[str, Any] = {
            "name": self.name, "group": self.group, "verdict": self.verdict.value,
            "public": self.public, "time_ms": self.time_ms, "cpu_ms": self.cpu_ms,
            "message": self.message, "stage": self.stage, "details": dict(self.details),
        }
        if self.public:
            d.update(input=self.input, expected=self.expected, got=self.got, stdout=self.stdout)
        return d


@dataclass
class GroupScore:
    name: str
    points: int
    earned: int
    passed: int
    total: int


@dataclass
class GradeResult:
    verdict: Verdict
    score: int
    mode: str
    tests: list[TestResult]
    groups: list[GroupScore]
    hints: list[str] = field(default_factory=list)
    message: str = ""
    time_ms: float = 0.0
    diagnostics: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict.value,
            "score": self.score,
            "mode": self.mode,
            "message": self.message,
            "passed": sum(t.verdict == Verdict.ACCEPTED for t in self.tests),
            "total": len(self.tests),
            "tests": [t.to_dict() for t in self.tests],
            "groups": [asdict(g) for g in self.groups],
            "hints": list(self.hints),
            "time_ms": round(self.time_ms, 3),
            "diagnostics": self.diagnostics,
        }
