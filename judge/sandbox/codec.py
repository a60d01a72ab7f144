"""Strict binary codec and framing for the sandbox result channel.

Why not pickle or JSON: unpickling runs code chosen by the sender, and JSON
cannot carry ndarrays, big ints or the int/float distinction faithfully. The
decoder is the trust boundary: it rebuilds only plain Python values and plain
numeric ndarrays, and bounds depth, counts and sizes.
"""

from __future__ import annotations

import math
import os
import struct
from typing import Any

import numpy as np

MAX_DEPTH = 64
MAX_INT_BYTES = 4096
MAX_ITEMS = 1_000_000

# Only numeric and bool dtypes cross the boundary; object/str/void never do.
_DTYPES = {
    "b1", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f2", "f4", "f8", "c8", "c16",
}


class CodecError(ValueError):
    """The bytes are not a valid message, or the value cannot be encoded."""


class FrameTooLarge(CodecError):
    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"frame of {size} bytes exceeds the {limit}-byte limit")
        self.size = size
        self.limit = limit


def _dtype_code(dt: np.dtype[Any]) -> str:
    code = f"{dt.kind}{dt.itemsize}"
    if code not in _DTYPES:
        raise CodecError(f"unsupported dtype {dt}")
    return code


def encode(value: Any) -> bytes:
    out: list[Any] = []
    _enc(value, out, 0)
    return b"".join(out)


def _enc(v: Any, out: list[Any], depth: int) -> None:  # noqa: C901 - one branch per type
    if depth > MAX_DEPTH:
        raise CodecError("value nested too deeply")
    t = type(v)
    if v is None:
        out.append(b"N")
    elif t is bool:
        out.append(b"T" if v else b"F")
    elif t is int:
        n = (v.bit_length() + 8) // 8
        if n > MAX_INT_BYTES:
            raise CodecError("integer too large")
        out.append(b"i" + struct.pack(">I", n) + v.to_bytes(n, "big", signed=True))
    elif t is float:
        out.append(b"f" + struct.pack(">d", v))
    elif t is complex:
        out.append(b"c" + struct.pack(">dd", v.real, v.imag))
    elif t is str:
        b = v.encode("utf-8", "surrogatepass")
        out.append(b"s" + struct.pack(">I", len(b)) + b)
    elif t is bytes:
        out.append(b"b" + struct.pack(">I", len(v)) + v)
    elif t is list or t is tuple:
        out.append((b"l" if t is list else b"t") + struct.pack(">I", len(v)))
        for item in v:
            _enc(item, out, depth + 1)
    elif t is dict:
        out.append(b"d" + struct.pack(">I", len(v)))
        for k, item in v.items():
            _enc(k, out, depth + 1)
            _enc(item, out, depth + 1)
    elif isinstance(v, np.ndarray):
        # Subclasses are flattened to their raw buffer: whatever they override,
        # the receiver only ever sees a plain array of these bytes.
        arr = np.asarray(v).view(np.ndarray)
        code = _dtype_code(arr.dtype)
        arr = arr.astype(arr.dtype.newbyteorder("<"), copy=False)
        if not arr.flags.c_contiguous:  # not ascontiguousarray: it turns 0-d arrays into 1-d
            arr = arr.copy(order="C")
        head = struct.pack(">BB", len(code), arr.ndim) + code.encode()
        head += b"".join(struct.pack(">Q", d) for d in arr.shape)
        out.append(b"a" + head + struct.pack(">Q", arr.nbytes))
        # The array's own buffer, not a copy: the final join is the only copy made.
        out.append(arr.data.cast("B") if arr.nbytes else b"")
    elif isinstance(v, np.generic):
        code = _dtype_code(v.dtype)
        raw = np.asarray(v).astype(v.dtype.newbyteorder("<")).tobytes()
        out.append(b"g" + struct.pack(">B", len(code)) + code.encode() + raw)
    else:
        raise CodecError(f"cannot encode a value of type {t.__module__}.{t.__qualname__}")


class _Reader:
    def __init__(self, data: bytes | bytearray) -> None:
        self.data = memoryview(data)
        self.pos = 0
        self.items = 0

    def take(self, n: int) -> memoryview:
        if n < 0 or self.pos + n > len(self.data):
            raise CodecError("truncated message")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def u32(self) -> int:
        return int(struct.unpack(">I", self.take(4))[0])

    def count(self, n: int) -> int:
        self.items += n
        if self.items > MAX_ITEMS:
            raise CodecError("too many items")
        return n


def decode(data: bytes | bytearray) -> Any:
    r = _Reader(data)
    value = _dec(r, 0)
    if r.pos != len(r.data):
        raise CodecError("trailing bytes after message")
    return value


