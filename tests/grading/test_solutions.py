"""Grades learner-style fixture solutions with the real sandbox and checks the verdicts.

Each file under tests/solutions/<slug>/ starts with header comments:

    # expect: <verdict>          (required, a judge.grading.verdicts.Verdict value)
    # message: <substring>       (optional, repeatable: in the result's or any test's message)
    # hint: <substring>          (optional, repeatable: in one of the result's hints)
    # no-hint: <substring>       (optional, repeatable: in none of the result's hints)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from judge.catalog import Problem, load_problem
from judge.grading.grader import Grader
from judge.grading.result import GradeResult
from judge.grading.verdicts import Verdict
from judge.sandbox.pool import SandboxPool

BANK = Path(__file__).resolve().parents[2]
SOLUTIONS = BANK / "tests" / "solutions"
SLUGS = ["softmax-cross-entropy-gradient", "higher-order-functions"]


@dataclass
class Expectation:
    verdict: Verdict
    messages: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    no_hints: list[str] = field(default_factory=list)


def parse_header(path: Path) -> Expectation:
    verdict: Verdict | None = None
    messages: list[str] = []
    hints: list[str] = []
    no_hints: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line.lstrip("#").strip().partition(":")
        value = value.strip()
        if key == "expect":
            verdict = Verdict(value)
        elif key == "message":
            messages.append(value)
        elif key == "hint":
            hints.append(value)
        elif key == "no-hint":
            no_hints.append(value)
        else:
            raise ValueError(f"{path}: unknown header key {key!r}")
    if verdict is None:
        raise ValueError(f"{path} has no '# expect: <verdict>' header")
    return Expectation(verdict, messages, hints, no_hints)


def solution_files() -> list[Path]:
    return sorted(p for slug in SLUGS for p in (SOLUTIONS / slug).glob("*.py"))


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxPool]:
    p = SandboxPool(warm=1)
    p.start()
    try:
        yield p
    finally:
        p.close()


_problems: dict[str, Problem] = {}


def problem(slug: str) -> Problem:
    if slug not in _problems:
        _problems[slug] = load_problem(BANK, slug)
    return _problems[slug]


def describe(result: GradeResult) -> str:
    failing = [f"  {t.name} [{t.group}] {t.verdict.value}: {t.message}" for t in result.tests
               if t.verdict not in (Verdict.ACCEPTED, Verdict.SKIPPED)]
    return "\n".join([f"verdict={result.verdict.value} score={result.score} message={result.message!r}",
                      *failing[:10], *(f"  hint: {h}" for h in result.hints)])


def test_fixtures_present() -> None:
    files = solution_files()
    for slug in SLUGS:
        mine = [f for f in files if f.parent.name == slug]
        assert any(parse_header(f).verdict == Verdict.ACCEPTED for f in mine), slug
        assert any(parse_header(f).verdict != Verdict.ACCEPTED for f in mine), slug


@pytest.mark.parametrize("path", solution_files(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_solution(path: Path, sandbox: SandboxPool) -> None:
    expect = parse_header(path)
    result = Grader(sandbox).grade(problem(path.parent.name), path.read_text(encoding="utf-8"))
    info = describe(result)
    assert result.verdict == expect.verdict, info
    if expect.verdict == Verdict.ACCEPTED:
        assert result.score == 100, info
        assert all(t.verdict == Verdict.ACCEPTED for t in result.tests), info
        assert not result.hints, info
    else:
        assert result.score < 100, info
    texts = [result.message, *(t.message for t in result.tests)]
    for sub in expect.messages:
        assert any(sub in text for text in texts), f"message {sub!r} not found\n{info}"
    for sub in expect.hints:
        assert any(sub in h for h in result.hints), f"hint {sub!r} not found\n{info}"
    for sub in expect.no_hints:
        assert not any(sub in h for h in result.hints), f"hint {sub!r} given\n{info}"


@pytest.mark.parametrize("slug", SLUGS)
def test_starter_is_not_accepted(slug: str, sandbox: SandboxPool) -> None:
    p = problem(slug)
    result = Grader(sandbox).grade(p, p.starter)
    assert result.verdict != Verdict.ACCEPTED, describe(result)
    assert result.score == 0, describe(result)
    assert any("NotImplementedError" in t.message for t in result.tests), describe(result)
