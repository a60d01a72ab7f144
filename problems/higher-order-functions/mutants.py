"""Known-wrong solutions of higher-order-functions and the hint each one earns."""

from functools import reduce
from operator import mul

import numpy as np

from judge.catalog.authoring import mutant


def _ok_doubled(nums):
    return list(map(lambda x: 2 * x, nums))


def _ok_evens(nums):
    return list(filter(lambda x: x % 2 == 0, nums))


def _ok_product(nums):
    return reduce(mul, nums, 1)


def _ok_squares(nums):
    return sum(x * x for x in nums)


def _result(doubled, evens, product, squares):
    return {"doubled": doubled, "evens": evens, "product": product, "sum_of_squares": squares}


@mutant("evens-of-doubled",
        hint="Your 'evens' equals your 'doubled' list: you filtered the doubled numbers, and "
             "every doubled number is even. 'evens' must keep the even numbers of the ORIGINAL "
             "list, so filter nums itself.")
def evens_of_doubled(nums):
    doubled = _ok_doubled(nums)
    return _result(doubled, [x for x in doubled if x % 2 == 0], _ok_product(nums), _ok_squares(nums))


@mutant("odds-instead-of-evens",
        hint="Your 'evens' holds the odd numbers: the filter condition is inverted. A number x is "
             "even when x % 2 == 0 (this also holds for negative numbers in Python).")
def odds(nums):
    return _result(_ok_doubled(nums), [x for x in nums if x % 2 != 0], _ok_product(nums),
                   _ok_squares(nums))


@mutant("even-positions",
        hint="Your 'evens' takes the numbers at even POSITIONS (index 0, 2, 4, ...). It should keep "
             "the numbers whose VALUE is even, wherever they are in the list.")
def even_positions(nums):
    return _result(_ok_doubled(nums), nums[::2], _ok_product(nums), _ok_squares(nums))


@mutant("empty-product-zero",
        hint="For an empty list your 'product' is 0, but the product of no numbers is 1, the "
             "neutral element of multiplication (just as the empty sum is 0). With functools.reduce, "
             "pass 1 as the initial value.")
def empty_product_zero(nums):
    return _result(_ok_doubled(nums), _ok_evens(nums), reduce(mul, nums) if nums else 0,
                   _ok_squares(nums))


@mutant("product-starts-at-zero",
        hint="Your 'product' is always 0: reduce starts from its initial value, and anything "
             "multiplied by 0 stays 0. A product has to start from 1.")
def product_from_zero(nums):
    return _result(_ok_doubled(nums), _ok_evens(nums), reduce(mul, nums, 0), _ok_squares(nums))


@mutant("numpy-product",
        hint="Your 'product' is wrong once it passes 2**63: numpy multiplies in fixed-size int64, "
             "which silently wraps around (and np.prod([]) is the float 1.0). Python's own ints "
             "never overflow: multiply them with functools.reduce or math.prod.")
def numpy_product(nums):
    with np.errstate(all="ignore"):
        product = np.prod(nums)
    return _result(_ok_doubled(nums), _ok_evens(nums), product, _ok_squares(nums))


@mutant("square-of-sum",
        hint="Your 'sum_of_squares' is the square of the sum, (x1 + x2 + ...)**2. Square each "
             "number first, then add the squares: x1**2 + x2**2 + ...")
def square_of_sum(nums):
    return _result(_ok_doubled(nums), _ok_evens(nums), _ok_product(nums), sum(nums) ** 2)
