"""`judge check`: prove a problem sound, one named item at a time.

Every item is ok, fail (with a message naming what to fix) or skip (it needs something
an earlier item found broken). The code a learner could submit (starter, reference,
mutants, variants) is graded through the real sandbox and grader, exactly like a
submission; the rest (metadata, statement, determinism, examples) is inspected here.

Items, in order:

    metadata                 problem.toml parses and matches the schema (readable errors)
    load                     the folder has its files and tests.py / reference / mutants import
    statement.renders        statement.md renders as Markdown
    statement.math           $…$ and $$…$$ pair up; braces, \\left/\\right, \\begin/\\end balance
    statement.signature      the statement shows `def <function>(` and every parameter name
    tests                    every group has tests; generators are deterministic per seed
    starter                  the starter loads, defines the function, and is NOT accepted
    reference.accepted       the reference scores 100 on all tests, configured + extra seeds
    reference.deterministic  two runs of the reference give identical outputs
    examples                 there are public examples; explicit `expected` values agree
    mutants.present          at least one mutant, each with a non-empty hint
    mutants.rejected         every mutant fails the hidden tests (mutation score 100 %)
    tolerances               every @variant (float32, loops, ...) is accepted
    time-limit               the reference fits the time limit on max_slowdown groups
    hints                    at least two hints
    todo / todo:<file>       no TODO marker left (starter.py excepted: TODOs there are for learners)
"""

from __future__ import annotations

import ast
import dataclasses
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from judge.authoring import sources
from judge.authoring import statement as stmt
from judge.authoring.report import ProblemReport
from judge.authoring.static_checks import (  # noqa: F401 - re-exported for callers
    check_deterministic,
    check_examples,
    check_hints,
    check_metadata,
    check_statement,
    check_tests,
    check_todos,
    count_noun,
    extra_seeds,
    readable_errors,
    same,
)
from judge.catalog.loader import Problem, ProblemError, load_problem
from judge.catalog.models import TestCase
from judge.catalog.signature import arg_names
from judge.grading.grader import Grader
from judge.grading.result import GradeResult, TestResult
from judge.grading.verdicts import Verdict
from judge.sandbox.pool import SandboxError

Progress = Callable[[str, bool], None]  # (description, advance one phase)

PHASES = 10  # how many times check_problem advances its progress callback
DEFAULT_EXTRA_SEEDS = 3
INTERNAL = "internal"  # the item recording a crash of the check itself

ITEM_ORDER = [
    "metadata", "load", "statement.renders", "statement.math", "statement.signature", "tests",
    "starter", "reference.accepted", "reference.deterministic", "examples", "mutants.present",
    "mutants.rejected", "tolerances", "time-limit", "hints",
]


class _HiddenOnly(Problem):
    """The same problem without its public examples: "rejected by the hidden tests"."""

    def examples(self) -> list[TestCase]:
        return []


def hidden_only(problem: Problem) -> Problem:
    kw = {f.name: getattr(problem, f.name) for f in dataclasses.fields(problem) if f.init}
    kw["version"] = f"{problem.version}+hidden-only"
    return _HiddenOnly(**kw)


def load_failure(result: GradeResult) -> str | None:
    """Why the program never ran (syntax, import-time error, missing function), or None."""
    if result.verdict == Verdict.SYNTAX_ERROR:
        return result.message
    if result.message.startswith("while loading your code"):
        return result.message
    if any(t.stage == "missing" for t in result.tests):
        return result.message
    return None


def _failing(result: GradeResult) -> list[TestResult]:
    return [t for t in result.tests if t.verdict not in (Verdict.ACCEPTED, Verdict.SKIPPED)]


def _describe_failure(t: TestResult) -> str:
    return f"test {t.name!r} ({t.group}): {t.verdict.value}: {t.message}"


