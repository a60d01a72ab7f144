# expect: wrong_answer
# message: expected an int, got a float
# hint: numpy multiplies in fixed-size int64
import numpy as np


def higher_order_ops(nums):
    return {
        "doubled": [2 * x for x in nums],
        "evens": [x for x in nums if x % 2 == 0],
        "product": np.prod(nums),
        "sum_of_squares": sum(x * x for x in nums),
    }
