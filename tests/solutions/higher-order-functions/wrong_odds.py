# expect: wrong_answer
# hint: filter condition is inverted
from functools import reduce


def higher_order_ops(nums):
    return {
        "doubled": list(map(lambda x: 2 * x, nums)),
        "evens": list(filter(lambda x: x % 2, nums)),
        "product": reduce(lambda a, b: a * b, nums, 1),
        "sum_of_squares": sum(map(lambda x: x * x, nums)),
    }
