# expect: accepted


def higher_order_ops(nums):
    doubled, evens = [], []
    product, squares = 1, 0
    for x in nums:
        doubled.append(x + x)
        if not x & 1:
            evens.append(x)
        product *= x
        squares += x * x
    return {"doubled": doubled, "evens": evens, "product": product, "sum_of_squares": squares}
