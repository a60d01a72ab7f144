# expect: wrong_answer
# message: result['sum_of_squares']
# hint: Square each number first
def higher_order_ops(nums):
    product = 1
    for x in nums:
        product *= x
    return {
        "doubled": [2 * x for x in nums],
        "evens": [x for x in nums if x % 2 == 0],
        "product": product,
        "sum_of_squares": sum(nums) ** 2,
    }
