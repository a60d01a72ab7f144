"""`judge new`: write a complete placeholder problem and its reference, ready for `judge check`."""

from __future__ import annotations

import json
import keyword
from pathlib import Path

from judge.authoring import templates
from judge.catalog.models import SLUG_RE, Difficulty


class ScaffoldError(ValueError):
    pass


def function_name(slug: str) -> str:
    name = slug.replace("-", "_")
    if not name or name[0].isdigit():
        name = "solve_" + name
    if keyword.iskeyword(name):
        name += "_"
    return name


def _toml_string(value: str) -> str:
    return json.dumps(value)[1:-1]  # a JSON string body is a valid TOML basic string body


def new_problem(bank: Path, slug: str, collection: str = "practice", difficulty: str = "easy",
                function: str | None = None, title: str | None = None) -> list[Path]:
    """Create bank/problems/<slug>/ and bank/reference/<slug>.py; return the files written."""
    if not SLUG_RE.match(slug):
        raise ScaffoldError(f"invalid slug {slug!r}: use lowercase words joined by single hyphens, "
                            "e.g. softmax-cross-entropy-gradient")
    if difficulty not in {d.value for d in Difficulty}:
        raise ScaffoldError(f"invalid difficulty {difficulty!r}: one of "
                            f"{', '.join(d.value for d in Difficulty)}")
    if not collection.strip():
        raise ScaffoldError("the collection must not be empty")
    fn = function or function_name(slug)
    if not fn.isidentifier() or keyword.iskeyword(fn):
        raise ScaffoldError(f"invalid function name {fn!r}")
    folder = bank / "problems" / slug
    ref = bank / "reference" / f"{slug}.py"
    if folder.exists():
        raise ScaffoldError(f"{folder} already exists")
    if ref.exists():
        raise ScaffoldError(f"{ref} already exists")
    values = {
        "slug": slug,
        "function": fn,
        "title": _toml_string(title or "TODO: a short title"),
        "collection": _toml_string(collection),
        "difficulty": difficulty,
    }
    folder.mkdir(parents=True)
    ref.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for name, template in templates.FILES.items():
        path = folder / name
        text = template.format(**values)
        if name == "statement.md":
            text = template.format(**{**values, "title": title or "TODO: a short title"})
        path.write_text(text, encoding="utf-8")
        written.append(path)
    ref.write_text(templates.REFERENCE_PY.format(**values), encoding="utf-8")
    written.append(ref)
    return written
