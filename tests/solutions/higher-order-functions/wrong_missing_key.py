# expect: wrong_answer
# message: missing key 'sum_of_squares'
from functools import reduce


def higher_order_ops(nums):
    return {
        "doubled": list(map(lambda x: 2 * x, nums)),
        "evens": list(filter(lambda x: x % 2 == 0, nums)),
        "product": reduce(lambda a, b: a * b, nums, 1),
    }
