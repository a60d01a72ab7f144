"""The checks of `judge check` that inspect files and author code without the sandbox.

Metadata, statement, test generation, determinism, examples, hints and TODO markers;
the checks that grade programs live in `judge.authoring.checks`.
"""

from __future__ import annotations

import copy
import math
import re
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import ValidationError

from judge.authoring import statement as stmt
from judge.authoring.report import ProblemReport
from judge.catalog.loader import Problem
from judge.catalog.models import ProblemMeta, TestCase
from judge.grading.checkers import CHECKERS, CheckContext, get_checker

EXTRA_SEED_BASE = 1000
MIN_HINTS = 2
TODO_RE = re.compile(r"\bTODO\b")
TODO_EXEMPT = {"starter.py"}  # learner-facing TODOs ("# TODO: your code") belong there
TEXT_SUFFIXES = {".py", ".md", ".toml", ".txt", ".json", ".yaml", ".yml", ".csv", ".cfg", ".ini"}


def count_noun(k: int, word: str) -> str:
    return f"{k} {word}{'' if k == 1 else 's'}"


def extra_seeds(configured: list[int], n: int) -> list[int]:
    out: list[int] = []
    s = EXTRA_SEED_BASE
    while len(out) < n:
        if s not in configured:
            out.append(s)
        s += 1
    return out


# --- metadata ------------------------------------------------------------------------------

def _loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "problem.toml"


def readable_errors(exc: ValidationError, raw: dict[str, Any] | None = None) -> list[str]:
    """Pydantic errors as one line each, in problem.toml's own terms."""
    lines = []
    for err in exc.errors():
        loc = tuple(p for p in err.get("loc", ()) if p not in ("function-after",))
        where = _loc(loc)
        kind = err.get("type", "")
        if kind == "extra_forbidden":
            lines.append(f"{where}: unknown key (not part of the format; check its spelling "
                         "in docs/authoring.md)")
            continue
        if kind == "missing":
            lines.append(f"{where}: required key is missing")
            continue
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        if "input" in err and not isinstance(err["input"], dict) and loc:
            shown = repr(err["input"])
            msg += f" (got {shown[:60]}{'…' if len(shown) > 60 else ''})"
        lines.append(f"{where}: {msg}")
    return lines


def check_metadata(folder: Path, report: ProblemReport) -> ProblemMeta | None:
    path = folder / "problem.toml"
    if not path.is_file():
        report.add("metadata", False, "problem.toml is missing")
        return None
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        report.add("metadata", False, f"problem.toml is not valid TOML: {exc}")
        return None
    try:
        meta = ProblemMeta(**raw)
    except ValidationError as exc:
        errors = readable_errors(exc, raw)
        report.add("metadata", False, "problem.toml is invalid: " + "; ".join(errors), errors=errors)
        return None
    except TypeError as exc:  # e.g. a top-level key that is not a string
        report.add("metadata", False, f"problem.toml is invalid: {exc}")
        return None
    problems = []
    if meta.slug != folder.name:
        problems.append(f"slug: {meta.slug!r} does not match the folder name {folder.name!r}")
    specs = [("checker", meta.checker)] + [(f"groups[{g.name}].checker", g.checker)
                                          for g in meta.groups if g.checker is not None]
    for where, spec in specs:
        if spec is not None and spec.name not in CHECKERS:
            problems.append(f"{where}.name: unknown checker {spec.name!r} "
                            f"(known: {', '.join(sorted(CHECKERS))})")
    try:
        stmt.signature_params(meta.signature)
    except ValueError as exc:
        problems.append(f"signature: {exc}")
    if problems:
        report.add("metadata", False, "problem.toml is invalid: " + "; ".join(problems), errors=problems)
        return None
    report.add("metadata", True, f"{meta.title!r}: {len(meta.groups)} groups, "
                                 f"seeds {meta.tests.seeds}")
    return meta


# --- statement -------------------------------------------------------------------------------

def check_statement(problem: Problem, report: ProblemReport) -> None:
    text = problem.statement
    try:
        html = stmt.render(text)
    except Exception as exc:  # noqa: BLE001 - a renderer crash is exactly what we report
        report.add("statement.renders", False, f"statement.md does not render: {type(exc).__name__}: {exc}")
    else:
        if not text.strip() or not html.strip():
            report.add("statement.renders", False, "statement.md is empty")
        else:
            report.add("statement.renders", True, f"{len(html)} characters of HTML")
    errors = stmt.math_errors(text)
    if errors:
        report.add("statement.math", False, "unbalanced math in statement.md: " + "; ".join(errors),
                   errors=errors)
    else:
        spans, _ = stmt.find_math(text)
        report.add("statement.math", True, f"{len(spans)} math spans, all balanced")
    params = stmt.signature_params(problem.meta.signature)
    missing = stmt.missing_from_statement(text, problem.meta.function, params)
    if missing:
        report.add("statement.signature", False,
                   f"statement.md never shows {', '.join(missing)} from the signature "
                   f"`{problem.meta.signature}`", missing=missing)
    else:
        report.add("statement.signature", True, f"shows `def {problem.meta.function}(` and "
                                                f"{', '.join(params) or 'no parameters'}")


# --- comparing values exactly -------------------------------------------------------------------

