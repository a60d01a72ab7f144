import numpy as np
import pytest

from judge.grading.checkers.properties import PROPERTIES, check_properties

Z = np.random.default_rng(0).normal(size=(4, 3))
Y = np.array([0, 2, 1, 1])


def softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def naive_softmax(z):
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def ce_grad(z, y):
    p = softmax(z)
    p[np.arange(len(y)), y] -= 1
    return p / len(y)


SOFTMAX_PROPS = ["nonnegative", {"name": "rows_sum_to", "value": 1.0}, "shape_like_input",
                 {"name": "in_range", "lo": 0.0, "hi": 1.0}, "shift_invariant"]


def ctx_(make_ctx, props, expected=None, args=None, fn=None, **kw):
    call = (lambda a: fn(*a)) if fn is not None else None
    return make_ctx(expected, name="property", args=[Z] if args is None else args, call=call,
                    properties=props, **kw)


def test_registry_has_the_documented_properties():
    documented = {"rows_sum_to", "nonnegative", "in_range", "shape_like_input", "shift_invariant"}
    assert documented <= set(PROPERTIES)


def test_softmax_passes(make_ctx):
    r = check_properties(softmax(Z), ctx_(make_ctx, SOFTMAX_PROPS, fn=softmax))
    assert r.ok and r.details == {}


def test_rows_not_summing_to_one(make_ctx):
    got = softmax(Z)
    got[2] *= 0.5
    r = check_properties(got, ctx_(make_ctx, SOFTMAX_PROPS, fn=softmax))
    assert (r.ok, r.stage) == (False, "property")
    assert r.details["property"] == "rows_sum_to"
    assert "rows must sum to 1; row 2 does not (1 of 4 rows are off)" in r.message


def test_ce_gradient_rows_sum_to_zero_with_reason(make_ctx):
    why = "the gradient of a softmax CE w.r.t. the logits sums to zero per row"
    props = [{"name": "rows_sum_to", "value": 0.0, "why": why}]
    assert check_properties(ce_grad(Z, Y), ctx_(make_ctx, props, args=[Z, Y])).ok
    got = ce_grad(Z, Y)
    got[3, 0] += 0.25
    hidden = check_properties(got, ctx_(make_ctx, props, args=[Z, Y]))
    public = check_properties(got, ctx_(make_ctx, props, args=[Z, Y], public=True))
    assert hidden.message == f"rows must sum to 0 ({why}); row 3 does not (1 of 4 rows are off)"
    assert public.message.startswith(f"rows must sum to 0 ({why}); row 3 sums to 0.25")


def test_params_from_options_table_and_flat_options(make_ctx):
    got = ce_grad(Z, Y)
    ctx = make_ctx(None, name="property", args=[Z, Y], properties=["rows_sum_to"],
                   rows_sum_to={"value": 0.0})
    assert check_properties(got, ctx).ok
    ctx = make_ctx(None, name="property", args=[Z], properties=["in_range"], lo=-1.0, hi=0.0)
    r = check_properties(got, ctx)
    assert r.details["property"] == "in_range" and "values must lie in [-1, 0]" in r.message


def test_1d_sum(make_ctx):
    p = softmax(Z[0])
    assert check_properties(p, ctx_(make_ctx, ["rows_sum_to"])).ok
    r = check_properties(p * 2, ctx_(make_ctx, ["rows_sum_to"], public=True))
    assert "the values must sum to 1" in r.message and "they sum to 2" in r.message


def test_nonnegative(make_ctx):
    got = softmax(Z)
    got[1, 2] = -0.125
    r = check_properties(got, ctx_(make_ctx, ["nonnegative"], public=True))
    assert (r.stage, r.details["property"]) == ("property", "nonnegative")
    assert "1 value is negative, first at index (1, 2) (-0.125)" in r.message
    r = check_properties(got, ctx_(make_ctx, ["nonnegative"]))
    assert "-0.125" not in r.message


def test_in_range(make_ctx):
    got = np.array([0.0, 0.5, 1.5])
    r = check_properties(got, ctx_(make_ctx, [{"name": "in_range", "lo": 0, "hi": 1}], public=True))
    assert r.details["property"] == "in_range" and "[2]" in r.message and "1.5" in r.message


