import numpy as np

from judge.grading.checkers.exact import check_exact, diff


def run(make_ctx, got, exp, public=False):
    return check_exact(got, make_ctx(exp, name="exact", public=public))


def test_pass_nested(make_ctx):
    exp = {"a": [1, 2, {"b": (3, "x")}], "c": None, "d": 2.5, "e": True, "f": {1, 2}}
    got = {"c": None, "a": [1, 2, {"b": (3, "x")}], "d": 2.5, "e": True, "f": {2, 1}}
    assert run(make_ctx, got, exp).ok


def test_diff_signature_returns_none_when_equal():
    assert diff([1, {"a": 2}], [1, {"a": 2}], [], False) is None
    r = diff([1, {"a": 3}], [1, {"a": 2}], [], True)
    assert r is not None and "result[1]['a']" in r.message


def test_none(make_ctx):
    r = run(make_ctx, None, [1])
    assert (r.ok, r.stage) == (False, "none")
    r = run(make_ctx, {"a": None}, {"a": 1})
    assert r.stage == "none" and "result['a']" in r.message


def test_missing_key(make_ctx):
    r = run(make_ctx, {"a": 1}, {"a": 1, "b": 2})
    assert (r.ok, r.stage) == (False, "structure")
    assert "missing key 'b'" in r.message
    assert r.details["missing"] == ["'b'"] and r.details["extra"] == []


def test_extra_key(make_ctx):
    r = run(make_ctx, {"a": 1, "z": 0}, {"a": 1})
    assert r.stage == "structure"
    assert "unexpected key 'z'" in r.message and "missing" not in r.message


def test_missing_and_extra_key_names_both_and_spelling(make_ctx):
    r = run(make_ctx, {"Loss": 1}, {"loss": 1})
    assert "missing key 'loss'" in r.message and "unexpected key 'Loss'" in r.message
    assert "spelling" in r.message


def test_key_type_mismatch(make_ctx):
    r = run(make_ctx, {"1": "a"}, {1: "a"})
    assert r.stage == "structure"
    assert "should be an int, not a str" in r.message


def test_nested_path(make_ctx):
    exp = {"layers": [{"w": 1}, {"w": 2}]}
    got = {"layers": [{"w": 1}, {"w": 3}]}
    r = run(make_ctx, got, exp)
    assert (r.ok, r.stage) == (False, "values")
    assert r.message.startswith("result['layers'][1]['w']: wrong value")
    assert r.details["path"] == "result['layers'][1]['w']"


def test_nested_missing_key_path(make_ctx):
    r = run(make_ctx, {"a": [{"x": 1}]}, {"a": [{"x": 1, "y": 2}]})
    assert r.message.startswith("result['a'][0]: missing key 'y'")


def test_tuple_vs_list(make_ctx):
    r = run(make_ctx, [1, 2], (1, 2))
    assert (r.ok, r.stage) == (False, "type")
    assert "expected a tuple, got a list" in r.message
    r = run(make_ctx, {"k": (1, 2)}, {"k": [1, 2]})
    assert r.stage == "type"
    assert "result['k']: expected a list, got a tuple" in r.message


def test_array_instead_of_list(make_ctx):
    r = run(make_ctx, np.array([1, 2]), [1, 2])
    assert r.stage == "type" and ".tolist()" in r.message


def test_length(make_ctx):
    r = run(make_ctx, {"a": [1, 2]}, {"a": [1, 2, 3]})
    assert (r.stage, r.details["path"]) == ("length", "result['a']")
    assert "expected 3 items, got 2" in r.message


def test_int_vs_float(make_ctx):
    r = run(make_ctx, [2.0], [2])
    assert (r.ok, r.stage) == (False, "type")
    assert "result[0]: expected an int, got a float" in r.message and "//" in r.message
    # An int of the same value where a float is expected is accepted.
    assert run(make_ctx, [2], [2.0]).ok


def test_bool_vs_int(make_ctx):
    r = run(make_ctx, {"n": True}, {"n": 1})
    assert r.stage == "type" and "result['n']: expected an int, got a bool" in r.message
    r = run(make_ctx, {"ok": 1}, {"ok": True})
    assert r.stage == "type" and "result['ok']: expected a bool, got an int" in r.message
    r = run(make_ctx, [False], [0.0])
    assert r.stage == "type" and "expected a float, got a bool" in r.message
    assert run(make_ctx, [np.bool_(True)], [True]).ok
    r = run(make_ctx, [False], [True], public=True)
    assert r.stage == "values" and "expected True, got False" in r.message


def test_numpy_scalars_accepted(make_ctx):
    assert run(make_ctx, [np.int64(3), np.float64(0.5)], [3, 0.5]).ok


def test_nan_equals_nan(make_ctx):
    assert run(make_ctx, [float("nan")], [float("nan")]).ok


def test_strings(make_ctx):
    r = run(make_ctx, {"s": "Hello"}, {"s": "hello"})
    assert r.stage == "values" and "case" in r.message
    r = run(make_ctx, "a ", "a")
    assert "whitespace" in r.message
    r = run(make_ctx, b"a", "a")
    assert r.stage == "type"


def test_expected_none(make_ctx):
    assert run(make_ctx, None, None).ok
    r = run(make_ctx, 0, None)
    assert r.stage == "type" and "expected None" in r.message


def test_array_inside_structure(make_ctx):
    exp = {"w": np.array([1.0, 2.0])}
    assert run(make_ctx, {"w": np.array([1.0, 2.0])}, exp).ok
    r = run(make_ctx, {"w": np.array([1.0, 3.0])}, exp)
    assert r.stage == "values" and "result['w']" in r.message and "[1]" in r.message
    r = run(make_ctx, {"w": np.array([1.0])}, exp)
    assert r.stage == "shape"
    r = run(make_ctx, {"w": [1.0, 2.0]}, exp)
    assert r.stage == "type" and "np.asarray" in r.message


def test_sets(make_ctx):
    r = run(make_ctx, {1, 2, 4}, {1, 2, 3})
    assert r.stage == "values" and "1 expected element is missing" in r.message


def test_values_hidden_unless_public(make_ctx):
    exp = {"x": [1, 12345.678]}
    got = {"x": [1, 2.0]}
    hidden = run(make_ctx, got, exp, public=False)
    public = run(make_ctx, got, exp, public=True)
    assert hidden.stage == public.stage == "values"
    assert "result['x'][1]" in hidden.message
    assert "12345.678" not in hidden.message
    assert "12345.678" in public.message
    r_hidden = run(make_ctx, {12345.678, 1.0}, {12345.678, 2.0}, public=False)
    assert "12345.678" not in r_hidden.message and "2.0" not in r_hidden.message
