"""Reads and validates problem folders."""

from judge.catalog.bank import find_bank
from judge.catalog.loader import Mutant, Problem, ProblemError, list_slugs, load_bank, load_problem
from judge.catalog.models import ProblemMeta, TestCase

__all__ = ["Mutant", "Problem", "ProblemError", "ProblemMeta", "TestCase", "find_bank", "list_slugs",
           "load_bank", "load_problem"]
