"""Runs untrusted code. Knows nothing about problems, scores or HTTP.

Kept import-light on purpose: the zygote imports this package before it forks
learner processes, so nothing here may pull in secrets or the rest of `judge`.
"""
