"""Errors of the sandbox itself (never the learner's fault): they map to internal_error."""


class SandboxError(RuntimeError):
    pass
