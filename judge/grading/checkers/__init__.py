"""Checkers, one small module each, looked up by the name a problem's metadata gives."""

from __future__ import annotations

from judge.grading.checkers.base import CheckContext, Checker, CheckResult
from judge.grading.checkers.exact import check_exact
from judge.grading.checkers.gradient import check_gradient
from judge.grading.checkers.labels import check_up_to_permutation_labels
from judge.grading.checkers.properties import check_properties
from judge.grading.checkers.sign import check_up_to_sign
from judge.grading.checkers.staged import check_array, check_numeric
from judge.grading.checkers.unordered import check_unordered

CHECKERS: dict[str, Checker] = {
    "exact": check_exact,
    "staged": check_numeric,
    "numeric": check_numeric,
    "allclose": check_numeric,
    "array": check_array,
    "unordered": check_unordered,
    "up_to_sign": check_up_to_sign,
    "up_to_permutation_labels": check_up_to_permutation_labels,
    "property": check_properties,
    "gradient": check_gradient,
}


def get_checker(name: str) -> Checker:
    try:
        return CHECKERS[name]
    except KeyError:
        raise KeyError(f"unknown checker {name!r}; known: {', '.join(sorted(CHECKERS))}") from None


__all__ = ["CHECKERS", "CheckContext", "CheckResult", "Checker", "get_checker"]
