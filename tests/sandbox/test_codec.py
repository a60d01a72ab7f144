"""The result channel's codec is the trust boundary: it must rebuild plain values or refuse."""

from __future__ import annotations

import struct

import numpy as np
import pytest

from judge.sandbox import codec


@pytest.mark.parametrize("value", [
    None, True, False, 0, -1, 2**200, -(2**70), 1.5, float("inf"), complex(1, -2), "héllo", b"\x00\xff",
    [1, [2, [3]]], (1, "a"), {"a": [1, 2], 3: (4,)},
    np.arange(6, dtype=np.int32).reshape(2, 3), np.array([1.5, np.nan], dtype=np.float32),
    np.zeros((0, 3)), np.array(True), np.array([1 + 2j]), np.float64(2.5), np.int8(-3), np.bool_(True),
])
def test_round_trip(value: object) -> None:
    back = codec.decode(codec.encode(value))
    if isinstance(value, np.ndarray):
        assert type(back) is np.ndarray and back.dtype == value.dtype and back.shape == value.shape
        np.testing.assert_array_equal(back, value)
    elif isinstance(value, np.generic):
        assert type(back) is type(value) and back == value
    else:
        assert back == value and type(back) is type(value)


def test_subclass_arrives_as_plain_ndarray() -> None:
    class Sneaky(np.ndarray):
        def __eq__(self, other: object) -> bool:  # type: ignore[override]
            return True

    back = codec.decode(codec.encode(np.arange(3.0).view(Sneaky)))
    assert type(back) is np.ndarray
    assert not np.array_equal(back, np.zeros(3))


@pytest.mark.parametrize("value", [object(), {1, 2}, np.array(["a"]), np.array([object()]),
                                   lambda: 1, pytest.param(2**40000, id="huge-int")])
def test_refuses_to_encode(value: object) -> None:
    with pytest.raises(codec.CodecError):
        codec.encode(value)


def _array_frame(code: bytes, shape: tuple[int, ...], nbytes: int, payload: bytes) -> bytes:
    head = struct.pack(">BB", len(code), len(shape)) + code + b"".join(struct.pack(">Q", d) for d in shape)
    return b"a" + head + struct.pack(">Q", nbytes) + payload


@pytest.mark.parametrize("data", [
    b"", b"X", b"i\x00\x00\x00\x08\x01", b"N" + b"N",                 # unknown, truncated, trailing
    b"s\x00\x00\x00\x02\xff\xfe",                                       # invalid UTF-8
    b"i" + struct.pack(">I", 10**6),                                    # oversized int header
    _array_frame(b"O8", (1,), 8, b"\x00" * 8),                          # object dtype
    _array_frame(b"U4", (1,), 4, b"abcd"),                              # string dtype
    _array_frame(b"f8", (2, 2), 8, b"\x00" * 8),                        # bytes don't match shape
    b"d\x00\x00\x00\x01" + b"l\x00\x00\x00\x00" + b"N",                 # unhashable key
    b"l\x00\x00\x00\x01" * 200 + b"N",                                  # nested too deeply
    b"l" + struct.pack(">I", 2**31),                                    # absurd count
])
def test_decoder_rejects_malformed(data: bytes) -> None:
    with pytest.raises(codec.CodecError):
        codec.decode(data)


def test_pickle_payload_is_just_bytes() -> None:
    import pickle

    class Boom:
        def __reduce__(self):  # type: ignore[no-untyped-def]
            return (exec, ("raise SystemExit('ran')",))

    blob = pickle.dumps(Boom())
    with pytest.raises(codec.CodecError):
        codec.decode(blob)
    assert codec.decode(codec.encode(blob)) == blob  # bytes stay bytes, never unpickled


def test_frame_reader_enforces_limit() -> None:
    reader = codec.FrameReader(limit=16)
    with pytest.raises(codec.FrameTooLarge):
        reader.feed(struct.pack(">I", 17))
    reader = codec.FrameReader(limit=1024)
    frame = codec.frame_bytes({"t": "x"})
    reader.feed(frame[:3])
    assert reader.pop() is None
    reader.feed(frame[3:] + frame)
    assert codec.decode(reader.pop() or b"") == {"t": "x"}
    assert codec.decode(reader.pop() or b"") == {"t": "x"}
    assert reader.pop() is None
