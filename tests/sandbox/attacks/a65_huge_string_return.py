# expect: wrong_answer|output_limit_exceeded
# mode: run
# ruff: noqa
"""Return a 50 MB string: shown as `got` on public tests, it would bloat every stored result."""


def softmax_cross_entropy_grad(logits, labels):
    return "A" * (50 << 20)
