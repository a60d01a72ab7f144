"""Turns what the sandbox reported into a verdict and a message a learner can act on.

Only trusted facts decide: frames decoded by the parent, the parent's clock, the
cgroup counters and the exit status the zygote's watcher reports. A learner's
exit code or printed text never does.
"""

from __future__ import annotations

import builtins
import signal
from dataclasses import dataclass
from typing import Any

from judge.grading.verdicts import Verdict
from judge.sandbox.pool import Reply, Termination

MAX_MESSAGE = 2000


@dataclass
class Outcome:
    verdict: Verdict
    message: str
    stage: str = ""


def _frames(msg: dict[str, Any], public: bool, code_lines: list[str]) -> str:
    """Where the error happened, in the learner's own code.

    On hidden tests only the line number is taken from the learner's process, checked
    against the submitted code, and the source text comes from our own copy: function
    names and source text reported by the process are learner-controlled and could carry
    the hidden input (a function compiled as solution.py with a name built from it).
    """
    frames = msg.get("frames")
    if not isinstance(frames, list) or not frames or not isinstance(frames[-1], dict):
        return ""
    last = frames[-1]
    line = last.get("line")
    if not isinstance(line, int) or not 0 < line <= len(code_lines):
        return ""
    src = code_lines[line - 1].strip()[:200]
    where = f"line {line}"
    fn = last.get("function")
    if public and isinstance(fn, str) and fn != "<module>":
        where += f", in {fn[:80]}()"
    return f" ({where}: {src})" if src else f" ({where})"


# Exception classes whose names a learner cannot choose. Any other name comes from a class
# the submission defined, and on a hidden test that name could smuggle out the input.
_KNOWN_EXCEPTIONS = {n for n in dir(builtins) if isinstance(getattr(builtins, n), type)
                     and issubclass(getattr(builtins, n), BaseException)}
_KNOWN_EXCEPTIONS |= {"LinAlgError", "AxisError", "_ArrayMemoryError", "DTypePromotionError",
                      "UFuncTypeError", "_UFuncNoLoopError"}
_KNOWN_TYPES = {n for n in dir(builtins) if isinstance(getattr(builtins, n), type)} | {
    "ndarray", "matrix", "generic", "float64", "float32", "int64", "int32", "bool_", "map",
    "filter", "generator", "function", "method", "module", "NoneType", "range", "zip"}


def safe_type_name(name: Any, public: bool, kind: str = "type") -> str:
    """A type name fit to show: anything for public tests, only well-known names for hidden ones."""
    text = str(name)[:100]
    known = _KNOWN_EXCEPTIONS if kind == "exception" else _KNOWN_TYPES
    if public or text in known:
        return text
    return "an exception class defined in your code" if kind == "exception" else \
        "an object of a class defined in your code"


def exception(msg: dict[str, Any], public: bool, time_limit: float,
              code_lines: list[str] | None = None) -> Outcome:
    etype = safe_type_name(msg.get("type", "Exception"), public, "exception")
    if msg.get("memory"):
        return Outcome(Verdict.MEMORY_LIMIT_EXCEEDED,
                       f"{etype}: your code tried to allocate more memory than the limit allows",
                       "memory")
    where = _frames(msg, public, code_lines or [])
    if etype == "RecursionError":
        return Outcome(Verdict.RUNTIME_ERROR,
                       f"RecursionError: maximum recursion depth exceeded{where}; "
                       "use a loop or a vectorized operation instead of deep recursion", "exception")
    if etype in ("SystemExit", "KeyboardInterrupt"):
        return Outcome(Verdict.RUNTIME_ERROR,
                       f"{etype}: your code tried to exit{where}; return a value instead", "exception")
    text = f"{etype}{where}"
    # Hidden tests show the exception type and the learner's own line, but not the
    # message: it can carry the hidden input (raise ValueError(str(logits))).
    if public and msg.get("message"):
        text = f"{etype}: {str(msg['message'])[:MAX_MESSAGE]}{where}"
    elif not public:
        text += " (message withheld on hidden tests)"
    return Outcome(Verdict.RUNTIME_ERROR, text, "exception")


