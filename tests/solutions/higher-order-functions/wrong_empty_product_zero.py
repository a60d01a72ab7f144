# expect: wrong_answer
# message: result['product']
# hint: the product of no numbers is 1
from functools import reduce


def higher_order_ops(nums):
    if not nums:
        return {"doubled": [], "evens": [], "product": 0, "sum_of_squares": 0}
    return {
        "doubled": [x * 2 for x in nums],
        "evens": [x for x in nums if x % 2 == 0],
        "product": reduce(lambda a, b: a * b, nums),
        "sum_of_squares": sum(x * x for x in nums),
    }
