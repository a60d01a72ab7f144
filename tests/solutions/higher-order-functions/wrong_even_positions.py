# expect: wrong_answer
# hint: even POSITIONS
import math


def higher_order_ops(nums):
    return {
        "doubled": [2 * x for x in nums],
        "evens": [nums[i] for i in range(0, len(nums), 2)],
        "product": math.prod(nums),
        "sum_of_squares": sum(x * x for x in nums),
    }
