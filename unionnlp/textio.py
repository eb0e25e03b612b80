"""Decoding bytes and reading text files (UTF-8 with or without BOM, GB18030)."""
from __future__ import annotations

import os

__all__ = ["DecodeError", "decode_bytes", "read_text_file"]


class DecodeError(ValueError):
    """Bytes that are neither UTF-8 nor GB18030."""


def decode_bytes(data: bytes | bytearray | memoryview, name: str = "<bytes>") -> str:
    """Decode page bytes: UTF-8 (a BOM is dropped), else GB18030 (covers GBK/GB2312).

    Raises :class:`DecodeError` naming ``name`` when neither decodes.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"decode_bytes() expects bytes, got {type(data).__name__}")
    b = bytes(data)
    try:
        return b.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if b.startswith(b"\x84\x31\x95\x33"):  # GB18030 BOM
        b = b[4:]
    try:
        return b.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"{name}: cannot decode as UTF-8 or GB18030 (byte {exc.start}: {b[exc.start:exc.start + 4]!r})"
        ) from None


def read_text_file(path: str | os.PathLike) -> str:
    """Read a text file in any of the encodings :func:`decode_bytes` accepts."""
    with open(path, "rb") as fh:
        return decode_bytes(fh.read(), str(path))