def same(a: Any, b: Any) -> bool:  # noqa: C901 - one branch per type
    """Bit-for-bit equality of results (NaN equals NaN; dtypes and types must match)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)):
            return False
        if a.dtype != b.dtype or a.shape != b.shape:
            return False
        try:
            return bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
        except TypeError:
            return bool(np.array_equal(a, b))
    if type(a) is not type(b):
        return False
    if isinstance(a, np.generic):
        return same(np.asarray(a), np.asarray(b))
    if isinstance(a, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001
        return False


# --- tests, reference, examples -----------------------------------------------------------------

def check_tests(problem: Problem, seeds: list[int], report: ProblemReport) -> list[TestCase] | None:
    """Every group has tests, hidden tests exist, and generating twice gives the same inputs."""
    try:
        examples = problem.examples()
        hidden = problem.hidden()
        all_hidden = problem.hidden(seeds)
        again = problem.hidden(seeds)
    except Exception as exc:  # noqa: BLE001 - author code
        report.add("tests", False, f"tests.py fails to build its tests: {type(exc).__name__}: {exc}")
        return None
    counts = {g.name: {"public": 0, "hidden": 0} for g in problem.meta.groups}
    for t in examples:
        counts[t.group]["public"] += 1
    for t in hidden:
        counts[t.group]["hidden"] += 1
    problems = []
    empty = [g for g, c in counts.items() if c["public"] + c["hidden"] == 0]
    if empty:
        problems.append(f"group(s) {', '.join(empty)} have no tests, so nobody can earn their points")
    if not hidden:
        problems.append("there are no hidden tests (tests.py needs cases() or generate(rng))")
    names = [t.name for t in examples + all_hidden]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        problems.append(f"duplicate test names: {', '.join(dupes[:5])}")
    changed = [a.name for a, b in zip(all_hidden, again, strict=False)
               if a.name != b.name or not same(a.args, b.args)]
    if len(all_hidden) != len(again) or changed:
        problems.append("generating the hidden tests twice with the same seeds gives different "
                        f"inputs ({', '.join(changed[:3]) or 'a different number of tests'}): draw "
                        "randomness only from the rng argument")
    if problems:
        report.add("tests", False, "; ".join(problems), groups=counts)
        return None
    report.add("tests", True, f"{len(examples)} public, {len(hidden)} hidden tests "
                              f"({len(all_hidden)} over {len(seeds)} seeds)", groups=counts)
    return examples + all_hidden


def check_deterministic(problem: Problem, tests: list[TestCase], report: ProblemReport) -> None:
    ref = problem.reference
    diffs = []
    for t in tests:
        try:
            first = ref(*copy.deepcopy(t.args))
            second = ref(*copy.deepcopy(t.args))
        except Exception as exc:  # noqa: BLE001 - author code
            report.add("reference.deterministic", False,
                       f"the reference raised {type(exc).__name__} on test {t.name!r}: {exc}")
            return
        if not same(first, second):
            diffs.append(t.name)
    if diffs:
        report.add("reference.deterministic", False,
                   f"the reference gives different outputs on two runs of {len(diffs)} test(s) "
                   f"(first: {diffs[0]!r}): it must not use unseeded randomness, time or global state",
                   tests=diffs[:20])
    else:
        report.add("reference.deterministic", True, f"identical outputs on two runs of {len(tests)} tests")


def check_examples(problem: Problem, report: ProblemReport) -> None:
    examples = problem.examples()
    if not examples:
        report.add("examples", False, "tests.py has no public examples (an examples() function): "
                                      "learners need at least one to run their code on")
        return
    ref = problem.reference
    bad = []
    checked = 0
    for t in examples:
        if "expected" not in t.model_fields_set:
            continue
        checked += 1
        try:
            got = ref(*copy.deepcopy(t.args))
        except Exception as exc:  # noqa: BLE001 - author code
            bad.append(f"{t.name!r}: the reference raised {type(exc).__name__}: {exc}")
            continue
        spec = problem.meta.checker_for(t.group)
        ctx = CheckContext(args=copy.deepcopy(t.args), expected=t.expected, spec=spec, public=True,
                           problem=problem)
        try:
            res = get_checker(spec.name)(got, ctx)
        except Exception as exc:  # noqa: BLE001
            bad.append(f"{t.name!r}: cannot compare ({type(exc).__name__}: {exc})")
            continue
        if not res.ok:
            bad.append(f"{t.name!r}: the reference's answer differs from the stated expected value "
                       f"({res.message})")
    if bad:
        report.add("examples", False, "examples contradict the reference: " + "; ".join(bad), bad=bad)
    else:
        stated = (f"{checked} stating an expected value the reference returns" if checked
                  else "none states an expected value")
        report.add("examples", True, f"{count_noun(len(examples), 'example')}; {stated}")


# --- grading through the sandbox ------------------------------------------------------------

def check_hints(meta: ProblemMeta, report: ProblemReport) -> None:
    hints = [h for h in meta.hints if h.strip()]
    if len(hints) < MIN_HINTS:
        report.add("hints", False, f"{len(hints)} hint{'s' if len(hints) != 1 else ''} in problem.toml: "
                                   f"give at least {MIN_HINTS}, from a gentle nudge to a concrete step")
    else:
        report.add("hints", True, f"{len(hints)} hints")


def check_todos(folder: Path, reference: Path, report: ProblemReport) -> None:
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES
                   and "__pycache__" not in p.parts and p.name not in TODO_EXEMPT)
    found = False
    for path in files + ([reference] if reference.is_file() else []):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        hits = [i for i, line in enumerate(lines, 1) if TODO_RE.search(line)]
        if hits:
            found = True
            if path == reference:
                name, shown = "reference", f"reference/{reference.name}"
            else:
                name = shown = path.relative_to(folder).as_posix()
            where = ", ".join(map(str, hits[:10])) + (" …" if len(hits) > 10 else "")
            report.add(f"todo:{name}", False,
                       f"TODO left in {shown} (line{'s' if len(hits) > 1 else ''} {where})",
                       file=shown, lines=hits)
    if not found:
        report.add("todo", True, "no TODO markers left")


# --- the whole check ----------------------------------------------------------------------

