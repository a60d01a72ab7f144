"""`judge check` items, called directly: a sound problem passes, each flaw fails its own item."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from authoring_support import SLUG, append, edit

from judge.authoring.checks import ITEM_ORDER, check_problem
from judge.authoring.report import ProblemReport
from judge.grading.grader import Grader

REFERENCE_BODY = """    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)
"""


def run(bank: Path, grader: Grader, extra: int = 1) -> ProblemReport:
    return check_problem(bank, SLUG, grader, extra)


def failed(report: ProblemReport) -> set[str]:
    return {i.name for i in report.failures}


def folder(bank: Path) -> Path:
    return bank / "problems" / SLUG


def test_sound_problem_passes_every_item(tmp_bank: Path, grader: Grader) -> None:
    report = run(tmp_bank, grader, extra=3)
    assert report.ok, [i.to_dict() for i in report.failures]
    names = [i.name for i in report.items]
    assert names == ITEM_ORDER + ["todo"]
    assert all(i.status == "ok" for i in report.items)
    assert report.item("mutants.rejected").details["mutation_score"] == 100.0
    assert {v["name"] for v in report.item("tolerances").details["variants"]} == {"float32", "row-loop"}
    assert report.item("reference.accepted").details["seeds"] == [0, 1, 1000, 1001, 1002]
    assert "scale" in report.item("time-limit").details["groups"]
    d = report.to_dict()
    assert d["ok"] is True and d["failed"] == [] and d["slug"] == SLUG
    assert set(d["items"][0]) == {"name", "ok", "status", "message", "details"}


def test_surviving_mutant_is_named(tmp_bank: Path, grader: Grader) -> None:
    append(folder(tmp_bank) / "mutants.py", f'''

@mutant("same-as-reference", hint="This one is secretly correct.")
def same_as_reference(x):
{REFERENCE_BODY}''')
    report = run(tmp_bank, grader)
    assert failed(report) == {"mutants.rejected"}
    item = report.item("mutants.rejected")
    assert "'same-as-reference' survives the hidden tests" in item.message
    assert item.details["survivors"] == ["same-as-reference"]
    assert item.details["mutation_score"] == pytest.approx(200 / 3)
    assert "mutation score 67 %" in item.message


def test_example_contradicting_the_reference(tmp_bank: Path, grader: Grader) -> None:
    edit(folder(tmp_bank) / "tests.py", '"expected": np.array([[0.5, 0.5],',
         '"expected": np.array([[0.4, 0.6],')
    report = run(tmp_bank, grader)
    assert failed(report) == {"examples"}
    msg = report.item("examples").message
    assert "'two-rows'" in msg and "differs from the stated expected value" in msg


def test_nondeterministic_reference(tmp_bank: Path, grader: Grader) -> None:
    edit(tmp_bank / "reference" / f"{SLUG}.py", "return e / e.sum(axis=1, keepdims=True)",
         "return e / e.sum(axis=1, keepdims=True) + np.random.rand(*x.shape) * 1e-3")
    report = run(tmp_bank, grader)
    assert "reference.deterministic" in failed(report)
    assert "different outputs on two runs" in report.item("reference.deterministic").message


@pytest.mark.parametrize("hints, count", [('["Only one hint."]', 1), ("[]", 0)])
def test_too_few_hints(tmp_bank: Path, grader: Grader, hints: str, count: int) -> None:
    toml = folder(tmp_bank) / "problem.toml"
    text = toml.read_text()
    start = text.index("hints = [")
    end = text.index("]\n", start) + 2
    toml.write_text(text[:start] + f"hints = {hints}\n" + text[end:])
    report = run(tmp_bank, grader)
    assert failed(report) == {"hints"}
    assert report.item("hints").message.startswith(f"{count} hint")
    assert "at least 2" in report.item("hints").message


def test_unknown_metadata_key(tmp_bank: Path, grader: Grader) -> None:
    edit(folder(tmp_bank) / "problem.toml", 'difficulty = "easy"', 'difficulty = "easy"\ncolour = "blue"')
    report = run(tmp_bank, grader)
    assert failed(report) == {"metadata"}
    assert "colour: unknown key" in report.item("metadata").message
    assert report.item("load").status == "skip"
    assert report.item("mutants.rejected").status == "skip"


def test_wrong_metadata_type(tmp_bank: Path, grader: Grader) -> None:
    edit(folder(tmp_bank) / "problem.toml", "time_per_test_s = 2.0", 'time_per_test_s = "fast"')
    report = run(tmp_bank, grader)
    assert failed(report) == {"metadata"}
    msg = report.item("metadata").message
    assert "limits.time_per_test_s: Input should be a valid number" in msg and "'fast'" in msg


def test_unknown_checker_name(tmp_bank: Path, grader: Grader) -> None:
    edit(folder(tmp_bank) / "problem.toml", 'name = "staged"', 'name = "stagged"')
    report = run(tmp_bank, grader)
    assert failed(report) == {"metadata"}
    assert "unknown checker 'stagged'" in report.item("metadata").message


def test_unbalanced_display_math(tmp_bank: Path, grader: Grader) -> None:
    append(folder(tmp_bank) / "statement.md", "\nAnd the loss:\n\n$$\nL = -\\log p_{y}\n")
    report = run(tmp_bank, grader)
    assert failed(report) == {"statement.math"}
    assert "display math `$$` opened on line" in report.item("statement.math").message
    assert "never closed" in report.item("statement.math").message


def test_unbalanced_braces_in_math(tmp_bank: Path, grader: Grader) -> None:
    append(folder(tmp_bank) / "statement.md", "\nWith $\\frac{1}{N$ in front.\n")
    report = run(tmp_bank, grader)
    assert failed(report) == {"statement.math"}
    assert "`{` never closed" in report.item("statement.math").message


def test_statement_without_the_signature(tmp_bank: Path, grader: Grader) -> None:
    path = folder(tmp_bank) / "statement.md"
    path.write_text(path.read_text().replace("def row_softmax(x: np.ndarray) -> np.ndarray", "")
                    .replace("`x`", "the input"))
    report = run(tmp_bank, grader)
    assert failed(report) == {"statement.signature"}
    msg = report.item("statement.signature").message
    assert "`def row_softmax(`" in msg


def test_over_tight_tolerance_fails_the_float32_variant(tmp_bank: Path, grader: Grader) -> None:
    edit(folder(tmp_bank) / "problem.toml", "rtol = 1e-5\natol = 1e-7", "rtol = 0.0\natol = 0.0")
    report = run(tmp_bank, grader)
    assert "tolerances" in failed(report)
    assert {"reference.accepted", "mutants.rejected"}.isdisjoint(failed(report))
    msg = report.item("tolerances").message
    assert "variant 'float32' is rejected" in msg and "too tight" in msg and "rtol=0" in msg


def test_mutant_without_hint(tmp_bank: Path, grader: Grader) -> None:
    edit(folder(tmp_bank) / "mutants.py",
         'hint="You normalise columns: reduce along axis=1, not axis=0."', 'hint="  "')
    report = run(tmp_bank, grader)
    assert failed(report) == {"mutants.present"}
    assert "without a hint: columns" in report.item("mutants.present").message


def test_no_mutants(tmp_bank: Path, grader: Grader) -> None:
    (folder(tmp_bank) / "mutants.py").unlink()
    report = run(tmp_bank, grader)
    assert failed(report) == {"mutants.present"}
    assert report.item("mutants.rejected").status == "skip"


def test_mutant_that_cannot_run_in_the_sandbox(tmp_bank: Path, grader: Grader) -> None:
    # pydantic imports fine here, but the jail offers only the standard library and numpy:
    # a mutant that never loads must not count as rejected.
    edit(folder(tmp_bank) / "mutants.py", "import numpy as np\n",
         "import numpy as np\nimport pydantic  # noqa\n")
    report = run(tmp_bank, grader)
    assert failed(report) == {"mutants.rejected"}
    msg = report.item("mutants.rejected").message
    assert "do not run in the sandbox" in msg and "pydantic" in msg


def test_accepted_starter(tmp_bank: Path, grader: Grader) -> None:
    shutil.copy(tmp_bank / "reference" / f"{SLUG}.py", folder(tmp_bank) / "starter.py")
    report = run(tmp_bank, grader)
    assert failed(report) == {"starter"}
    assert "accepted as it is" in report.item("starter").message


def test_starter_with_other_parameters(tmp_bank: Path, grader: Grader) -> None:
    edit(folder(tmp_bank) / "starter.py", "def row_softmax(x: np.ndarray)", "def row_softmax(logits)")
    report = run(tmp_bank, grader)
    assert failed(report) == {"starter"}
    assert "does not match the signature" in report.item("starter").message


def test_group_without_tests(tmp_bank: Path, grader: Grader) -> None:
    append(folder(tmp_bank) / "problem.toml", '\n[[groups]]\nname = "bonus"\npoints = 10\n')
    edit(folder(tmp_bank) / "problem.toml", "points = 40", "points = 30")
    report = run(tmp_bank, grader)
    assert "tests" in failed(report)
    assert "bonus have no tests" in report.item("tests").message


def test_reference_over_the_time_limit(tmp_bank: Path, grader: Grader) -> None:
    edit(tmp_bank / "reference" / f"{SLUG}.py", "    e = np.exp(",
         "    if x.size > 100000:\n        import time\n        time.sleep(0.3)\n    e = np.exp(")
    edit(folder(tmp_bank) / "problem.toml", "time_per_test_s = 2.0", "time_per_test_s = 0.25")
    report = run(tmp_bank, grader, extra=0)
    assert {"reference.accepted", "time-limit"} <= failed(report)
    assert "exceeds the 250 ms per-test limit in group 'scale'" in report.item("time-limit").message


def test_todo_markers_are_reported_per_file(tmp_bank: Path, grader: Grader) -> None:
    append(folder(tmp_bank) / "statement.md", "\nTODO: explain the edge cases.\n")
    append(tmp_bank / "reference" / f"{SLUG}.py", "# TODO: tidy up\n")
    report = run(tmp_bank, grader)
    assert failed(report) == {"todo:statement.md", "todo:reference"}
    assert report.item("todo:statement.md").message.startswith("TODO left in statement.md (line ")
    assert "TODO left in reference/row-softmax.py" in report.item("todo:reference").message


def test_unloadable_tests_file(tmp_bank: Path, grader: Grader) -> None:
    append(folder(tmp_bank) / "tests.py", "\ndef broken(:\n")
    report = run(tmp_bank, grader)
    assert failed(report) == {"load"}
    assert "cannot import problem code: SyntaxError" in report.item("load").message
    assert report.item("reference.accepted").status == "skip"
    assert report.item("hints").status == "ok"
