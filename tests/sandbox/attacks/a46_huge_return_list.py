# expect: memory_limit_exceeded|output_limit_exceeded
# ruff: noqa


def softmax_cross_entropy_grad(logits, labels):
    return [0.0] * (10 ** 8)
