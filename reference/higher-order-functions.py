"""Reference: map, filter and reduce over a list of ints."""

from functools import reduce
from operator import mul


def higher_order_ops(nums):
    return {
        "doubled": list(map(lambda x: 2 * x, nums)),
        "evens": list(filter(lambda x: x % 2 == 0, nums)),
        "product": reduce(mul, nums, 1),
        "sum_of_squares": reduce(lambda acc, x: acc + x * x, nums, 0),
    }
