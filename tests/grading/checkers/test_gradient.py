import numpy as np
import pytest

from judge.grading.checkers.gradient import check_gradient, diagnose

RNG = np.random.default_rng(42)
N, C = 7, 5
Z = RNG.normal(size=(N, C))
Y = RNG.integers(0, C, size=N)


def ce_loss(z, y):
    z = z - z.max(axis=1, keepdims=True)
    return float(np.mean(np.log(np.exp(z).sum(axis=1)) - z[np.arange(len(y)), y]))


def ce_grad(z, y):
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(y)), y] -= 1
    return p / len(y)


G = ce_grad(Z, Y)


def ctx_(make_ctx, expected=G, args=None, loss=ce_loss, rtol=1e-5, atol=1e-8, **options):
    if loss is not None:
        options["loss_fn"] = loss
    return make_ctx(expected, name="gradient", args=[Z, Y] if args is None else args,
                    rtol=rtol, atol=atol, **options)


def test_correct_gradient_passes(make_ctx):
    r = check_gradient(G.copy(), ctx_(make_ctx))
    assert r.ok and r.details["probed"] == 20
    assert check_gradient(G.astype(np.float32), ctx_(make_ctx, rtol=1e-4, atol=1e-6)).ok


def test_passes_without_an_expected_value(make_ctx):
    assert check_gradient(G.copy(), ctx_(make_ctx, expected=None)).ok
    r = check_gradient(G[:, :3], ctx_(make_ctx, expected=None))
    assert r.stage == "shape"


def test_off_by_the_batch_size(make_ctx):
    r = check_gradient(G * N, ctx_(make_ctx))
    assert (r.ok, r.stage) == (False, "gradient")
    assert f"consistently {N}× the numerical gradient" in r.message
    assert "average over the batch" in r.message
    assert "relative error 6" in r.message
    assert r.details["ratio"] == pytest.approx(N, rel=1e-4)


def test_off_by_four(make_ctx):
    r = check_gradient(4 * G, ctx_(make_ctx))
    assert "consistently 4×" in r.message and "average over the batch" in r.message


def test_sign_flipped(make_ctx):
    r = check_gradient(-G, ctx_(make_ctx))
    assert (r.ok, r.stage) == (False, "gradient")
    assert "-1×" in r.message and "sign is flipped" in r.message


def test_sign_flipped_and_scaled(make_ctx):
    r = check_gradient(-3 * G, ctx_(make_ctx))
    assert "-3×" in r.message and "sign is flipped and a constant factor is off" in r.message


def test_divided_twice(make_ctx):
    r = check_gradient(G / N, ctx_(make_ctx))
    assert f"1/{N} of the numerical gradient" in r.message


def test_zero_gradient(make_ctx):
    r = check_gradient(np.zeros_like(G), ctx_(make_ctx))
    assert r.stage == "gradient" and "zero" in r.message


def test_gradient_of_a_different_function(make_ctx):
    # The gradient of a *sum of squares* loss instead of the cross-entropy.
    other = 2 * Z / N
    r = check_gradient(other, ctx_(make_ctx))
    assert (r.ok, r.stage) == (False, "gradient")
    assert "different function" in r.message
    assert "disagrees with the numerical gradient" in r.message
    assert r.details["ratio"] is None
    # Softmax probabilities without subtracting the one-hot labels.
    p = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True) / N
    r = check_gradient(p, ctx_(make_ctx))
    assert "different function" in r.message


def test_message_names_the_coordinates(make_ctx):
    got = G.copy()
    got[3, 2] += 0.5
    r = check_gradient(got, ctx_(make_ctx, samples=N * C))
    assert r.stage == "gradient"
    assert "at 1 of 35 probed coordinates ((3, 2))" in r.message
    assert "worst at (3, 2)" in r.message
    assert r.details["coords"] == [[3, 2]] and r.details["worst_index"] == [3, 2]


def test_structure_stages_come_first(make_ctx):
    assert check_gradient(None, ctx_(make_ctx)).stage == "none"
    assert check_gradient(G.tolist(), ctx_(make_ctx)).stage == "type"
    r = check_gradient(G.T.copy(), ctx_(make_ctx))
    assert r.stage == "shape" and "transposed" in r.message
    assert check_gradient(G.astype(np.int64), ctx_(make_ctx)).stage == "dtype"
    bad = G.copy()
    bad[0, 0] = np.nan
    r = check_gradient(bad, ctx_(make_ctx))
    assert (r.stage, r.ok) == ("finite", False) and "NaN" in r.message


