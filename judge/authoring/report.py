"""What `judge check` produces: named items, each ok / fail / skip, per problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

OK = "ok"
FAIL = "fail"
SKIP = "skip"


@dataclass
class CheckItem:
    """One named property of a problem, proven (ok), disproven (fail) or not tried (skip)."""

    name: str
    status: str
    message: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == OK

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "ok": self.ok, "status": self.status, "message": self.message,
                "details": self.details}


@dataclass
class ProblemReport:
    slug: str
    items: list[CheckItem] = field(default_factory=list)
    time_ms: float = 0.0

    @property
    def ok(self) -> bool:
        return bool(self.items) and all(i.status != FAIL for i in self.items)

    @property
    def failures(self) -> list[CheckItem]:
        return [i for i in self.items if i.status == FAIL]

    def item(self, name: str) -> CheckItem:
        for i in self.items:
            if i.name == name:
                return i
        raise KeyError(name)

    def add(self, name: str, ok: bool, message: str = "", **details: Any) -> CheckItem:
        item = CheckItem(name, OK if ok else FAIL, message, details)
        self.items.append(item)
        return item

    def skip(self, name: str, message: str) -> CheckItem:
        item = CheckItem(name, SKIP, message)
        self.items.append(item)
        return item

    def to_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "ok": self.ok,
            "failed": [i.name for i in self.failures],
            "time_ms": round(self.time_ms, 1),
            "items": [i.to_dict() for i in self.items],
        }


@dataclass
class RunReport:
    bank: str
    seeds_extra: int
    problems: list[ProblemReport] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(p.ok for p in self.problems)

    def to_dict(self) -> dict[str, Any]:
        passed = sum(p.ok for p in self.problems)
        return {
            "ok": self.ok,
            "bank": self.bank,
            "extra_seeds": self.seeds_extra,
            "summary": {"problems": len(self.problems), "passed": passed,
                        "failed": len(self.problems) - passed},
            "problems": [p.to_dict() for p in self.problems],
        }
