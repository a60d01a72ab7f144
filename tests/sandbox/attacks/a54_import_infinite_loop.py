# expect: time_limit_exceeded
# ruff: noqa
while True:
    pass


def softmax_cross_entropy_grad(logits, labels):
    return None