def test_samples_bound_the_loss_calls_and_are_deterministic(make_ctx):
    calls = []

    def counting_loss(z, y):
        calls.append(1)
        return ce_loss(z, y)

    got = G.copy()
    got[1:, :] *= 2  # every row but the first is wrong
    r1 = check_gradient(got, ctx_(make_ctx, loss=counting_loss, samples=6))
    assert len(calls) == 12 and r1.details["probed"] == 6
    r2 = check_gradient(got, ctx_(make_ctx, loss=counting_loss, samples=6))
    assert r1.message == r2.message and r1.details["coords"] == r2.details["coords"]


def test_float64_on_copies(make_ctx):
    seen = []

    def loss(z, y):
        seen.append(z.dtype)
        z[...] = 0.0  # a careless loss that writes into its input must not affect the check
        return 0.0

    z32 = Z.astype(np.float32)
    before = z32.copy()
    ctx = make_ctx(np.zeros((N, C), np.float32), name="gradient", args=[z32, Y], loss_fn=loss,
                   samples=3)
    assert check_gradient(np.zeros((N, C), np.float32), ctx).ok
    assert set(seen) == {np.dtype(np.float64)}
    assert np.array_equal(z32, before)


def mse_loss(w, x, y):
    return float(np.mean((x @ w - y) ** 2))


def test_wrt_another_argument_and_a_missing_factor_two(make_ctx):
    x = RNG.normal(size=(10, 3))
    w = RNG.normal(size=3)
    y = RNG.normal(size=10)
    right = 2 * x.T @ (x @ w - y) / len(y)

    # The loss takes (w, x, y) but the learner's function takes (x, y, w): wrt=2 with a wrapper.
    def loss_xyw(x_, y_, w_):
        return mse_loss(w_, x_, y_)

    ctx = make_ctx(right, name="gradient", args=[x, y, w], loss_fn=loss_xyw, wrt=2, rtol=1e-5, atol=1e-8)
    assert check_gradient(right, ctx).ok
    r = check_gradient(right / 2, ctx)
    assert "1/2 of the numerical gradient" in r.message and "square" in r.message
    r = check_gradient(right * 2, ctx)
    assert "consistently 2×" in r.message and "1/2" in r.message


def test_scalar_argument(make_ctx):
    ctx = make_ctx(None, name="gradient", args=[3.0], loss_fn=lambda t: t ** 3, rtol=1e-5, atol=1e-8)
    assert check_gradient(27.0, ctx).ok
    r = check_gradient(9.0, ctx)
    assert r.stage == "gradient" and "derivative" in r.message and "1/3" in r.message


class FakeProblem:
    slug = "fake"

    def hook(self, name):
        if name != "loss":
            raise KeyError(name)
        return ce_loss


def test_loss_from_the_problem_hook(make_ctx):
    ctx = make_ctx(G, name="gradient", args=[Z, Y], problem=FakeProblem(), loss="loss", rtol=1e-5)
    assert check_gradient(G.copy(), ctx).ok
    assert "sign is flipped" in check_gradient(-G, ctx).message


def test_missing_loss_is_an_author_error(make_ctx):
    with pytest.raises(ValueError, match="options.loss"):
        check_gradient(G, make_ctx(G, name="gradient", args=[Z, Y]))
    with pytest.raises(ValueError, match="no problem"):
        check_gradient(G, make_ctx(G, name="gradient", args=[Z, Y], loss="loss"))


def test_values_hidden_unless_public(make_ctx):
    def loss(x):
        return float(12345.678 * x.sum())

    x = np.ones(3)
    got = np.full(3, 2.0)
    hidden = check_gradient(got, make_ctx(None, name="gradient", args=[x], loss_fn=loss))
    public = check_gradient(got, make_ctx(None, name="gradient", args=[x], loss_fn=loss, public=True))
    assert hidden.stage == public.stage == "gradient"
    assert "12345.6" not in hidden.message
    assert "12345.6" in public.message


def test_diagnose_needs_a_consistent_ratio():
    num = np.array([1.0, -2.0, 0.5, 0.0])
    assert "4×" in diagnose(4 * num, num, 1e-8)[0]
    assert "different function" in diagnose(num + np.array([0.0, 0.0, 0.0, 1.0]), num, 1e-8)[0]
    assert diagnose(num, num, 1e-8) == ("", 1.0)
