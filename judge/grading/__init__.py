"""Calls the sandbox, compares results in the trusted process, scores, picks hints."""