def death(reply: Reply, term: Termination, time_limit: float, output_limit: int,
          cpu_limit: float) -> Outcome:
    """The learner process stopped answering; say why from trusted evidence only."""
    if reply.kind == "too_large":
        return Outcome(Verdict.OUTPUT_LIMIT_EXCEEDED,
                       f"your return value is too large to accept ({reply.detail})", "output")
    if reply.output_exceeded or term.output_bytes >= output_limit:
        return Outcome(Verdict.OUTPUT_LIMIT_EXCEEDED,
                       "your code printed more than the output limit allows", "output")
    if term.oom_killed:
        peak = term.memory_peak / 2**20
        return Outcome(Verdict.MEMORY_LIMIT_EXCEEDED,
                       f"your code used more memory than the limit (peak {peak:.0f} MiB) and was "
                       "stopped", "memory")
    if reply.kind == "timeout":
        return Outcome(Verdict.TIME_LIMIT_EXCEEDED,
                       f"no result within the {time_limit:g} s limit: an endless loop, a sleep, "
                       "or an algorithm far too slow for this input size", "time")
    if term.signal == signal.SIGKILL and term.cpu_seconds >= cpu_limit:
        return Outcome(Verdict.TIME_LIMIT_EXCEEDED, "CPU time limit exceeded", "time")
    if reply.kind == "corrupt":
        return Outcome(Verdict.RUNTIME_ERROR,
                       f"the judge could not read your result ({reply.detail[:120]}); return plain "
                       "values, and do not write to file descriptor 3", "protocol")
    if term.signal is not None:
        name = signal.Signals(term.signal).name if term.signal in signal.Signals._value2member_map_ \
            else str(term.signal)
        extra = {"SIGSEGV": ": a segmentation fault (a crash in native code, e.g. via ctypes)",
                 "SIGABRT": ": aborted by a native library", "SIGFPE": ": arithmetic fault",
                 "SIGBUS": ": bus error", "SIGSYS": ": a forbidden system call"}.get(name, "")
        return Outcome(Verdict.RUNTIME_ERROR, f"your program was killed by {name}{extra}", "crash")
    if term.exit_code is not None:
        return Outcome(Verdict.RUNTIME_ERROR,
                       f"your program exited (exit code {term.exit_code}) before returning a "
                       "result: do not call sys.exit() or os._exit()", "exit")
    return Outcome(Verdict.RUNTIME_ERROR, "your program stopped without returning a result", "exit")


def load_failure(msg: dict[str, Any], function: str, signature: str, time_limit: float,
                 code_lines: list[str]) -> Outcome:
    """Why a program did not load: syntax, an error at import, or no such function.

    Nothing here depends on test input (loading happens before any call), so details are
    safe to show in full.
    """
    kind = msg.get("t")
    if kind == "syntax_error":
        where = f"line {msg.get('line')}" if msg.get("line") else "your code"
        src = f": {str(msg['source']).strip()[:200]}" if msg.get("source") else ""
        return Outcome(Verdict.SYNTAX_ERROR,
                       f"{msg.get('type', 'SyntaxError')} at {where}{src}: "
                       f"{str(msg.get('message'))[:MAX_MESSAGE]}", "syntax")
    if kind == "load_error":
        out = exception(msg, True, time_limit, code_lines)
        return Outcome(out.verdict, "while loading your code: " + out.message, out.stage)
    if kind == "missing_function":
        defined = msg.get("defined") or []
        found = msg.get("found_type")
        if found:
            text = f"`{function}` is a {str(found)[:60]}, not a function"
        else:
            text = f"your code does not define a function named `{function}`"
            if defined:
                text += f"; it defines: {', '.join(str(d)[:60] for d in defined[:10])}"
                close = [d for d in defined if str(d).lower().replace("_", "") ==
                         function.lower().replace("_", "")]
                if close:
                    text += f" (did you mean to name `{close[0]}` `{function}`?)"
        return Outcome(Verdict.RUNTIME_ERROR, text + f". Expected: {signature}", "missing")
    return Outcome(Verdict.RUNTIME_ERROR, "your code broke the sandbox protocol while loading",
                   "protocol")
