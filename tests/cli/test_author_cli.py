"""`judge new / check / export / import` through the real command line (Typer, in-process)."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from cli_support import FIXTURE_BANK, REPO, SLUG, copy_bank, judge, judge_json

from judge.catalog import list_slugs

sandbox = pytest.mark.skipif(os.geteuid() != 0, reason="the sandbox needs root")
REPO_PROBLEMS = ["higher-order-functions", "softmax-cross-entropy-gradient"]


@sandbox
def test_check_all_passes_on_the_repository_problems() -> None:
    present = list_slugs(REPO)
    missing = [s for s in REPO_PROBLEMS if s not in present]
    assert not missing, f"repository problems missing: {missing}"
    code, out = judge_json("check", "--all", "--bank", REPO)
    bad = {p["slug"]: [i for i in p["items"] if not i["ok"] and i["status"] == "fail"]
           for p in out["problems"] if not p["ok"]}
    assert code == 0 and out["ok"], bad
    assert {p["slug"] for p in out["problems"]} == set(present)
    assert out["summary"] == {"problems": len(present), "passed": len(present), "failed": 0}


@sandbox
def test_check_report_and_exit_code(tmp_path: Path) -> None:
    bank = copy_bank(tmp_path / "bank")
    code, out = judge_json("check", SLUG, "--bank", bank, "--seeds", "1")
    assert code == 0
    assert set(out) == {"ok", "bank", "extra_seeds", "summary", "problems"}
    assert out["extra_seeds"] == 1
    (rep,) = out["problems"]
    assert set(rep) == {"slug", "ok", "failed", "time_ms", "items"}
    assert all(set(i) == {"name", "ok", "status", "message", "details"} for i in rep["items"])

    # break it: one hint only -> exit 1, the report names the item
    toml = bank / "problems" / SLUG / "problem.toml"
    text = toml.read_text()
    start = text.index("hints = [")
    toml.write_text(text[:start] + 'hints = ["just one"]\n' + text[text.index("]\n", start) + 2:])
    result = judge("check", SLUG, "--bank", bank, "--seeds", "0")
    assert result.exit_code == 1
    assert "hints" in result.stdout and "1 hint in problem.toml" in result.stdout
    assert "0/1 problems sound" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["check"], "name at least one problem, or use --all"),
    (["check", "no-such-problem"], "no such problem"),
    (["check", SLUG, "--all"], "not both"),
])
def test_check_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    bank = copy_bank(tmp_path / "bank")
    result = judge(*args, "--bank", bank)
    assert result.exit_code == 2
    assert message in result.output


@sandbox
def test_new_then_check_fails_only_on_todos_then_passes_once_filled(tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    code, out = judge_json("new", SLUG, "--bank", bank, "--collection", "Test fixtures",
                           "--difficulty", "medium")
    assert code == 0 and out["ok"]
    folder = bank / "problems" / SLUG
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["problem.toml", "statement.md", "starter.py", "tests.py", "mutants.py", "variants.py"])
    assert (bank / "reference" / f"{SLUG}.py").is_file()
    assert 'difficulty = "medium"' in (folder / "problem.toml").read_text()

    code, out = judge_json("check", SLUG, "--bank", bank, "--seeds", "1")
    assert code == 1
    (rep,) = out["problems"]
    failing = [i for i in rep["items"] if i["status"] != "ok"]
    assert failing, "a fresh scaffold must not pass"
    assert all(i["name"].startswith("todo:") and i["message"].startswith("TODO left in ") for i in failing), \
        failing
    assert {i["name"] for i in failing} == {"todo:problem.toml", "todo:statement.md", "todo:tests.py",
                                            "todo:mutants.py", "todo:variants.py", "todo:reference"}

    # fill every TODO with a small real problem (the fixture's row softmax)
    src = FIXTURE_BANK / "problems" / SLUG
    for f in src.iterdir():
        if f.is_file():
            shutil.copy(f, folder / f.name)
    shutil.copy(FIXTURE_BANK / "reference" / f"{SLUG}.py", bank / "reference" / f"{SLUG}.py")
    code, out = judge_json("check", SLUG, "--bank", bank, "--seeds", "1")
    assert code == 0, [i for i in out["problems"][0]["items"] if not i["ok"]]


def test_new_refuses_bad_or_existing_slugs(tmp_path: Path) -> None:
    bank = copy_bank(tmp_path / "bank")
    result = judge("new", SLUG, "--bank", bank)
    assert result.exit_code == 2 and "already exists" in result.output
    result = judge("new", "Bad_Slug", "--bank", bank)
    assert result.exit_code == 2 and "invalid slug" in result.output
    result = judge("new", "fine-slug", "--difficulty", "brutal", "--bank", bank)
    assert result.exit_code == 2 and "invalid difficulty" in result.output


def test_export_import_round_trip(tmp_path: Path) -> None:
    bank = copy_bank(tmp_path / "bank")
    zpath = tmp_path / "out" / "p.zip"
    code, out = judge_json("export", SLUG, "-o", zpath, "--bank", bank)
    assert code == 0 and out["output"] == str(zpath) and zpath.is_file()
    assert f"reference/{SLUG}.py" in out["files"]

    other = tmp_path / "other"
    code, out = judge_json("import", zpath, "--bank", other)
    assert code == 0 and out == {"ok": True, "slug": SLUG, "installed": str(other / "problems" / SLUG),
                                 "replaced": False}
    for f in (bank / "problems" / SLUG).iterdir():
        assert (other / "problems" / SLUG / f.name).read_bytes() == f.read_bytes()

    result = judge("import", zpath, "--bank", other)
    assert result.exit_code == 2 and "already exists" in result.output and "--force" in result.output
    code, out = judge_json("import", zpath, "--bank", other, "--force")
    assert code == 0 and out["replaced"] is True


def test_import_rejects_path_traversal(tmp_path: Path) -> None:
    bank = copy_bank(tmp_path / "bank")
    zpath = tmp_path / "p.zip"
    assert judge("export", SLUG, "-o", zpath, "--bank", bank).exit_code == 0
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(zpath) as src, zipfile.ZipFile(evil, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("../../escaped.py", "print('pwned')\n")
    target = tmp_path / "target"
    result = judge("import", evil, "--bank", target)
    assert result.exit_code == 2
    assert "path traversal" in result.output
    assert not (target / "problems").exists()
    assert not (tmp_path / "escaped.py").exists() and not Path("escaped.py").exists()

    result = judge("import", tmp_path / "missing.zip", "--bank", target)
    assert result.exit_code == 2 and "cannot read" in result.output
    garbage = tmp_path / "garbage.zip"
    garbage.write_bytes(io.BytesIO(b"nope").getvalue())
    assert judge("import", garbage, "--bank", target).exit_code == 2


@sandbox
def test_import_with_check_refuses_an_unsound_problem(tmp_path: Path) -> None:
    bank = copy_bank(tmp_path / "bank")
    mutants = bank / "problems" / SLUG / "mutants.py"
    mutants.write_text(mutants.read_text() + '''

@mutant("identical", hint="secretly right")
def identical(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)
''')
    zpath = tmp_path / "p.zip"
    assert judge("export", SLUG, "-o", zpath, "--bank", bank).exit_code == 0
    target = tmp_path / "target"
    code, out = judge_json("import", zpath, "--bank", target, "--check", "--seeds", "0")
    assert code == 1 and out["installed"] is False
    assert out["report"]["failed"] == ["mutants.rejected"]
    assert not (target / "problems" / SLUG).exists()
