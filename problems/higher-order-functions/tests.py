"""Tests for higher-order-functions.

Groups: basic (examples and short random lists), edge (empty list, one element, zeros,
negatives, duplicates, no evens), big-numbers (products beyond 2**64, which a numpy int64
product silently wraps, and elements that are themselves huge) and scale (10,000 numbers).

Results cross the sandbox boundary as exact Python ints of at most 4096 bytes, so the
long lists keep their products well below that size (|x| <= 3, or a zero in the list).
"""

from judge.catalog.authoring import case

_PRIMES_UNDER_100 = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73,
                     79, 83, 89, 97]


def examples():
    return [
        {**case("example-one-to-four", "basic", [1, 2, 3, 4],
                explanation="doubled [2, 4, 6, 8]; evens [2, 4]; product 1*2*3*4 = 24; "
                            "sum of squares 1 + 4 + 9 + 16 = 30."),
         "expected": {"doubled": [2, 4, 6, 8], "evens": [2, 4], "product": 24, "sum_of_squares": 30}},
        {**case("example-with-negatives", "basic", [-3, 4, 7],
                explanation="doubled [-6, 8, 14]; evens [4]; product -84; "
                            "sum of squares 9 + 16 + 49 = 74."),
         "expected": {"doubled": [-6, 8, 14], "evens": [4], "product": -84, "sum_of_squares": 74}},
    ]


def cases():
    return [
        # basic
        case("mixed-small", "basic", [5, 8, -1, 6, 3, 10]),
        # edge
        {**case("empty-list", "edge", [], explanation="An empty product is 1 and an empty sum is 0."),
         "expected": {"doubled": [], "evens": [], "product": 1, "sum_of_squares": 0}},
        case("single-odd", "edge", [7]),
        case("single-even", "edge", [-4]),
        case("single-zero", "edge", [0]),
        case("zeros-inside", "edge", [0, 3, 0, -5]),
        case("all-negative", "edge", [-1, -2, -3, -4, -5]),
        case("duplicates", "edge", [2, 2, 3, 3, 2, 3, 2]),
        case("no-even-numbers", "edge", [1, 3, 5, 7, 9, -11]),
        case("only-even-numbers", "edge", [2, 4, -6, 8, 0]),
        # big-numbers
        case("primes-product", "big-numbers", _PRIMES_UNDER_100,
             explanation="The product of the primes below 100 is about 2.3e36, far beyond 2**64."),
        case("product-just-past-int64", "big-numbers", [3037000500, 3037000500],
             explanation="The product is just above 2**63 - 1, the largest int64."),
        case("power-of-two-64", "big-numbers", [2] * 64,
             explanation="The product is exactly 2**64: an int64 product wraps around to 0."),
        case("negative-big-product", "big-numbers", [-99] * 31),
        case("huge-elements", "big-numbers", [2**70, -3, 2**65 + 1, 10**20]),
        # scale
        case("long-plus-minus-one", "scale", [(-1) ** (i // 3) for i in range(10_000)]),
    ]


def generate(rng):
    n = int(rng.integers(3, 13))
    yield case("random-short", "basic", [int(x) for x in rng.integers(-20, 21, n)])

    values = [int(x) for x in rng.integers(-6, 7, 3)]
    yield case("random-duplicates", "edge", [values[int(i)] for i in rng.integers(0, 3, 15)])

    n = int(rng.integers(25, 41))
    mags = rng.integers(2, 1000, n)
    signs = rng.choice([-1, 1], n)
    yield case("random-big-product", "big-numbers", [int(m * s) for m, s in zip(mags, signs, strict=True)])

    small = rng.choice([-3, -2, -1, 1, 2, 3], 10_000)
    yield case("random-long-small-values", "scale", [int(x) for x in small])

    wide = rng.integers(-1000, 1001, 10_000)
    wide[int(rng.integers(0, 10_000))] = 0
    yield case("random-long-with-zero", "scale", [int(x) for x in wide])
