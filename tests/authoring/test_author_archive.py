"""Problem archives: export -> import round trip, and every unsafe archive refused untouched."""

from __future__ import annotations

import io
import json
import stat
import zipfile
from pathlib import Path

import pytest
from authoring_support import SLUG, append

from judge.authoring import archive
from judge.catalog import load_problem


def _zip(entries: list[tuple[str, bytes]], symlink: str | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries:
            zf.writestr(name, data)
        if symlink is not None:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, "/etc/passwd")
    return buf.getvalue()


def _entries(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(i.filename, zf.read(i)) for i in zf.infolist()]


def _with_manifest(entries: list[tuple[str, bytes]], slug: str = SLUG) -> list[tuple[str, bytes]]:
    manifest = {"format": archive.FORMAT, "format_version": archive.FORMAT_VERSION, "slug": slug,
                "files": [{"path": n, "sha256": archive._sha256(d)} for n, d in entries]}
    return [(archive.MANIFEST, json.dumps(manifest).encode())] + entries


def test_round_trip(tmp_bank: Path, tmp_path: Path) -> None:
    data, manifest = archive.export_bytes(tmp_bank, SLUG)
    names = {n for n, _ in _entries(data)}
    assert names == {"manifest.json", f"reference/{SLUG}.py"} | {
        f"problems/{SLUG}/{f}" for f in ("problem.toml", "statement.md", "starter.py", "tests.py",
                                         "mutants.py", "variants.py")}
    assert manifest["slug"] == SLUG and manifest["version"] == load_problem(tmp_bank, SLUG).version
    again, _ = archive.export_bytes(tmp_bank, SLUG)
    assert [e for e in _entries(again) if e[0] != archive.MANIFEST] == \
        [e for e in _entries(data) if e[0] != archive.MANIFEST]

    dest = tmp_path / "other-bank"
    slug, replaced, _ = archive.import_archive(data, dest)
    assert (slug, replaced) == (SLUG, False)
    for rel in ["reference/row-softmax.py"] + [f"problems/{SLUG}/{p.name}"
                                               for p in (tmp_bank / "problems" / SLUG).glob("*.py")]:
        assert (dest / rel).read_bytes() == (tmp_bank / rel).read_bytes()
    assert load_problem(dest, SLUG).version == load_problem(tmp_bank, SLUG).version
    assert not (dest / archive.STAGING).exists()


def test_overwrite_needs_force(tmp_bank: Path, tmp_path: Path) -> None:
    data, _ = archive.export_bytes(tmp_bank, SLUG)
    dest = tmp_path / "dest"
    archive.import_archive(data, dest)
    append(dest / "problems" / SLUG / "statement.md", "\nlocal edit\n")
    with pytest.raises(archive.ArchiveError, match="already exists.*--force"):
        archive.import_archive(data, dest)
    assert "local edit" in (dest / "problems" / SLUG / "statement.md").read_text()
    _, replaced, _ = archive.import_archive(data, dest, force=True)
    assert replaced
    assert "local edit" not in (dest / "problems" / SLUG / "statement.md").read_text()


@pytest.mark.parametrize("bad_name, reason", [
    (f"problems/{SLUG}/../../../evil.py", "path traversal"),
    ("../evil.py", "path traversal"),
    ("/etc/cron.d/evil", "absolute path"),
    ("C:/evil.py", "absolute path"),
    (f"problems\\{SLUG}\\evil.py", "backslashes"),
])
def test_unsafe_paths_are_refused(tmp_bank: Path, tmp_path: Path, bad_name: str, reason: str) -> None:
    good, _ = archive.export_bytes(tmp_bank, SLUG)
    data = _zip(_entries(good) + [(bad_name, b"print('pwned')\n")])
    dest = tmp_path / "dest"
    with pytest.raises(archive.ArchiveError, match=reason):
        archive.import_archive(data, dest)
    assert not dest.exists()
    assert not (tmp_path / "evil.py").exists()


def test_symlinks_are_refused(tmp_bank: Path, tmp_path: Path) -> None:
    good, _ = archive.export_bytes(tmp_bank, SLUG)
    data = _zip(_entries(good), symlink=f"problems/{SLUG}/data.txt")
    with pytest.raises(archive.ArchiveError, match="symlinks are not allowed"):
        archive.import_archive(data, tmp_path / "dest")


def test_files_outside_the_problem_are_refused(tmp_bank: Path, tmp_path: Path) -> None:
    good, _ = archive.export_bytes(tmp_bank, SLUG)
    entries = [e for e in _entries(good) if e[0] != archive.MANIFEST]
    data = _zip(_with_manifest(entries + [("problems/other/problem.toml", b"x")]))
    with pytest.raises(archive.ArchiveError, match="may only hold"):
        archive.import_archive(data, tmp_path / "dest")


def test_tampered_and_foreign_archives(tmp_bank: Path, tmp_path: Path) -> None:
    good, _ = archive.export_bytes(tmp_bank, SLUG)
    tampered = [(n, d + b"\n# changed\n" if n.endswith("tests.py") else d) for n, d in _entries(good)]
    with pytest.raises(archive.ArchiveError, match="checksum mismatch"):
        archive.import_archive(_zip(tampered), tmp_path / "dest")
    no_manifest = [e for e in _entries(good) if e[0] != archive.MANIFEST]
    with pytest.raises(archive.ArchiveError, match="no manifest.json"):
        archive.import_archive(_zip(no_manifest), tmp_path / "dest")
    with pytest.raises(archive.ArchiveError, match="not a zip"):
        archive.import_archive(b"not a zip at all", tmp_path / "dest")
    assert not (tmp_path / "dest").exists()


def test_archive_that_does_not_load_is_not_installed(tmp_bank: Path, tmp_path: Path) -> None:
    good, _ = archive.export_bytes(tmp_bank, SLUG)
    entries = [(n, b"slug = 'row-softmax'\nbogus = [\n" if n.endswith("problem.toml") else d)
               for n, d in _entries(good) if n != archive.MANIFEST]
    with pytest.raises(archive.ArchiveError, match="does not load"):
        archive.import_archive(_zip(_with_manifest(entries)), tmp_path / "dest")
    assert not (tmp_path / "dest" / "problems" / SLUG).exists()


def test_export_refuses_a_broken_problem(tmp_bank: Path) -> None:
    (tmp_bank / "reference" / f"{SLUG}.py").unlink()
    with pytest.raises(archive.ArchiveError, match="cannot export"):
        archive.export_bytes(tmp_bank, SLUG)
