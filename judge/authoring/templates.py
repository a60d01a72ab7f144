"""The files `judge new` writes: a complete, working placeholder problem with TODO markers.

The placeholder ("double every value") passes every `judge check` item except the TODO
ones, so an author sees at once which check each file feeds, and replaces the pieces
one by one. Templates are `str.format` strings: literal braces are doubled.
"""

from __future__ import annotations

PROBLEM_TOML = '''\
# TODO: describe your problem. Every key is documented in docs/authoring.md.
slug = "{slug}"
title = "{title}"
difficulty = "{difficulty}"
collection = "{collection}"
topics = ["numpy"]
function = "{function}"
signature = "def {function}(x: np.ndarray) -> np.ndarray"
hints = [
    "TODO: a first, gentle hint that names the idea without giving the answer away.",
    "TODO: a second, more concrete hint (which numpy operation, which axis).",
]

[limits]
time_per_test_s = 2.0
total_time_s = 20.0
memory_mb = 256
output_kb = 256

# How results are compared: "staged" checks None -> type -> shape -> dtype -> finite -> values.
[checker]
name = "staged"
rtol = 1e-6
atol = 1e-8

[tests]
seeds = [0, 1, 2]

# Group scoring is all-or-nothing: a group earns its points only if all its tests pass.
[[groups]]
name = "basic"
points = 50
description = "The public examples and small random inputs."

[[groups]]
name = "edge"
points = 30
description = "Empty input, a single value, negative values."

[[groups]]
name = "scale"
points = 20
description = "Large inputs: a Python loop over elements is too slow."
max_slowdown = 10
'''

STATEMENT_MD = '''\
# {title}

TODO: say what the learner implements and why it matters. The placeholder task doubles
every value of an array.

```python
def {function}(x: np.ndarray) -> np.ndarray
```

## Definition

TODO: define the result precisely. Inline math goes between single dollars, like $x_i$;
display math between double dollars on lines of their own:

$$
y_i = 2 \\, x_i \\qquad \\text{{for every index }} i
$$

## Input and output

- `x`: a float64 NumPy array of any shape (TODO: state the real shapes and value ranges).
- Return a float64 array of the same shape as `x`. Do not modify `x`.

## Example

```python
{function}(np.array([1.0, -2.0, 3.5]))
# array([ 2., -4.,  7.])
```
'''

STARTER_PY = '''\
import numpy as np


def {function}(x: np.ndarray) -> np.ndarray:
    """TODO (for the learner): write your solution here."""
    raise NotImplementedError
'''

TESTS_PY = '''\
"""Tests for {slug}: public examples, fixed hidden cases, and seeded generators.

examples() are shown to learners (`judge try --mode run`); cases() and generate(rng)
are hidden. An example may carry "expected": `judge check` proves the reference returns
it (grading always compares with the reference's own output).
"""

import numpy as np

from judge.catalog.authoring import case


def examples():
    return [
        # TODO: replace with examples of your problem; keep the one from the statement.
        {{**case("statement-example", "basic", np.array([1.0, -2.0, 3.5]),
                explanation="Every value is doubled."),
          "expected": np.array([2.0, -4.0, 7.0])}},
    ]


def cases():
    # TODO: hand-written hidden cases, one per edge the mutants get wrong.
    return [
        case("empty", "edge", np.zeros(0)),
        case("single-value", "edge", np.array([0.25])),
        case("all-negative", "edge", -np.arange(1.0, 6.0)),
        case("matrix", "basic", np.arange(12.0).reshape(3, 4)),
    ]


def generate(rng):
    # TODO: random hidden tests; draw ALL randomness from rng, so each seed is reproducible.
    for k in range(3):
        yield case(f"random-{{k}}", "basic", rng.normal(0.0, 3.0, size=int(rng.integers(2, 20))))
    yield case("large", "scale", rng.normal(0.0, 1.0, size=(400, 500)))
'''

MUTANTS_PY = '''\
"""Known-wrong solutions of {slug}, each with the hint a learner who wrote it should get.

`judge check` proves the hidden tests reject every one of them. This file runs in the
sandbox like a learner's code: import only the standard library and numpy.
"""

import numpy as np

from judge.catalog.authoring import mutant


@mutant("added-instead", hint="TODO: You add 2 instead of multiplying by 2.")
def added(x):
    return np.asarray(x, dtype=np.float64) + 2.0


@mutant("squared-instead", hint="TODO: You square each value instead of doubling it.")
def squared(x):
    return np.asarray(x, dtype=np.float64) ** 2
'''

VARIANTS_PY = '''\
"""Other correct solutions of {slug}: `judge check` proves each is accepted, so the
tolerances are not too tight. Like mutants.py, only the standard library and numpy.
"""

import numpy as np

from judge.catalog.authoring import variant


@variant("float32")
def in_float32(x):
    # TODO: a correct solution computed in single precision.
    return (np.asarray(x, dtype=np.float32) * np.float32(2)).astype(np.float64)
'''

REFERENCE_PY = '''\
"""Reference solution of {slug}: vectorized, deterministic, and never shown to learners."""

import numpy as np


def {function}(x: np.ndarray) -> np.ndarray:
    # TODO: replace the placeholder with the real reference.
    return 2.0 * np.asarray(x, dtype=np.float64)
'''

FILES = {
    "problem.toml": PROBLEM_TOML,
    "statement.md": STATEMENT_MD,
    "starter.py": STARTER_PY,
    "tests.py": TESTS_PY,
    "mutants.py": MUTANTS_PY,
    "variants.py": VARIANTS_PY,
}
