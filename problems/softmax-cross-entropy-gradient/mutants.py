"""Known-wrong solutions of softmax-cross-entropy-gradient and the hint each one earns."""

import numpy as np

from judge.catalog.authoring import mutant


def _onehot(labels, shape):
    oh = np.zeros(shape)
    oh[np.arange(shape[0]), np.asarray(labels)] = 1.0
    return oh


def _softmax_rows(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@mutant("no-max-shift",
        hint="Your softmax turns into NaN when logits are around 1000: exp(1000) overflows to inf "
             "(and exp(-1000) underflows to 0), so the ratio becomes inf/inf or 0/0. Subtracting "
             "each row's maximum from its logits first leaves the softmax unchanged and keeps exp "
             "in range.")
def naive_exp(logits, labels):
    z = np.asarray(logits, dtype=np.float64)
    with np.errstate(all="ignore"):
        e = np.exp(z)
        p = e / e.sum(axis=1, keepdims=True)
    return (p - _onehot(labels, z.shape)) / z.shape[0]


@mutant("log-sum-exp-without-shift",
        hint="You compute log(sum(exp(z))) directly: for logits around 1000 the sum overflows to "
             "inf, and for logits around -1000 it underflows to 0 (log gives -inf). The log-sum-exp "
             "trick only works once the row maximum m is pulled out: m + log(sum(exp(z - m))).")
def naive_log_sum_exp(logits, labels):
    z = np.asarray(logits, dtype=np.float64)
    with np.errstate(all="ignore"):
        lse = np.log(np.exp(z).sum(axis=1, keepdims=True))
        p = np.exp(z - lse)
    return (p - _onehot(labels, z.shape)) / z.shape[0]


@mutant("global-max-shift",
        hint="You subtract one maximum over the whole batch instead of each row's own maximum. "
             "When rows live on very different scales (one around 1000, another around -1000), "
             "the small rows underflow to all zeros and their softmax becomes 0/0. Use "
             "max(axis=1, keepdims=True).")
def global_max(logits, labels):
    z = np.asarray(logits, dtype=np.float64)
    with np.errstate(all="ignore"):
        e = np.exp(z - z.max())
        p = e / e.sum(axis=1, keepdims=True)
    return (p - _onehot(labels, z.shape)) / z.shape[0]


@mutant("sign-flipped",
        hint="Your gradient has the right magnitude but the wrong sign: you return one-hot minus "
             "softmax. The loss is the NEGATIVE log-probability of the true class, so its gradient is "
             "softmax minus one-hot (negative at the label, positive elsewhere).")
def sign_flipped(logits, labels):
    z = np.asarray(logits, dtype=np.float64)
    return (_onehot(labels, z.shape) - _softmax_rows(z)) / z.shape[0]


@mutant("missing-mean",
        hint="Your gradient is exactly N times too large: it is the gradient of the SUM of the "
             "per-sample losses. The loss is the mean over the batch, so divide by the number of "
             "samples N = logits.shape[0].")
def missing_mean(logits, labels):
    z = np.asarray(logits, dtype=np.float64)
    return _softmax_rows(z) - _onehot(labels, z.shape)


@mutant("softmax-over-samples",
        hint="Your softmax normalises over the wrong axis: each COLUMN of your probabilities sums to "
             "1 (axis=0, across samples), but each sample's ROW of class probabilities should. Take "
             "the max and the sum along axis=1.")
def softmax_axis0(logits, labels):
    z = np.asarray(logits, dtype=np.float64)
    e = np.exp(z - z.max(axis=0, keepdims=True))
    p = e / e.sum(axis=0, keepdims=True)
    return (p - _onehot(labels, z.shape)) / z.shape[0]


@mutant("missing-keepdims",
        hint="Your row sums lost their axis: dividing an (N, C) array by an (N,) vector broadcasts "
             "along the last axis, i.e. column j is divided by the sum of ROW j (or it fails to "
             "broadcast when N != C). Keep the reduced axis with keepdims=True (or index [:, None]).")
def missing_keepdims(logits, labels):
    z = np.asarray(logits, dtype=np.float64)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1)  # (N, C) / (N,): raises unless N == C or N == 1, else divides columns
    p[np.arange(z.shape[0]), np.asarray(labels)] -= 1.0
    return p / z.shape[0]


@mutant("missing-onehot",
        hint="Your result is the softmax divided by N, with no correction for the true class: every "
             "entry is positive. The derivative of -log softmax(z)[y] subtracts 1 at the label's "
             "position, so subtract the one-hot encoding of the labels before dividing.")
def missing_onehot(logits, labels):
    z = np.asarray(logits, dtype=np.float64)
    return _softmax_rows(z) / z.shape[0]