def check_starter(problem: Problem, grader: Grader, report: ProblemReport) -> None:
    params = stmt.signature_params(problem.meta.signature)
    try:
        tree = ast.parse(problem.starter)
    except SyntaxError as exc:
        report.add("starter", False, f"starter.py has a syntax error on line {exc.lineno}: {exc.msg}")
        return
    fn = next((n for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
               and n.name == problem.meta.function), None)
    if fn is None:
        report.add("starter", False, f"starter.py does not define {problem.meta.function}()")
        return
    got = arg_names(fn.args)
    if got != params:
        report.add("starter", False, f"starter.py's {problem.meta.function}({', '.join(got)}) does not "
                                     f"match the signature's parameters ({', '.join(params)})")
        return
    result = grader.grade(problem, problem.starter, mode="submit")
    why = load_failure(result)
    if why is not None:
        report.add("starter", False, f"the starter does not load in the sandbox: {why}")
    elif result.verdict == Verdict.INTERNAL_ERROR:
        report.add("starter", False, f"grading the starter failed: {result.message}")
    elif result.verdict == Verdict.ACCEPTED:
        report.add("starter", False, "the starter is accepted as it is: a learner would score "
                                     f"{result.score} without writing anything")
    else:
        report.add("starter", True, f"loads, and is rejected ({result.verdict.value}, score {result.score})")


def grade_runs(grader: Grader, problem: Problem, code: str, seeds: list[int]) -> list[GradeResult]:
    """Grade like a submission on the configured seeds, then once more on the extra ones.

    Two runs, not one: each gets the problem's own total-time budget, so extra seeds
    never make a sound problem look too slow.
    """
    configured = list(problem.meta.tests.seeds)
    runs = [grader.grade(problem, code, mode="submit")]
    extra = [s for s in seeds if s not in configured]
    if extra and load_failure(runs[0]) is None and runs[0].verdict != Verdict.INTERNAL_ERROR:
        runs.append(grader.grade(problem, code, mode="submit", seeds=extra))
    return runs


def _runs_ok(runs: list[GradeResult]) -> bool:
    return all(r.verdict == Verdict.ACCEPTED and r.score == 100 for r in runs)


def _runs_failing(runs: list[GradeResult]) -> list[TestResult]:
    seen: set[str] = set()
    out = []
    for r in runs:
        for t in _failing(r):
            if t.name not in seen:
                seen.add(t.name)
                out.append(t)
    return out


def _runs_tests(runs: list[GradeResult]) -> int:
    names = {t.name for r in runs for t in r.tests}
    return len(names)


def check_reference(problem: Problem, grader: Grader, seeds: list[int],
                    report: ProblemReport) -> GradeResult | None:
    code = sources.reference_program(problem.reference_source)
    runs = grade_runs(grader, problem, code, seeds)
    if _runs_ok(runs):
        report.add("reference.accepted", True,
                   f"accepted on all {_runs_tests(runs)} tests over seeds {seeds}", seeds=seeds)
        return runs[0]
    why = load_failure(runs[0])
    fails = _runs_failing(runs)
    if why is not None:
        msg = f"the reference does not load in the sandbox: {why}"
    elif not fails:
        low = min(runs, key=lambda r: r.score)
        msg = f"the reference passes every test but scores {low.score}, not 100 ({low.message})"
    else:
        msg = "the reference is not accepted: " + "; ".join(_describe_failure(t) for t in fails[:3])
        if len(fails) > 3:
            msg += f"; and {len(fails) - 3} more"
    report.add("reference.accepted", False, msg, seeds=seeds, failing=[t.name for t in fails][:50])
    return runs[0]


def check_mutants_present(problem: Problem, report: ProblemReport) -> None:
    muts = problem.mutants
    if not muts:
        report.add("mutants.present", False, "no mutants: add mutants.py with at least one "
                                             "@mutant(name, hint) known-wrong solution")
        return
    problems = []
    no_hint = [m.name for m in muts if not str(m.hint or "").strip()]
    if no_hint:
        problems.append(f"mutant(s) without a hint: {', '.join(no_hint)}")
    names = [m.name for m in muts]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        problems.append(f"duplicate mutant names: {', '.join(dupes)}")
    if problems:
        report.add("mutants.present", False, "; ".join(problems))
    else:
        report.add("mutants.present", True, f"{count_noun(len(muts), 'mutant')}, each with a hint",
                   mutants=names)


