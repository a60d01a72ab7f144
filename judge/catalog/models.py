"""The problem folder format, validated strictly (unknown keys are errors, not ignored)."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


class Limits(Strict):
    time_per_test_s: float = Field(2.0, gt=0, le=30)
    total_time_s: float = Field(8.0, gt=0, le=300)
    memory_mb: int = Field(256, ge=16, le=4096)
    output_kb: int = Field(1024, ge=1, le=65536)


class CheckerSpec(Strict):
    """Which checker compares a result, with its options (tolerances and the like)."""

    name: str = "staged"
    rtol: float = Field(1e-6, ge=0)
    atol: float = Field(1e-8, ge=0)
    options: dict[str, Any] = Field(default_factory=dict)


class Group(Strict):
    name: str
    points: int = Field(ge=0, le=100)
    description: str = ""
    checker: CheckerSpec | None = None
    # "scale" groups also compare the learner's time with the reference's.
    max_slowdown: float | None = Field(None, gt=1)


class TestsSpec(Strict):
    seeds: list[int] = Field(default_factory=lambda: [0])


class ProblemMeta(Strict):
    slug: str
    title: str = Field(min_length=3, max_length=120)
    difficulty: Difficulty
    collection: str = Field(min_length=1)
    topics: list[str] = Field(default_factory=list)
    function: str
    signature: str
    limits: Limits = Limits()
    checker: CheckerSpec = CheckerSpec()
    groups: list[Group] = Field(min_length=1)
    tests: TestsSpec = TestsSpec()
    hints: list[str] = Field(default_factory=list)

    @field_validator("slug")
    @classmethod
    def _slug(cls, v: str) -> str:
        if not SLUG_RE.match(v):
            raise ValueError("slug must be lowercase words joined by single hyphens")
        return v

    @field_validator("function")
    @classmethod
    def _function(cls, v: str) -> str:
        if not v.isidentifier():
            raise ValueError("function must be a Python identifier")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> ProblemMeta:
        names = [g.name for g in self.groups]
        if len(set(names)) != len(names):
            raise ValueError("group names must be unique")
        if sum(g.points for g in self.groups) != 100:
            raise ValueError(f"group points must add up to 100, not {sum(g.points for g in self.groups)}")
        if f"def {self.function}(" not in self.signature:
            raise ValueError("signature must define the problem's function")
        return self

    def group(self, name: str) -> Group:
        for g in self.groups:
            if g.name == name:
                return g
        raise KeyError(name)

    def checker_for(self, group: str) -> CheckerSpec:
        g = self.group(group) if group in {x.name for x in self.groups} else None
        return g.checker if g is not None and g.checker is not None else self.checker


class TestCase(BaseModel):
    """One call of the learner's function. `args` are positional, in signature order."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    name: str
    group: str
    args: list[Any]
    public: bool = False
    explanation: str = ""
    # Optional, for examples: the answer the statement shows. `judge check` proves the
    # reference returns it; grading always compares with the reference's own output.
    expected: Any = None
