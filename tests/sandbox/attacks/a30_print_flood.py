# expect: output_limit_exceeded
# ruff: noqa


def softmax_cross_entropy_grad(logits, labels):
    line = "flood " * 200
    while True:
        print(line)
