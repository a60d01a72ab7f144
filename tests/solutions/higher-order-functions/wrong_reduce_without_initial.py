# expect: runtime_error
# message: TypeError
# no-hint: the product of no numbers is 1
# no-hint: fixed-size int64
from functools import reduce


def higher_order_ops(nums):
    return {
        "doubled": list(map(lambda x: 2 * x, nums)),
        "evens": list(filter(lambda x: x % 2 == 0, nums)),
        "product": reduce(lambda a, b: a * b, nums),
        "sum_of_squares": reduce(lambda a, b: a + b, map(lambda x: x * x, nums)),
    }
