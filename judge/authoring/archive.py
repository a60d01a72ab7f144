"""Problem archives: `judge export` writes one, `judge import` and `judge push` install one.

An archive is a zip laid out like a bank, so unpacking it anywhere gives a bank holding
exactly one problem:

    manifest.json                 format, slug, title, version, and every file's sha256
    problems/<slug>/...           the problem folder (problem.toml, statement.md, ...)
    reference/<slug>.py           its reference solution

Reading is defensive, since archives come from elsewhere: absolute paths, `..`,
backslashes, symlinks, duplicate names, files outside those two places, oversized
contents and checksum mismatches are refused before anything touches the disk. The
unpacked problem is then loaded with the ordinary loader in a temporary bank, and only
installed into the real bank (replacing an existing problem only when asked) once that
works.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import stat
import tempfile
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from judge.catalog.loader import ProblemError, load_problem
from judge.catalog.models import SLUG_RE

FORMAT = "judge-problem"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MAX_FILES = 500
MAX_FILE_BYTES = 32 << 20
MAX_TOTAL_BYTES = 64 << 20
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_DRIVE = re.compile(r"^[A-Za-z]:")
STAGING = ".judge-staging"  # inside the bank, so installing is a rename on one filesystem


class ArchiveError(ValueError):
    """The archive is unsafe or invalid, or installing it would overwrite without --force."""


@dataclass
class Staged:
    """An archive unpacked and loaded in a temporary bank, not yet installed."""

    slug: str
    manifest: dict[str, Any]
    bank: Path


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _skip(path: Path) -> bool:
    return "__pycache__" in path.parts or path.suffix in (".pyc", ".pyo") or path.name == ".DS_Store"


def problem_files(bank: Path, slug: str) -> list[tuple[str, Path]]:
    """(name in the archive, path on disk) for the problem folder and its reference."""
    folder = bank / "problems" / slug
    ref = bank / "reference" / f"{slug}.py"
    out = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if _skip(rel):
            continue
        if path.is_symlink():
            raise ArchiveError(f"{path} is a symlink: archives hold regular files only")
        if path.is_file():
            out.append((f"problems/{slug}/{rel.as_posix()}", path))
    if ref.is_symlink():
        raise ArchiveError(f"{ref} is a symlink: archives hold regular files only")
    out.append((f"reference/{slug}.py", ref))
    return out


def export_bytes(bank: Path, slug: str) -> tuple[bytes, dict[str, Any]]:
    """The archive of one problem (which must load), and its manifest."""
    try:
        problem = load_problem(bank, slug)
    except ProblemError as exc:
        raise ArchiveError(f"cannot export: {exc}") from exc
    entries = [(name, path.read_bytes()) for name, path in problem_files(bank, slug)]
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "slug": slug,
        "title": problem.meta.title,
        "version": problem.version,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "files": [{"path": n, "sha256": _sha256(d), "size": len(d)} for n, d in entries],
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in [(MANIFEST, json.dumps(manifest, indent=2).encode())] + entries:
            info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buf.getvalue(), manifest


def export_problem(bank: Path, slug: str, out: Path) -> dict[str, Any]:
    data, manifest = export_bytes(bank, slug)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return manifest


# --- reading ---------------------------------------------------------------------------------

def check_member_name(name: str) -> PurePosixPath:
    """A safe relative path, or ArchiveError naming what is wrong with it."""
    if not name or "\x00" in name:
        raise ArchiveError("an archive entry has an empty or NUL-containing name")
    if "\\" in name:
        raise ArchiveError(f"refusing {name!r}: backslashes in archive paths")
    if name.startswith("/") or _DRIVE.match(name):
        raise ArchiveError(f"refusing {name!r}: absolute path")
    parts = name.rstrip("/").split("/")
    if any(p in ("", ".", "..") for p in parts):
        raise ArchiveError(f"refusing {name!r}: path traversal ('..', '.' or empty components)")
    return PurePosixPath(*parts)


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    mode = info.external_attr >> 16
    return stat.S_ISLNK(mode)


def read_archive(data: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Validate an archive fully in memory: its manifest and {name: contents}."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ArchiveError(f"not a zip archive: {exc}") from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_FILES:
            raise ArchiveError(f"too many entries ({len(infos)} > {MAX_FILES})")
        files: dict[str, bytes] = {}
        total = 0
        for info in infos:
            path = check_member_name(info.filename)
            if _is_symlink(info):
                raise ArchiveError(f"refusing {info.filename!r}: symlinks are not allowed")
            if info.is_dir():
                continue
            kind = stat.S_IFMT(info.external_attr >> 16)
            if kind not in (0, stat.S_IFREG):
                raise ArchiveError(f"refusing {info.filename!r}: not a regular file")
            if info.file_size > MAX_FILE_BYTES:
                raise ArchiveError(f"{info.filename!r} is too large ({info.file_size} bytes)")
            total += info.file_size
            if total > MAX_TOTAL_BYTES:
                raise ArchiveError(f"archive contents exceed {MAX_TOTAL_BYTES >> 20} MiB")
            key = path.as_posix()
            if key in files:
                raise ArchiveError(f"duplicate entry {key!r}")
            with zf.open(info) as fh:
                body = fh.read(MAX_FILE_BYTES + 1)
            if len(body) != info.file_size:
                raise ArchiveError(f"{key!r} does not have its declared size")
            files[key] = body
    if MANIFEST not in files:
        raise ArchiveError(f"no {MANIFEST}: not a problem archive (make one with `judge export`)")
    try:
        manifest = json.loads(files.pop(MANIFEST))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ArchiveError(f"{MANIFEST} is not valid JSON: {exc}") from exc
    _check_manifest(manifest, files)
    return manifest, files


def _check_manifest(manifest: Any, files: dict[str, bytes]) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError(f"{MANIFEST} does not describe a {FORMAT!r} archive")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ArchiveError(f"unsupported archive format version {manifest.get('format_version')!r}")
    slug = manifest.get("slug")
    if not isinstance(slug, str) or not SLUG_RE.match(slug):
        raise ArchiveError(f"invalid slug in {MANIFEST}: {slug!r}")
    ref = f"reference/{slug}.py"
    prefix = f"problems/{slug}/"
    for name in files:
        if name != ref and not name.startswith(prefix):
            raise ArchiveError(f"refusing {name!r}: archives may only hold {prefix}… and {ref}")
    if ref not in files:
        raise ArchiveError(f"the archive has no {ref}")
    if f"{prefix}problem.toml" not in files:
        raise ArchiveError(f"the archive has no {prefix}problem.toml")
    listed = manifest.get("files")
    if not isinstance(listed, list):
        raise ArchiveError(f"{MANIFEST} has no file list")
    sums = {}
    for entry in listed:
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            raise ArchiveError(f"{MANIFEST} has a malformed file entry")
        sums[entry["path"]] = entry.get("sha256")
    if set(sums) != set(files):
        missing = sorted(set(sums) - set(files))
        extra = sorted(set(files) - set(sums))
        raise ArchiveError(f"the archive does not match its manifest (missing: {missing[:5]}, "
                           f"unlisted: {extra[:5]})")
    for name, body in files.items():
        if sums[name] != _sha256(body):
            raise ArchiveError(f"checksum mismatch for {name!r}: the archive is corrupt")


@contextlib.contextmanager
def staged(data: bytes, workdir: Path | None = None) -> Iterator[Staged]:
    """Unpack a validated archive into a temporary bank and load it with the normal loader."""
    manifest, files = read_archive(data)
    slug = manifest["slug"]
    with tempfile.TemporaryDirectory(prefix="judge-import-", dir=workdir) as tmp:
        root = Path(tmp).resolve()
        for name, body in files.items():
            dest = (root / name).resolve()
            if not dest.is_relative_to(root):  # belt and braces after check_member_name
                raise ArchiveError(f"refusing {name!r}: it would land outside the bank")
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(body)
        try:
            load_problem(root, slug)
        except ProblemError as exc:
            raise ArchiveError(f"the archived problem does not load: {exc.message}") from exc
        yield Staged(slug, manifest, root)


def exists(bank: Path, slug: str) -> bool:
    return (bank / "problems" / slug).exists() or (bank / "reference" / f"{slug}.py").exists()


def install(source_bank: Path, slug: str, bank: Path, force: bool = False) -> bool:
    """Copy one problem from source_bank into bank; True if it replaced an existing one."""
    replaced = exists(bank, slug)
    if replaced and not force:
        raise ArchiveError(f"problem {slug!r} already exists in {bank}: use --force to replace it")
    problems = bank / "problems"
    refs = bank / "reference"
    stage = bank / STAGING
    for d in (problems, refs, stage):
        d.mkdir(parents=True, exist_ok=True)
    tag = uuid.uuid4().hex[:12]
    new_folder = stage / f"{slug}.{tag}"
    new_ref = stage / f"{slug}.{tag}.py"
    old_folder = stage / f"{slug}.{tag}.old"
    shutil.copytree(source_bank / "problems" / slug, new_folder,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copyfile(source_bank / "reference" / f"{slug}.py", new_ref)
    dest = problems / slug
    try:
        if dest.is_symlink() or dest.is_file():
            dest.unlink()
        elif dest.exists():
            os.rename(dest, old_folder)
        try:
            os.rename(new_folder, dest)
            os.replace(new_ref, refs / f"{slug}.py")
        except OSError:
            if old_folder.exists():  # put the previous version back
                if dest.exists():
                    shutil.rmtree(dest, ignore_errors=True)
                os.rename(old_folder, dest)
            raise
    finally:
        shutil.rmtree(old_folder, ignore_errors=True)
        shutil.rmtree(new_folder, ignore_errors=True)
        with contextlib.suppress(OSError):
            new_ref.unlink()
        with contextlib.suppress(OSError):
            stage.rmdir()
    return replaced


def import_archive(data: bytes, bank: Path, force: bool = False) -> tuple[str, bool, dict[str, Any]]:
    """Validate, load in a temporary bank, then install: (slug, replaced, manifest)."""
    with staged(data) as st:
        if exists(bank, st.slug) and not force:
            raise ArchiveError(f"problem {st.slug!r} already exists in {bank}: use --force to "
                               "replace it")
        replaced = install(st.bank, st.slug, bank, force=force)
        return st.slug, replaced, st.manifest
