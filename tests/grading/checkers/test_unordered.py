import numpy as np
import pytest

from judge.grading.checkers.unordered import check_unordered

ROWS = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]])


def ctx_(make_ctx, exp, **kw):
    return make_ctx(exp, name="unordered", **kw)


def test_rows_in_any_order_pass(make_ctx):
    assert check_unordered(ROWS[[2, 0, 3, 1]], ctx_(make_ctx, ROWS)).ok
    assert check_unordered(ROWS.copy(), ctx_(make_ctx, ROWS)).ok
    assert check_unordered(ROWS[[1, 0, 3, 2]] + 1e-10, ctx_(make_ctx, ROWS)).ok


def test_rows_are_kept_whole(make_ctx):
    # Sorting each column independently is not a permutation of the rows.
    got = np.array([[1.0, 4.0], [3.0, 2.0], [5.0, 6.0], [7.0, 8.0]])
    r = check_unordered(got, ctx_(make_ctx, ROWS))
    assert (r.ok, r.stage) == (False, "values")
    assert "2 of 4 expected rows have no match" in r.message
    assert "expected rows 0, 1" in r.message and "your rows 0, 1" in r.message


def test_values_1d(make_ctx):
    exp = np.array([3, 1, 2, 2])
    assert check_unordered(np.array([2, 2, 1, 3]), ctx_(make_ctx, exp)).ok
    r = check_unordered(np.array([2, 1, 1, 3]), ctx_(make_ctx, exp))
    assert r.stage == "values" and "1 of 4 expected values has no match" in r.message


def test_columns_with_axis_1(make_ctx):
    exp = ROWS.T.copy()  # (2, 4): items are columns
    got = exp[:, [3, 1, 0, 2]]
    assert check_unordered(got, ctx_(make_ctx, exp, axis=1)).ok
    r = check_unordered(got, ctx_(make_ctx, exp, axis=0))
    assert not r.ok and "rows" in r.message


def test_wrong_shape(make_ctx):
    r = check_unordered(ROWS[:3], ctx_(make_ctx, ROWS))
    assert (r.ok, r.stage) == (False, "shape")
    r = check_unordered(ROWS.T.copy(), ctx_(make_ctx, ROWS))
    assert r.stage == "shape" and "transposed" in r.message


def test_nan_and_type_and_none(make_ctx):
    got = ROWS[[1, 0, 2, 3]].copy()
    got[2, 1] = np.nan
    r = check_unordered(got, ctx_(make_ctx, ROWS))
    assert (r.ok, r.stage) == (False, "finite") and "NaN" in r.message
    r = check_unordered(ROWS.tolist(), ctx_(make_ctx, ROWS))
    assert r.stage == "type"
    assert check_unordered(None, ctx_(make_ctx, ROWS)).stage == "none"


def test_lists_of_items(make_ctx):
    exp = [("cat", 2), ("dog", 1), ("eel", 5)]
    assert check_unordered([("eel", 5), ("cat", 2), ("dog", 1)], ctx_(make_ctx, exp)).ok
    r = check_unordered([("eel", 5), ("cat", 3), ("dog", 1)], ctx_(make_ctx, exp))
    assert (r.ok, r.stage) == (False, "values")
    assert "1 of 3 expected items has no match" in r.message and "expected item 0" in r.message
    assert "your item 1" in r.message


def test_lists_length_type_and_multiset(make_ctx):
    r = check_unordered([1, 2], ctx_(make_ctx, [1, 2, 3]))
    assert (r.stage, r.details["got_length"]) == ("length", 2)
    r = check_unordered(np.array([1, 2, 3]), ctx_(make_ctx, [1, 2, 3]))
    assert r.stage == "type" and ".tolist()" in r.message
    r = check_unordered([1, 1, 2], ctx_(make_ctx, [1, 2, 2]))
    assert r.stage == "values"
    assert check_unordered({3, 1, 2}, ctx_(make_ctx, [1, 2, 3])).ok


def test_list_floats_use_tolerance_and_a_full_matching(make_ctx):
    # 0.5 is close to both expected items; a greedy pairing would give it to 0.0 and strand 1.0.
    ctx = ctx_(make_ctx, [0.0, 1.0], rtol=0.0, atol=0.6)
    assert check_unordered([0.5, -0.5], ctx).ok
    assert check_unordered([1.0 + 1e-12, 0.0], ctx_(make_ctx, [0.0, 1.0])).ok


def test_values_hidden_unless_public(make_ctx):
    exp = np.array([[1.0, 2.0], [12345.678, 0.0]])
    got = np.array([[0.0, 0.0], [1.0, 2.0]])
    hidden = check_unordered(got, ctx_(make_ctx, exp))
    public = check_unordered(got, ctx_(make_ctx, exp, public=True))
    assert hidden.stage == public.stage == "values"
    assert "12345.678" not in hidden.message
    assert "12345.678" in public.message
    hidden = check_unordered([1.0, 2.0], ctx_(make_ctx, [12345.678, 2.0]))
    public = check_unordered([1.0, 2.0], ctx_(make_ctx, [12345.678, 2.0], public=True))
    assert "12345.678" not in hidden.message and "12345.678" in public.message


def test_bad_axis_is_an_author_error(make_ctx):
    with pytest.raises(ValueError, match="axis"):
        check_unordered(ROWS[::-1].copy(), ctx_(make_ctx, ROWS, axis=5))
