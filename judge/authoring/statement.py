"""Statement checks: the Markdown renders, its math is balanced, it shows the signature."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

from judge.catalog.signature import arg_names, header_args

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)


@dataclass
class MathSpan:
    display: bool
    line: int
    body: str


def render(text: str) -> str:
    """The statement as HTML, the way a CommonMark renderer with tables shows it."""
    return MarkdownIt("commonmark", {"html": False}).enable("table").render(text)


def _blank_out(s: str) -> str:
    return re.sub(r"[^\n]", " ", s)


def strip_code(text: str) -> str:
    """Blank out fenced code blocks and inline code spans, keeping every line where it was."""
    out: list[str] = []
    fence: str | None = None
    for line in text.split("\n"):
        m = _FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)[0] * len(m.group(1))
            out.append("")
        elif fence is not None:
            if line.strip().startswith(fence) and set(line.strip()) <= {fence[0]}:
                fence = None
            out.append("")
        else:
            out.append(line)
    joined = "\n".join(out)
    return _CODE_SPAN.sub(lambda m: _blank_out(m.group(0)), joined)


def find_math(text: str) -> tuple[list[MathSpan], list[str]]:
    """Split `$…$` and `$$…$$` spans out of the prose; return them and any delimiter errors."""
    src = strip_code(text)
    spans: list[MathSpan] = []
    errors: list[str] = []
    mode: str | None = None  # None, "inline" or "display"
    start_line = 0
    start = 0
    line = 1
    i = 0
    n = len(src)
    while i < n:
        ch = src[i]
        if ch == "\\":
            if i + 1 < n and src[i + 1] == "\n":
                line += 1
            i += 2
            continue
        if ch == "\n":
            line += 1
            if mode == "inline" and src[i + 1:].split("\n", 1)[0].strip() == "":
                errors.append(f"inline math `$` opened on line {start_line} is not closed before "
                              "its paragraph ends")
                mode = None
            i += 1
            continue
        if ch != "$":
            i += 1
            continue
        double = src[i:i + 2] == "$$"
        if mode is None:
            mode = "display" if double else "inline"
            start_line = line
            i += 2 if double else 1
            start = i
        elif mode == "display":
            if double:
                spans.append(MathSpan(True, start_line, src[start:i]))
                mode = None
                i += 2
            else:
                errors.append(f"a single `$` on line {line} inside display math `$$` opened on "
                              f"line {start_line}")
                i += 1
        else:  # inline: a single $ closes it
            spans.append(MathSpan(False, start_line, src[start:i]))
            mode = None
            i += 1
    if mode == "display":
        errors.append(f"display math `$$` opened on line {start_line} is never closed")
    elif mode == "inline":
        errors.append(f"inline math `$` opened on line {start_line} is never closed")
    return spans, errors


def brace_errors(span: MathSpan) -> list[str]:
    """Unbalanced `{}` (escaped `\\{ \\}` excepted), `\\left`/`\\right` and `\\begin`/`\\end`."""
    where = f"{'display' if span.display else 'inline'} math on line {span.line}"
    body = span.body
    errors: list[str] = []
    depth = 0
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                errors.append(f"{where}: a `}}` closes a brace that was never opened")
                depth = 0
        i += 1
    if depth > 0:
        errors.append(f"{where}: {depth} `{{` never closed")
    lefts = len(re.findall(r"\\left(?![a-zA-Z])", body))
    rights = len(re.findall(r"\\right(?![a-zA-Z])", body))
    if lefts != rights:
        errors.append(f"{where}: {lefts} `\\left` but {rights} `\\right`")
    stack: list[str] = []
    for kind, env in re.findall(r"\\(begin|end)\s*\{([^}]*)\}", body):
        if kind == "begin":
            stack.append(env)
        elif not stack or stack.pop() != env:
            errors.append(f"{where}: `\\end{{{env}}}` does not match an open `\\begin`")
    if stack:
        errors.append(f"{where}: `\\begin{{{stack[-1]}}}` is never ended")
    return errors


def math_errors(text: str) -> list[str]:
    spans, errors = find_math(text)
    for span in spans:
        errors.extend(brace_errors(span))
    return errors


def signature_params(signature: str) -> list[str]:
    """Parameter names of `def f(a, b: int = 1, *args, c, **kw) -> T`; ValueError if not Python."""
    return arg_names(header_args(signature))


def missing_from_statement(text: str, function: str, params: list[str]) -> list[str]:
    """What of the signature the statement never shows: `def name(` and each parameter name."""
    missing = []
    if not re.search(rf"\bdef\s+{re.escape(function)}\s*\(", text):
        missing.append(f"`def {function}(`")
    for p in params:
        if not re.search(rf"(?<![A-Za-z0-9_]){re.escape(p)}(?![A-Za-z0-9_])", text):
            missing.append(f"parameter `{p}`")
    return missing
