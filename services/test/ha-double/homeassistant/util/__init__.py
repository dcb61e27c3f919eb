"""Utilities, after homeassistant/util/__init__.py (slugify only)."""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str | None, *, separator: str = "_") -> str:
    """ASCII, lower case, runs of anything else as one separator (python-slugify as HA configures it)."""
    if text == "" or text is None:
        return ""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", separator, ascii_text.lower()).strip(separator)
    return slug or "unknown"
