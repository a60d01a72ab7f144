import numpy as np

from judge.grading.checkers.staged import check_array, check_numeric

E = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])


def test_pass_equal_and_within_tolerance(make_ctx):
    assert check_array(E.copy(), make_ctx(E)).ok
    assert check_array(E + 1e-9, make_ctx(E)).ok
    assert check_numeric(E.astype(np.float32), make_ctx(E, rtol=1e-6)).ok


def test_none(make_ctx):
    r = check_array(None, make_ctx(E))
    assert (r.ok, r.stage) == (False, "none")
    assert "return" in r.message


def test_list_is_a_type_error(make_ctx):
    r = check_array(E.tolist(), make_ctx(E))
    assert (r.ok, r.stage) == (False, "type")
    assert "np.asarray" in r.message


def test_wrong_shape(make_ctx):
    r = check_array(E[:, :2], make_ctx(E, public=True))
    assert (r.ok, r.stage) == (False, "shape")
    assert "(2, 3)" in r.message and "(2, 2)" in r.message


def test_transposed(make_ctx):
    r = check_array(E.T.copy(), make_ctx(E))
    assert r.stage == "shape"
    assert "transposed" in r.message


def test_missing_dimension(make_ctx):
    r = check_array(E.sum(axis=1), make_ctx(E.sum(axis=1, keepdims=True), public=True))
    assert r.stage == "shape"
    assert "(2,)" in r.message


def test_hidden_shape_reports_dimensions_only(make_ctx):
    # A learner-chosen empty shape would otherwise carry hidden data out: np.zeros((0, secret)).
    r = check_array(np.zeros((0, 987654)), make_ctx(E, public=False))
    assert r.stage == "shape"
    assert "987654" not in r.message and "987654" not in str(r.details)
    assert r.details == {"expected_ndim": 2, "got_ndim": 2}


def test_integer_dtype(make_ctx):
    r = check_array(E.astype(np.int64), make_ctx(E))
    assert (r.ok, r.stage) == (False, "dtype")
    assert "integer" in r.message


def test_nan(make_ctx):
    got = E.copy()
    got[1, 2] = np.nan
    r = check_array(got, make_ctx(E))
    assert (r.ok, r.stage) == (False, "finite")
    assert "NaN" in r.message and "(1, 2)" in r.message


def test_inf(make_ctx):
    got = E.copy()
    got[0, 0] = np.inf
    r = check_array(got, make_ctx(E))
    assert r.stage == "finite"
    assert "infinity" in r.message


def test_values_worst_index_and_errors(make_ctx):
    got = E.copy()
    got[1, 0] += 0.5
    r = check_array(got, make_ctx(E, public=True))
    assert (r.ok, r.stage) == (False, "values")
    assert "1 of 6 values differ" in r.message and "(1, 0)" in r.message
    assert r.details["worst_index"] == [1, 0]
    assert abs(r.details["max_abs_error"] - 0.5) < 1e-12


def test_hidden_errors_only_as_orders_of_magnitude(make_ctx):
    got = E.copy()
    got[1, 0] += 0.5
    r = check_array(got, make_ctx(E, public=False))
    assert (r.ok, r.stage) == (False, "values")
    assert "max_abs_error" not in r.details and r.details["max_abs_error_order"] == -1
    assert "~1e-1" in r.message and "0.5" not in r.message


def test_expected_values_hidden_unless_public(make_ctx):
    exp = np.array([1.0, 12345.678])
    got = np.array([1.0, 2.0])
    hidden = check_array(got, make_ctx(exp, public=False))
    public = check_array(got, make_ctx(exp, public=True))
    assert not hidden.ok and not public.ok
    assert "12345.678" not in hidden.message
    assert "12345.678" in public.message


def test_numeric_scalars(make_ctx):
    assert check_numeric(3.0, make_ctx(3.0)).ok
    assert check_numeric(np.float64(3.0), make_ctx(3.0)).ok
    assert check_numeric(np.array(3.0), make_ctx(3.0)).ok
    r = check_numeric(3.5, make_ctx(3.0))
    assert (r.ok, r.stage) == (False, "values")
    r = check_numeric(True, make_ctx(1.0))
    assert (r.ok, r.stage) == (False, "type")
    r = check_numeric("3.0", make_ctx(3.0))
    assert r.stage == "type"


def test_integer_arrays_compared_exactly(make_ctx):
    exp = np.array([1, 2, 3])
    assert check_array(np.array([1, 2, 3]), make_ctx(exp)).ok
    r = check_array(np.array([1, 2, 4]), make_ctx(exp, public=True))
    assert r.stage == "values" and "[2]" in r.message
