# expect: wrong_answer|runtime_error|output_limit_exceeded|memory_limit_exceeded
# ruff: noqa
"""A list just over the parent's item limit but well under the memory and frame limits."""


def softmax_cross_entropy_grad(logits, labels):
    return [0.5] * 2_000_000
