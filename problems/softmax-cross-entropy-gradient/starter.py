import numpy as np


def softmax_cross_entropy_grad(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Gradient of the mean softmax cross-entropy loss with respect to the logits.

    logits: (N, C) float array of unnormalised class scores.
    labels: (N,) int array of true class indices, 0 <= labels[n] < C.
    Returns the (N, C) array (softmax(logits) - onehot(labels)) / N, computed stably.
    """
    # TODO: softmax over each row (subtract the row maximum first),
    #       subtract 1 at each sample's true class, divide by N.
    raise NotImplementedError("softmax_cross_entropy_grad is not written yet")
