# expect: wrong_answer
# message: cannot accept
from functools import reduce


def higher_order_ops(nums):
    # Mistake: map and filter objects are lazy iterators, not lists.
    return {
        "doubled": map(lambda x: 2 * x, nums),
        "evens": filter(lambda x: x % 2 == 0, nums),
        "product": reduce(lambda a, b: a * b, nums, 1),
        "sum_of_squares": reduce(lambda a, b: a + b * b, nums, 0),
    }