def check_mutants_rejected(problem: Problem, grader: Grader, report: ProblemReport,
                           progress: Progress) -> None:
    muts = problem.mutants
    if not muts:
        report.skip("mutants.rejected", "no mutants to run")
        return
    assert problem.mutants_module is not None
    view = hidden_only(problem)
    rows = []
    survivors, broken = [], []
    for k, m in enumerate(muts, 1):
        progress(f"mutant {k}/{len(muts)}: {m.name}", False)
        try:
            code = sources.alias_program(problem.mutants_module, m.fn, problem.meta.function)
        except (LookupError, OSError, TypeError) as exc:
            broken.append(f"{m.name} ({exc})")
            rows.append({"name": m.name, "rejected": False, "error": str(exc)})
            continue
        result = grader.grade(view, code, mode="submit")
        why = load_failure(result)
        if why is not None or result.verdict == Verdict.INTERNAL_ERROR:
            broken.append(f"{m.name} ({why or result.message})")
            rows.append({"name": m.name, "rejected": False, "error": why or result.message})
            continue
        fails = _failing(result)
        if result.verdict == Verdict.ACCEPTED or not fails:
            survivors.append(m.name)
            rows.append({"name": m.name, "rejected": False, "verdict": result.verdict.value})
        else:
            first = fails[0]
            rows.append({"name": m.name, "rejected": True, "verdict": result.verdict.value,
                         "first_failure": first.name, "group": first.group, "stage": first.stage,
                         "failed_tests": len(fails), "score": result.score})
    killed = sum(1 for r in rows if r["rejected"])
    score = 100.0 * killed / len(muts)
    if not survivors and not broken:
        report.add("mutants.rejected", True,
                   f"{count_noun(len(muts), 'mutant')} rejected by the hidden tests (mutation score 100 %)",
                   mutation_score=score, mutants=rows)
        return
    parts = []
    if survivors:
        tol = _tolerances(problem)
        parts.append(f"mutant{'s' if len(survivors) > 1 else ''} {', '.join(map(repr, survivors))} "
                     f"survive{'s' if len(survivors) == 1 else ''} the hidden tests: add a hidden test on "
                     "which it differs from the reference, or tighten the tolerance if it differs "
                     f"only slightly ({tol})")
    if broken:
        parts.append("mutant(s) that do not run in the sandbox (mutants.py may import only the "
                     f"standard library, numpy and judge.catalog.authoring): {'; '.join(broken)}")
    report.add("mutants.rejected", False, f"mutation score {score:.0f} %: " + "; ".join(parts),
               mutation_score=score, survivors=survivors, mutants=rows)


def _tolerances(problem: Problem) -> str:
    out = []
    for g in problem.meta.groups:
        spec = problem.meta.checker_for(g.name)
        out.append(f"{g.name}: {spec.name} rtol={spec.rtol:g} atol={spec.atol:g}")
    return ", ".join(out)


