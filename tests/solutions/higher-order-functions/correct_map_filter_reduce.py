# expect: accepted
from functools import reduce


def higher_order_ops(nums):
    return {
        "doubled": list(map(lambda x: x * 2, nums)),
        "evens": list(filter(lambda x: x % 2 == 0, nums)),
        "product": reduce(lambda a, b: a * b, nums, 1),
        "sum_of_squares": reduce(lambda acc, x: acc + x**2, nums, 0),
    }