def _dec(r: _Reader, depth: int) -> Any:  # noqa: C901 - one branch per tag
    if depth > MAX_DEPTH:
        raise CodecError("message nested too deeply")
    tag = bytes(r.take(1))
    if tag == b"N":
        return None
    if tag == b"T":
        return True
    if tag == b"F":
        return False
    if tag == b"i":
        n = r.u32()
        if n > MAX_INT_BYTES:
            raise CodecError("integer too large")
        return int.from_bytes(r.take(n), "big", signed=True)
    if tag == b"f":
        return float(struct.unpack(">d", r.take(8))[0])
    if tag == b"c":
        re_, im = struct.unpack(">dd", r.take(16))
        return complex(re_, im)
    if tag == b"s":
        try:
            return str(r.take(r.u32()), "utf-8", "surrogatepass")
        except UnicodeDecodeError as exc:
            raise CodecError("invalid UTF-8 in string") from exc
    if tag == b"b":
        return bytes(r.take(r.u32()))
    if tag in (b"l", b"t"):
        n = r.count(r.u32())
        items = [_dec(r, depth + 1) for _ in range(n)]
        return items if tag == b"l" else tuple(items)
    if tag == b"d":
        n = r.count(r.u32())
        out: dict[Any, Any] = {}
        for _ in range(n):
            k = _dec(r, depth + 1)
            try:
                hash(k)
            except TypeError as exc:
                raise CodecError("unhashable dict key") from exc
            out[k] = _dec(r, depth + 1)
        return out
    if tag == b"a":
        clen, ndim = struct.unpack(">BB", r.take(2))
        code = str(r.take(clen), "ascii", "replace")
        if code not in _DTYPES or ndim > 32:
            raise CodecError(f"unsupported array dtype {code!r} or ndim {ndim}")
        shape = tuple(struct.unpack(">Q", r.take(8))[0] for _ in range(ndim))
        nbytes = struct.unpack(">Q", r.take(8))[0]
        dt = np.dtype("<" + code if code != "b1" else "?")
        # Every dimension, and the product of the non-zero ones, must be addressable: numpy
        # refuses larger shapes even for empty arrays, and that refusal must not escape as
        # anything but a codec error.
        if any(d >= 2**48 for d in shape) or math.prod(d for d in shape if d) >= 2**48:
            raise CodecError("array shape too large")
        if nbytes != math.prod(shape) * dt.itemsize:
            raise CodecError("array byte count does not match its shape")
        try:
            arr = np.frombuffer(r.take(nbytes), dtype=dt).reshape(shape)
        except (ValueError, OverflowError) as exc:
            raise CodecError(f"invalid array: {exc}") from exc
        # One copy: the result owns writable memory, independent of the message buffer.
        return arr.astype(dt.newbyteorder("="), copy=True)
    if tag == b"g":
        clen = struct.unpack(">B", r.take(1))[0]
        code = str(r.take(clen), "ascii", "replace")
        if code not in _DTYPES:
            raise CodecError(f"unsupported scalar dtype {code!r}")
        dt = np.dtype("<" + code if code != "b1" else "?")
        return np.frombuffer(bytes(r.take(dt.itemsize)), dtype=dt)[0].astype(dt.newbyteorder("="))
    raise CodecError(f"unknown tag {tag!r}")


# --- framing ---------------------------------------------------------------

_HEADER = struct.Struct(">I")


def write_frame(fd: int, value: Any) -> None:
    data = memoryview(frame_bytes(value))
    while data:
        n = os.write(fd, data)
        data = data[n:]


def frame_bytes(value: Any) -> bytes:
    parts: list[Any] = [b""]
    _enc(value, parts, 0)
    parts[0] = _HEADER.pack(sum(len(p) if isinstance(p, bytes) else p.nbytes for p in parts))
    return b"".join(parts)


class FrameReader:
    """Incremental frame parser: feed bytes as they arrive, pop whole frames."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.buf = bytearray()

    def feed(self, data: bytes) -> None:
        self.buf += data
        if len(self.buf) >= 4:
            size = _HEADER.unpack_from(self.buf)[0]
            if size > self.limit:
                raise FrameTooLarge(size, self.limit)

    def pop(self) -> bytes | None:
        if len(self.buf) < 4:
            return None
        size = _HEADER.unpack_from(self.buf)[0]
        if size > self.limit:
            raise FrameTooLarge(size, self.limit)
        if len(self.buf) < 4 + size:
            return None
        if len(self.buf) == 4 + size:  # the common case: hand over the buffer, no copy
            payload, self.buf = self.buf, bytearray()
            return bytes(memoryview(payload)[4:])
        with memoryview(self.buf) as view:
            payload_b = bytes(view[4 : 4 + size])
        del self.buf[: 4 + size]
        return payload_b


def read_frame_blocking(fd: int, limit: int) -> Any:
    """Blocking read of one frame; used inside the sandbox where time is not ours to manage."""
    head = _read_exact(fd, 4)
    size = _HEADER.unpack(head)[0]
    if size > limit:
        raise FrameTooLarge(size, limit)
    return decode(_read_exact(fd, size))


def _read_exact(fd: int, n: int) -> bytearray:
    buf = bytearray(n)
    view = memoryview(buf)
    pos = 0
    while pos < n:
        got = os.readv(fd, [view[pos:]])
        if not got:
            raise EOFError("channel closed")
        pos += got
    return buf