def check_variants(problem: Problem, grader: Grader, seeds: list[int], report: ProblemReport,
                   progress: Progress) -> None:
    variants = problem.variants
    if not variants:
        report.add("tolerances", True, "no variants.py: tolerances are only checked against the "
                                       "mutants (add @variant solutions, e.g. float32, to prove "
                                       "they are not too tight)", variants=[])
        return
    assert problem.variants_module is not None
    rows = []
    bad = []
    for k, v in enumerate(variants, 1):
        progress(f"variant {k}/{len(variants)}: {v.name}", False)
        try:
            code = sources.alias_program(problem.variants_module, v.fn, problem.meta.function)
        except (LookupError, OSError, TypeError) as exc:
            bad.append(f"variant {v.name!r} cannot be turned into a program: {exc}")
            rows.append({"name": v.name, "accepted": False, "error": str(exc)})
            continue
        runs = grade_runs(grader, problem, code, seeds)
        why = load_failure(runs[0])
        if why is not None:
            bad.append(f"variant {v.name!r} does not load in the sandbox: {why}")
            rows.append({"name": v.name, "accepted": False, "error": why})
            continue
        if _runs_ok(runs):
            rows.append({"name": v.name, "accepted": True})
            continue
        fails = _runs_failing(runs)
        first = fails[0] if fails else None
        verdict = next((r.verdict for r in runs if r.verdict != Verdict.ACCEPTED), runs[0].verdict)
        detail = _describe_failure(first) if first else min(runs, key=lambda r: r.score).message
        row: dict[str, Any] = {"name": v.name, "accepted": False, "verdict": verdict.value,
                               "failed_tests": len(fails)}
        if first is not None:
            row.update(first_failure=first.name, group=first.group, stage=first.stage,
                       **{key: first.details[key] for key in ("max_abs_error", "max_rel_error")
                          if key in first.details})
        rows.append(row)
        advice = ""
        if first is not None and first.stage == "values":
            spec = problem.meta.checker_for(first.group)
            advice = (f" — the tolerance of group {first.group!r} (rtol={spec.rtol:g}, "
                      f"atol={spec.atol:g}) is too tight for this correct solution")
        elif first is not None and first.stage == "efficiency":
            advice = " — it is slower than the group's max_slowdown allows"
        bad.append(f"variant {v.name!r} is rejected: {detail}{advice}")
    if bad:
        report.add("tolerances", False, "; ".join(bad), variants=rows)
    else:
        report.add("tolerances", True, f"{count_noun(len(variants), 'variant')} accepted "
                                       f"({', '.join(v.name for v in variants)})", variants=rows)


def check_time(problem: Problem, ref_result: GradeResult | None, report: ProblemReport) -> None:
    timed = [g for g in problem.meta.groups if g.max_slowdown is not None]
    if not timed:
        report.add("time-limit", True, "no group sets max_slowdown")
        return
    if ref_result is None or load_failure(ref_result) is not None:
        report.skip("time-limit", "the reference did not run")
        return
    limit_ms = problem.meta.limits.time_per_test_s * 1000
    problems, notes, groups = [], [], {}
    for g in timed:
        mine = [t for t in ref_result.tests if t.group == g.name and t.verdict != Verdict.SKIPPED]
        if not mine:
            problems.append(f"group {g.name!r} has no test the reference ran")
            continue
        slow = [t for t in mine if t.time_ms > limit_ms or (
            t.verdict == Verdict.TIME_LIMIT_EXCEEDED and t.stage != "efficiency")]
        worst = max(t.time_ms for t in mine)
        slowdown = g.max_slowdown or 1.0
        groups[g.name] = {"max_ms": round(worst, 2), "limit_ms": limit_ms, "tests": len(mine),
                          "max_slowdown": g.max_slowdown}
        if slow:
            problems.append(f"the reference exceeds the {limit_ms:g} ms per-test limit in group "
                            f"{g.name!r} (test {slow[0].name!r}: {slow[0].time_ms:.0f} ms)")
        elif worst * slowdown > limit_ms:
            notes.append(f"a solution {slowdown:g}x slower than the reference on {g.name!r} "
                         f"(allowed) would take ~{worst * slowdown:.0f} ms, over the "
                         f"{limit_ms:g} ms limit")
    if problems:
        report.add("time-limit", False, "; ".join(problems), groups=groups)
        return
    msg = "; ".join(f"{n}: reference at most {v['max_ms']:.1f} ms per test (limit {limit_ms:g} ms)"
                    for n, v in groups.items())
    if notes:
        msg += " (note: " + "; ".join(notes) + ")"
    report.add("time-limit", True, msg, groups=groups, notes=notes)


