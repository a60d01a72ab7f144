# expect: accepted
import math


def higher_order_ops(nums):
    return {
        "doubled": [2 * x for x in nums],
        "evens": [x for x in nums if x % 2 == 0],
        "product": math.prod(nums),
        "sum_of_squares": sum(x * x for x in nums),
    }
