"""Reads problem folders (Exercism style: plain files) into validated `Problem` objects.

A problem is `problems/<slug>/` with problem.toml, statement.md, starter.py,
tests.py (examples, fixed hidden cases, seeded generators) and optionally
mutants.py (known-wrong solutions) and variants.py (alternative correct ones);
its vectorized reference is `reference/<slug>.py`. All of it is trusted author
code and runs only in the trusted process.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from pydantic import ValidationError

from judge.catalog.models import ProblemMeta, TestCase

REQUIRED_FILES = ("problem.toml", "statement.md", "starter.py", "tests.py")


class ProblemError(ValueError):
    def __init__(self, slug: str, message: str) -> None:
        super().__init__(f"{slug}: {message}")
        self.slug = slug
        self.message = message


@dataclass(frozen=True)
class Mutant:
    name: str
    hint: str
    fn: Callable[..., Any]


@dataclass(frozen=True)
class Variant:
    """An alternative correct solution (variants.py, `@variant("name")`) that must be accepted."""

    name: str
    fn: Callable[..., Any]


def _load_module(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(name, None)
    return module


def _mod_name(kind: str, slug: str, version: str) -> str:
    return f"judge_bank_{kind}_{slug.replace('-', '_')}_{version[:12]}"


@dataclass
class Problem:
    meta: ProblemMeta
    folder: Path
    reference_path: Path
    statement: str
    starter: str
    version: str
    tests_module: ModuleType = field(repr=False)
    reference_module: ModuleType = field(repr=False)
    mutants_module: ModuleType | None = field(default=None, repr=False)
    variants_module: ModuleType | None = field(default=None, repr=False)

    @property
    def slug(self) -> str:
        return self.meta.slug

    @property
    def reference(self) -> Callable[..., Any]:
        fn = getattr(self.reference_module, self.meta.function, None)
        if not callable(fn):
            raise ProblemError(self.slug, f"reference does not define {self.meta.function}()")
        return fn  # type: ignore[no-any-return]

    @cached_property
    def reference_source(self) -> str:
        return self.reference_path.read_text()

    @cached_property
    def mutants(self) -> list[Mutant]:
        return [Mutant(tag[0], tag[1], fn) for tag, fn in _tagged(self.mutants_module, "__judge_mutant__")]

    @cached_property
    def variants(self) -> list[Variant]:
        return [Variant(str(tag), fn) for tag, fn in _tagged(self.variants_module, "__judge_variant__")]

    def hook(self, name: str) -> Callable[..., Any]:
        """A named helper from tests.py (a loss for gradient checks, a property, ...)."""
        fn = getattr(self.tests_module, name, None)
        if not callable(fn):
            raise ProblemError(self.slug, f"tests.py has no function {name!r}")
        return fn  # type: ignore[no-any-return]

    def examples(self) -> list[TestCase]:
        return self._cases("examples", public=True)

    def hidden(self, seeds: list[int] | None = None) -> list[TestCase]:
        cases = self._cases("cases", public=False)
        gen = getattr(self.tests_module, "generate", None)
        for seed in self.meta.tests.seeds if seeds is None else seeds:
            if gen is None:
                break
            for raw in gen(np.random.default_rng(seed)):
                tc = self._case(raw, public=False)
                cases.append(tc.model_copy(update={"name": f"{tc.name}@seed{seed}"}))
        return cases

    def tests(self, public_only: bool = False, seeds: list[int] | None = None) -> list[TestCase]:
        """Examples first, then hidden tests grouped in the order the groups are declared."""
        tests = self.examples() if public_only else self.examples() + self.hidden(seeds)
        order = {g.name: i for i, g in enumerate(self.meta.groups)}
        return sorted(tests, key=lambda t: order[t.group])

    def _cases(self, fn_name: str, public: bool) -> list[TestCase]:
        fn = getattr(self.tests_module, fn_name, None)
        if fn is None:
            return []
        return [self._case(raw, public) for raw in fn()]

    def _case(self, raw: dict[str, Any], public: bool) -> TestCase:
        raw = dict(raw)
        raw.setdefault("group", self.meta.groups[0].name)
        try:
            tc = TestCase(public=public, **raw)
        except ValidationError as exc:
            raise ProblemError(self.slug, f"bad test case {raw.get('name')!r}: {exc}") from exc
        if tc.group not in {g.name for g in self.meta.groups}:
            raise ProblemError(self.slug, f"test {tc.name!r} names unknown group {tc.group!r}")
        return tc


def _tagged(module: ModuleType | None, attr: str) -> list[tuple[Any, Callable[..., Any]]]:
    """Functions an author marked with a judge.catalog.authoring decorator, in file order."""
    if module is None:
        return []
    return [(getattr(v, attr), v) for v in vars(module).values()
            if callable(v) and getattr(v, attr, None) is not None]


def _version(files: list[Path]) -> str:
    h = hashlib.sha256()
    for f in files:
        if f.exists():
            h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def load_problem(bank: Path, slug: str) -> Problem:
    folder = bank / "problems" / slug
    if not folder.is_dir():
        raise ProblemError(slug, "no such problem folder")
    for name in REQUIRED_FILES:
        if not (folder / name).is_file():
            raise ProblemError(slug, f"missing {name}")
    try:
        raw = tomllib.loads((folder / "problem.toml").read_text())
        meta = ProblemMeta(**raw)
    except tomllib.TOMLDecodeError as exc:
        raise ProblemError(slug, f"problem.toml is not valid TOML: {exc}") from exc
    except ValidationError as exc:
        raise ProblemError(slug, f"problem.toml is invalid: {exc}") from exc
    if meta.slug != slug:
        raise ProblemError(slug, f"slug {meta.slug!r} does not match its folder name")
    ref = bank / "reference" / f"{slug}.py"
    if not ref.is_file():
        raise ProblemError(slug, f"missing reference/{slug}.py")
    files = [folder / n for n in sorted(os.listdir(folder)) if n.endswith((".py", ".toml", ".md"))]
    version = _version(files + [ref])
    try:
        tests_mod = _load_module(folder / "tests.py", _mod_name("tests", slug, version))
        ref_mod = _load_module(ref, _mod_name("reference", slug, version))
        mut_path = folder / "mutants.py"
        mut_mod = _load_module(mut_path, _mod_name("mutants", slug, version)) if mut_path.exists() else None
        var_path = folder / "variants.py"
        var_mod = _load_module(var_path, _mod_name("variants", slug, version)) if var_path.exists() else None
    except Exception as exc:  # noqa: BLE001 - author code: report, don't crash the service
        raise ProblemError(slug, f"cannot import problem code: {type(exc).__name__}: {exc}") from exc
    return Problem(
        meta=meta, folder=folder, reference_path=ref,
        statement=(folder / "statement.md").read_text(), starter=(folder / "starter.py").read_text(),
        version=version, tests_module=tests_mod, reference_module=ref_mod, mutants_module=mut_mod,
        variants_module=var_mod,
    )


def list_slugs(bank: Path) -> list[str]:
    root = bank / "problems"
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "problem.toml").is_file())


def load_bank(bank: Path) -> tuple[list[Problem], list[ProblemError]]:
    problems, errors = [], []
    for slug in list_slugs(bank):
        try:
            problems.append(load_problem(bank, slug))
        except ProblemError as exc:
            errors.append(exc)
    return problems, errors