def _skip_rest(report: ProblemReport, reason: str) -> None:
    done = {i.name for i in report.items}
    for name in ITEM_ORDER:
        if name not in done:
            report.skip(name, reason)


def check_problem(bank: Path, slug: str, grader: Grader, extra: int = DEFAULT_EXTRA_SEEDS,
                  progress: Progress | None = None) -> ProblemReport:
    """Run every item on bank/problems/<slug> with one grader (one sandbox pool)."""
    step = progress or (lambda text, advance: None)
    t0 = time.perf_counter()
    report = ProblemReport(slug)
    folder = bank / "problems" / slug
    reference = bank / "reference" / f"{slug}.py"
    try:
        with np.errstate(all="ignore"):  # mutants overflow on purpose
            _run(bank, slug, folder, reference, grader, extra, report, step)
    except SandboxError:
        raise  # the sandbox itself is broken: nothing about this problem is known
    except Exception as exc:  # noqa: BLE001 - report a crash as an item rather than lose the run
        report.add(INTERNAL, False, f"the check itself crashed: {type(exc).__name__}: {exc}",
                   traceback=traceback.format_exc(limit=8))
    finally:
        report.time_ms = (time.perf_counter() - t0) * 1000
    return report


def _run(bank: Path, slug: str, folder: Path, reference: Path, grader: Grader, extra: int,
         report: ProblemReport, step: Progress) -> None:
    step("metadata", False)
    if not folder.is_dir():
        report.add("load", False, f"no problem folder {folder}")
        return
    meta = check_metadata(folder, report)
    step("loading", True)
    if meta is None:
        report.skip("load", "problem.toml is invalid")
        _skip_rest(report, "problem.toml is invalid")
        check_todos(folder, reference, report)
        _advance(step, PHASES - 1)
        return
    try:
        problem = load_problem(bank, slug)
    except ProblemError as exc:
        report.add("load", False, exc.message)
        _skip_rest(report, "the problem does not load")
        _replace_item(report, "hints", lambda: check_hints(meta, report))
        check_todos(folder, reference, report)
        _advance(step, PHASES - 1)
        return
    files = ["problem.toml", "statement.md", "starter.py", "tests.py"] + [
        n for n in ("mutants.py", "variants.py") if (folder / n).is_file()]
    report.add("load", True, f"{', '.join(files)} and reference/{slug}.py load")

    step("statement", False)
    check_statement(problem, report)
    step("tests", True)
    seeds = list(problem.meta.tests.seeds) + extra_seeds(list(problem.meta.tests.seeds), extra)
    tests = check_tests(problem, seeds, report)
    step("starter", True)
    check_starter(problem, grader, report)
    step("reference", True)
    ref_result = None
    if tests is None:
        report.skip("reference.accepted", "the tests do not build")
    else:
        ref_result = check_reference(problem, grader, seeds, report)
    step("determinism", True)
    if tests is None:
        report.skip("reference.deterministic", "the tests do not build")
        report.skip("examples", "the tests do not build")
    else:
        check_deterministic(problem, tests, report)
        check_examples(problem, report)
    step("mutants", True)
    check_mutants_present(problem, report)
    if tests is None:
        report.skip("mutants.rejected", "the tests do not build")
    else:
        check_mutants_rejected(problem, grader, report, step)
    step("variants", True)
    if tests is None:
        report.skip("tolerances", "the tests do not build")
    else:
        check_variants(problem, grader, seeds, report, step)
    step("timing", True)
    check_time(problem, ref_result, report)
    step("hints and TODOs", True)
    check_hints(problem.meta, report)
    check_todos(folder, reference, report)
    step("done", True)


def _advance(step: Progress, n: int) -> None:
    for _ in range(n):
        step("", True)


def _replace_item(report: ProblemReport, name: str, run: Callable[[], None]) -> None:
    report.items = [i for i in report.items if i.name != name]
    run()
