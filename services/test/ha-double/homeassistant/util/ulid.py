"""ULIDs, after homeassistant/util/ulid.py (the ulid-transform package): 48 bits of milliseconds, 80 random."""

from __future__ import annotations

import os
import time

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_DECODE = {char: index for index, char in enumerate(_CROCKFORD)}


def ulid_now() -> str:
    value = (int(time.time() * 1000) << 80) | int.from_bytes(os.urandom(10), "big")
    return "".join(_CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))


def ulid_to_bytes(value: str) -> bytes:
    """The 16 bytes of a ULID; ValueError for anything that is not one (as ulid-transform raises)."""
    if len(value) != 26 or value[0] not in "01234567":
        raise ValueError(f"ULID must be a 26 character string: {value!r}")
    number = 0
    for char in value.upper():
        if char not in _DECODE:
            raise ValueError(f"Invalid ULID character: {char!r}")
        number = number * 32 + _DECODE[char]
    return number.to_bytes(16, "big")
