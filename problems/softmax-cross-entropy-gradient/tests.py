"""Tests for softmax-cross-entropy-gradient.

Groups: basic (examples and small random batches), edge (tiny shapes, ties, a single
class, confident predictions), stability (logits of magnitude 1e3 and beyond, where a
plain exp overflows or underflows), float32 (single-precision inputs, kept below the
float32 exp overflow so only precision is tested there) and scale (large batches).
"""

import numpy as np

from judge.catalog.authoring import case


def _f(rows):
    return np.array(rows, dtype=np.float64)


def _y(labels, dtype=np.int64):
    return np.array(labels, dtype=dtype)


def examples():
    return [
        {**case("example-two-samples", "basic",
                _f([[1.0, 2.0, 3.0], [0.5, 0.5, 0.5]]), _y([2, 0]),
                explanation="Row 0 puts most probability on its label (class 2), so its gradient "
                            "there is negative and small; row 1 is uniform, so its label entry gets "
                            "(1/3 - 1)/2."),
         # The values the statement shows, to 8 digits.
         "expected": _f([[0.04501529, 0.12236424, -0.16737952], [-0.33333333, 0.16666667, 0.16666667]])},
        case("example-three-by-four", "basic",
             _f([[0.0, 1.0, -1.0, 2.0], [3.0, 0.0, 0.0, 0.0], [-2.0, -2.0, 1.0, 0.5]]), _y([3, 1, 2]),
             explanation="Every row of the result sums to 0, and the whole result is divided by N = 3."),
    ]


def cases():
    rng = np.random.default_rng(20240611)
    return [
        # basic
        case("small-batch", "basic", rng.normal(0, 2, (4, 3)), _y([0, 2, 1, 1])),
        case("square-batch", "basic", rng.normal(0, 1.5, (4, 4)), _y([3, 0, 2, 1]),
             explanation="N == C, so mixing up the row and column axes still broadcasts."),
        # edge
        case("single-sample", "edge", _f([[0.3, -0.2]]), _y([1])),
        case("two-classes", "edge", _f([[2.0, -1.0], [0.0, 0.0], [-3.0, 4.0], [1.5, 1.0], [0.0, 5.0]]),
             _y([0, 1, 0, 1, 1])),
        case("tied-logits", "edge",
             _f([[1.0, 1.0, 1.0, 1.0], [-2.5, -2.5, -2.5, -2.5], [0.0, 0.0, 0.0, 0.0]]), _y([0, 3, 2]),
             explanation="Equal logits give a uniform softmax."),
        case("negative-logits", "edge", _f([[-1.0, -3.0, -2.0], [-0.5, -7.0, -0.25]]), _y([2, 0])),
        case("labels-first-and-last", "edge", _f([[0.1, 0.2, 0.3, 0.4, 0.5], [0.5, 0.4, 0.3, 0.2, 0.1],
                                                  [1.0, -1.0, 1.0, -1.0, 1.0]]), _y([0, 4, 4])),
        case("single-class", "edge", _f([[0.7], [-3.0], [12.0]]), _y([0, 0, 0]),
             explanation="With one class the softmax is always 1 and the gradient is 0."),
        case("confident-predictions", "edge", _f([[30.0, 0.0, 0.0], [0.0, 0.0, 30.0]]), _y([0, 1]),
             explanation="Row 0 is confidently right (gradient near 0), row 1 confidently wrong."),
        case("one-wide-row", "edge", rng.normal(0, 3, (1, 257)), _y([128])),
        # stability
        case("large-positive-logits", "stability", _f([[1000.0, 1001.0, 999.0]]), _y([1])),
        case("large-negative-logits", "stability",
             _f([[-1000.0, -1001.0, -999.0], [-1200.0, -1000.0, -1100.0]]), _y([0, 1])),
        case("mixed-magnitude-rows", "stability",
             _f([[1000.0, 1002.0, 998.0], [-1000.0, -999.0, -1001.0], [0.5, -0.5, 0.0]]), _y([2, 1, 0]),
             explanation="Each row needs its own shift: the rows live on very different scales."),
        case("huge-spread-in-row", "stability",
             _f([[1000.0, 0.0, -1000.0], [-800.0, 800.0, 5.0]]), _y([2, 0])),
        case("very-large-logits", "stability", _f([[3.0e5, 3.0e5 + 1.0, 3.0e5 - 4.0], [-5.0e4, -5.0e4, 0.0]]),
             _y([0, 2])),
        # float32
        case("float32-small", "float32",
             np.array([[1.0, 2.0, 3.0], [0.25, -0.5, 4.0], [-1.0, -1.0, -1.0]], dtype=np.float32),
             _y([0, 2, 1])),
        case("float32-wide-range", "float32", (rng.uniform(-60, 60, (32, 10))).astype(np.float32),
             rng.integers(0, 10, 32).astype(np.int32)),
        # scale
        case("large-batch", "scale", rng.normal(0, 4, (128, 512)), rng.integers(0, 512, 128)),
    ]


def generate(rng):
    n, c = int(rng.integers(2, 11)), int(rng.integers(2, 9))
    yield case("random-small", "basic", rng.normal(0, 2.5, (n, c)), rng.integers(0, c, n))

    n, c = int(rng.integers(3, 9)), int(rng.integers(2, 6))
    yield case("random-integer-logits", "edge", rng.integers(-3, 4, (n, c)).astype(np.float64),
               rng.integers(0, c, n), explanation="Small integer logits: many ties.")

    n, c = int(rng.integers(3, 12)), int(rng.integers(3, 10))
    offsets = rng.choice([-1.0, 1.0], n)[:, None] * rng.uniform(750, 5000, (n, 1))
    yield case("random-large-logits", "stability", offsets + rng.normal(0, 6, (n, c)), rng.integers(0, c, n))

    n, c = int(rng.integers(16, 65)), int(rng.integers(3, 21))
    yield case("random-float32", "float32", rng.normal(0, 8, (n, c)).clip(-70, 70).astype(np.float32),
               rng.integers(0, c, n))

    n, c = int(rng.integers(48, 129)), int(rng.integers(384, 1025))
    yield case("random-large-batch", "scale", rng.normal(0, 3, (n, c)), rng.integers(0, c, n))