def test_shape_like_input(make_ctx):
    r = check_properties(softmax(Z).T.copy(), ctx_(make_ctx, ["shape_like_input"]))
    assert r.details["property"] == "shape_like_input"
    assert "same shape as the first argument" in r.message and "transposed" in r.message
    r = check_properties(np.zeros(3), ctx_(make_ctx, [{"name": "shape_like_input", "arg": 1}],
                                           args=[Z, Y]))
    assert "second argument" in r.message and "(4,)" in r.message


def test_shift_invariance_catches_unstable_softmax(make_ctx):
    props = [{"name": "shift_invariant", "shift": 1000.0}]
    assert check_properties(softmax(Z), ctx_(make_ctx, props, fn=softmax)).ok
    with np.errstate(all="ignore"):
        r = check_properties(naive_softmax(Z), ctx_(make_ctx, props, fn=naive_softmax))
    assert (r.stage, r.details["property"]) == ("property", "shift_invariant")
    assert "non-finite" in r.message and "adding 1000" in r.message


def test_shift_invariance_catches_a_changed_result(make_ctx):
    def not_invariant(z):
        return softmax(z) * (1 + 0 * z) + 0.01 * z.mean()

    r = check_properties(not_invariant(Z), ctx_(make_ctx, ["shift_invariant"], fn=not_invariant))
    assert r.details["property"] == "shift_invariant" and "changed 12 of 12 values" in r.message


def test_shift_invariance_reports_a_crash(make_ctx):
    def crash(z):
        raise ValueError("boom")

    r = check_properties(softmax(Z), ctx_(make_ctx, ["shift_invariant"], fn=crash))
    assert r.details["property"] == "shift_invariant" and "raise ValueError" in r.message


def test_shift_invariance_skipped_without_call(make_ctx):
    r = check_properties(softmax(Z), ctx_(make_ctx, ["shift_invariant"]))
    assert r.ok and r.details["skipped"] == ["shift_invariant"]


def test_args_not_mutated_by_shift(make_ctx):
    z = Z.copy()
    check_properties(softmax(z), ctx_(make_ctx, ["shift_invariant"], args=[z], fn=softmax))
    assert np.array_equal(z, Z)


def test_also_compare(make_ctx):
    props = ["rows_sum_to"]
    exp = softmax(Z)
    assert check_properties(exp.copy(), ctx_(make_ctx, props, expected=exp, also_compare=True)).ok
    wrong = softmax(2 * Z)  # a distribution, just not the right one
    assert check_properties(wrong, ctx_(make_ctx, props, expected=exp)).ok
    r = check_properties(wrong, ctx_(make_ctx, props, expected=exp, also_compare=True))
    assert (r.ok, r.stage) == (False, "values")


def test_structure_stages(make_ctx):
    assert check_properties(None, ctx_(make_ctx, ["nonnegative"])).stage == "none"
    r = check_properties([[0.5, 0.5]], ctx_(make_ctx, ["nonnegative"]))
    assert r.stage == "type" and "np.asarray" in r.message
    got = softmax(Z)
    got[0, 1] = np.nan
    r = check_properties(got, ctx_(make_ctx, ["nonnegative"]))
    assert (r.stage, r.ok) == ("finite", False) and "NaN" in r.message and "(0, 1)" in r.message
    assert check_properties(0.5, ctx_(make_ctx, [{"name": "in_range", "lo": 0, "hi": 1}])).ok


def test_values_hidden_unless_public(make_ctx):
    got = np.array([[12345.678, 1.0]])
    hidden = check_properties(got, ctx_(make_ctx, ["rows_sum_to"]))
    public = check_properties(got, ctx_(make_ctx, ["rows_sum_to"], public=True))
    assert "12346.7" not in hidden.message and "12346.7" in public.message
    hidden = check_properties(-got, ctx_(make_ctx, ["nonnegative"]))
    public = check_properties(-got, ctx_(make_ctx, ["nonnegative"], public=True))
    assert "12345.7" not in hidden.message and "12345.7" in public.message


def test_configuration_errors(make_ctx):
    with pytest.raises(KeyError, match="unknown property 'sums_to_one'"):
        check_properties(softmax(Z), ctx_(make_ctx, ["sums_to_one"]))
    with pytest.raises(ValueError, match="properties is required"):
        check_properties(softmax(Z), make_ctx(None, name="property", args=[Z]))
