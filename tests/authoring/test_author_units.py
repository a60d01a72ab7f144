"""Pure helpers behind `judge check` (no sandbox): math balance, signatures, errors, equality."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from judge.authoring import sources
from judge.authoring import statement as stmt
from judge.authoring.checks import extra_seeds, readable_errors, same
from judge.catalog import models
from judge.catalog.models import ProblemMeta


@pytest.mark.parametrize("text", [
    "Inline $x^2$ and display\n\n$$\n\\frac{a}{b}\n$$\n",
    "Money in code: `cost = $5` and\n\n```bash\necho $HOME $$\n```\n",
    "An escaped \\$ sign, then $\\{1, 2\\}$ as a set.",
    "$$\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}$$",
    "$\\left( \\frac{1}{2} \\right)$",
])
def test_balanced_math(text: str) -> None:
    assert stmt.math_errors(text) == []


@pytest.mark.parametrize("text, fragment", [
    ("$$ x^2 \n\nmore", "display math `$$` opened on line 1 is never closed"),
    ("cost $5 today\n\nand more", "inline math `$` opened on line 1 is not closed"),
    ("$x_{1$", "1 `{` never closed"),
    ("$x}$", "a `}` closes a brace that was never opened"),
    ("$\\left( x$", "1 `\\left` but 0 `\\right`"),
    ("$$\\begin{matrix} a \\end{pmatrix}$$", "`\\end{pmatrix}` does not match"),
    ("$$ a $ b $$", "a single `$` on line 1 inside display math"),
])
def test_unbalanced_math(text: str, fragment: str) -> None:
    errors = stmt.math_errors(text)
    assert any(fragment in e for e in errors), errors


def test_render_and_signature_params() -> None:
    assert "<h1>T</h1>" in stmt.render("# T\n")
    assert stmt.signature_params("def f(a, b: int = 1, *args, c, **kw) -> T") == ["a", "b", "args", "c", "kw"]
    with pytest.raises(ValueError):
        stmt.signature_params("f(a, b)")
    text = "```python\ndef f(logits, labels)\n```\n`logits` and `labels`"
    assert stmt.missing_from_statement(text, "f", ["logits", "labels"]) == []
    assert stmt.missing_from_statement("nothing", "f", ["x"]) == ["`def f(`", "parameter `x`"]


def test_readable_errors() -> None:
    base = {"slug": "a-b", "title": "A B C", "difficulty": "easy", "collection": "c", "function": "f",
            "signature": "def f(x)", "groups": [{"name": "g", "points": 100}]}
    with pytest.raises(ValidationError) as exc:
        ProblemMeta(**{**base, "colour": 1, "limits": {"memory_mb": "lots"}})
    lines = readable_errors(exc.value)
    assert "colour: unknown key (not part of the format; check its spelling in docs/authoring.md)" in lines
    assert any(line.startswith("limits.memory_mb: Input should be a valid integer") and "'lots'" in line
               for line in lines)
    with pytest.raises(ValidationError) as exc:
        ProblemMeta(**{**base, "groups": [{"name": "g", "points": 90}]})
    assert readable_errors(exc.value) == ["problem.toml: group points must add up to 100, not 90"]


def test_same_is_exact() -> None:
    a = np.array([1.0, np.nan])
    assert same(a, a.copy())
    assert not same(a, a.astype(np.float32))
    assert not same(np.array([1.0]), np.array([1.0 + 1e-15]))
    assert same({"k": [1, (2.0, float("nan"))]}, {"k": [1, (2.0, float("nan"))]})
    assert not same(1, 1.0)


def test_extra_seeds_avoid_configured_ones() -> None:
    assert extra_seeds([0, 1000], 3) == [1001, 1002, 1003]
    assert extra_seeds([0], 0) == []


def test_expected_is_optional_and_tracked() -> None:
    plain = models.TestCase(name="a", group="g", args=[1])
    stated = models.TestCase(name="a", group="g", args=[1], expected=None)
    assert plain.expected is None and "expected" not in plain.model_fields_set
    assert "expected" in stated.model_fields_set


def test_shim_keeps_future_imports_first() -> None:
    src = '"""Doc."""\nfrom __future__ import annotations\n\nfrom judge.catalog.authoring import mutant\n'
    out = sources.with_shim(src)
    assert out.index("from __future__") < out.index("_judge_shim")
    compile(out, "m.py", "exec")
    assert sources.with_shim("import numpy as np\n") == "import numpy as np\n"
