from functools import reduce


def higher_order_ops(nums: list[int]) -> dict[str, list[int] | int]:
    """Apply map, filter and reduce to a list of ints.

    Returns a dict with the keys:
      "doubled":        every number times 2, in order (a list)
      "evens":          the even numbers of nums, in order (a list)
      "product":        the product of all numbers, 1 for an empty list (an int)
      "sum_of_squares": the sum of the squares, 0 for an empty list (an int)
    """
    # TODO: build each value with map(...), filter(...) and reduce(...).
    raise NotImplementedError("higher_order_ops is not written yet")
