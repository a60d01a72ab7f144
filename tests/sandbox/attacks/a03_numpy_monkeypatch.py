# expect: wrong_answer
# ruff: noqa
"""Monkeypatch numpy's comparison helpers inside the sandbox, then return garbage."""
import numpy as np
import numpy.testing

np.allclose = lambda *a, **k: True
np.isclose = lambda a, b, *r, **k: np.ones(np.broadcast(np.asarray(a), np.asarray(b)).shape, dtype=bool)
np.array_equal = lambda *a, **k: True
np.array_equiv = lambda *a, **k: True
np.isfinite = lambda a, *r, **k: np.ones(np.shape(a), dtype=bool)
np.testing.assert_allclose = lambda *a, **k: None
np.testing.assert_array_equal = lambda *a, **k: None
np.core.numeric.isclose = np.isclose
np.core.numeric.allclose = np.allclose


def softmax_cross_entropy_grad(logits, labels):
    return np.zeros(np.shape(logits)) + 0.5
