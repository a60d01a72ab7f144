import pytest

from judge.grading.checkers import CHECKERS, get_checker
from judge.grading.checkers.exact import check_exact
from judge.grading.checkers.gradient import check_gradient
from judge.grading.checkers.labels import check_up_to_permutation_labels
from judge.grading.checkers.properties import check_properties
from judge.grading.checkers.sign import check_up_to_sign
from judge.grading.checkers.staged import check_array, check_numeric
from judge.grading.checkers.unordered import check_unordered


def test_existing_names_still_registered():
    assert CHECKERS["exact"] is check_exact
    assert CHECKERS["staged"] is check_numeric
    assert CHECKERS["numeric"] is check_numeric
    assert CHECKERS["allclose"] is check_numeric
    assert CHECKERS["array"] is check_array


def test_new_checkers_registered():
    assert get_checker("unordered") is check_unordered
    assert get_checker("up_to_sign") is check_up_to_sign
    assert get_checker("up_to_permutation_labels") is check_up_to_permutation_labels
    assert get_checker("property") is check_properties
    assert get_checker("gradient") is check_gradient


def test_unknown_checker_lists_known_names():
    with pytest.raises(KeyError, match="unknown checker 'nope'.*gradient"):
        get_checker("nope")
