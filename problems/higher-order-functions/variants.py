"""Alternative correct solutions of higher-order-functions: all must be accepted."""

import math

from judge.catalog.authoring import variant


@variant("comprehensions-and-math-prod")
def comprehensions(nums):
    return {
        "doubled": [2 * x for x in nums],
        "evens": [x for x in nums if x % 2 == 0],
        "product": math.prod(nums),
        "sum_of_squares": sum(x * x for x in nums),
    }


@variant("single-loop")
def single_loop(nums):
    doubled, evens, product, squares = [], [], 1, 0
    for x in nums:
        doubled.append(x << 1)
        if x & 1 == 0:
            evens.append(x)
        product *= x
        squares += x**2
    return {"doubled": doubled, "evens": evens, "product": product, "sum_of_squares": squares}
