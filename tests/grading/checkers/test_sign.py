import numpy as np
import pytest

from judge.grading.checkers.sign import check_up_to_sign
from judge.grading.checkers.staged import check_array


@pytest.fixture
def eig():
    rng = np.random.default_rng(7)
    a = rng.normal(size=(5, 5))
    _, vecs = np.linalg.eigh(a + a.T)
    return vecs


def ctx_(make_ctx, exp, **kw):
    return make_ctx(exp, name="up_to_sign", **kw)


def test_flipped_columns_pass(eig, make_ctx):
    got = eig * np.array([1, -1, -1, 1, -1])
    r = check_up_to_sign(got, ctx_(make_ctx, eig))
    assert r.ok and r.details["flipped"] == 3
    # ... which the plain staged checker would reject.
    assert check_array(got, make_ctx(eig)).stage == "values"
    assert check_up_to_sign(eig.copy(), ctx_(make_ctx, eig)).ok


def test_whole_vector_1d(eig, make_ctx):
    v = eig[:, 0].copy()
    assert check_up_to_sign(-v, ctx_(make_ctx, v)).ok
    got = v.copy()
    got[0] = -got[0]
    r = check_up_to_sign(got, ctx_(make_ctx, v))
    assert (r.ok, r.stage) == (False, "values")
    assert "the whole result to be multiplied by -1" in r.message


def test_partly_flipped_column_fails(eig, make_ctx):
    got = eig.copy()
    got[:2, 3] *= -1  # a sign error inside column 3, not a whole-column flip
    r = check_up_to_sign(got, ctx_(make_ctx, eig, public=True))
    assert (r.ok, r.stage) == (False, "values")
    assert "each column to be multiplied by -1" in r.message and "column 3" in r.message
    assert r.details["worst_vector"] == 3


def test_rows_flipped_fail_when_columns_are_the_vectors(eig, make_ctx):
    got = eig * np.array([[1], [-1], [1], [1], [1]])  # row 1 negated
    r = check_up_to_sign(got, ctx_(make_ctx, eig))
    assert (r.ok, r.stage) == (False, "values")
    assert check_up_to_sign(got, ctx_(make_ctx, eig, axis=0)).ok


def test_axis_all_allows_only_one_sign(eig, make_ctx):
    assert check_up_to_sign(-eig, ctx_(make_ctx, eig, axis="all")).ok
    r = check_up_to_sign(eig * np.array([1, -1, 1, 1, 1]), ctx_(make_ctx, eig, axis="all"))
    assert r.stage == "values"


def test_structure_stages(eig, make_ctx):
    r = check_up_to_sign(eig[:, :4], ctx_(make_ctx, eig))
    assert (r.ok, r.stage) == (False, "shape")
    got = -eig
    got[2, 2] = np.nan
    r = check_up_to_sign(got, ctx_(make_ctx, eig))
    assert (r.ok, r.stage) == (False, "finite") and "NaN" in r.message
    assert check_up_to_sign(None, ctx_(make_ctx, eig)).stage == "none"
    assert check_up_to_sign(eig.tolist(), ctx_(make_ctx, eig)).stage == "type"
    assert check_up_to_sign(np.ones((5, 5), dtype=int), ctx_(make_ctx, eig)).stage == "dtype"


def test_tolerances_apply_after_alignment(eig, make_ctx):
    got = -eig + 1e-5
    assert not check_up_to_sign(got, ctx_(make_ctx, eig)).ok
    assert check_up_to_sign(got, ctx_(make_ctx, eig, rtol=0, atol=1e-4)).ok


def test_values_hidden_unless_public(make_ctx):
    exp = np.array([[12345.678, 1.0], [1.0, 2.0]])
    got = np.array([[-1.0, 1.0], [-1.0, 2.0]])
    hidden = check_up_to_sign(got, ctx_(make_ctx, exp))
    public = check_up_to_sign(got, ctx_(make_ctx, exp, public=True))
    assert hidden.stage == public.stage == "values"
    assert "12345.678" not in hidden.message
    assert "12345.678" in public.message
