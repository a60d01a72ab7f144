# expect: wrong_answer
# message: result['evens']
# hint: filter nums itself
from functools import reduce
from operator import mul


def higher_order_ops(nums):
    doubled = list(map(lambda x: 2 * x, nums))
    return {
        "doubled": doubled,
        "evens": list(filter(lambda x: x % 2 == 0, doubled)),
        "product": reduce(mul, nums, 1),
        "sum_of_squares": sum(map(lambda x: x * x, nums)),
    }
