"""Text selector, after homeassistant/helpers/selector.py: validates a string (or list of strings)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypedDict

import voluptuous as vol


class TextSelectorType(StrEnum):
    COLOR = "color"
    DATE = "date"
    DATETIME_LOCAL = "datetime-local"
    EMAIL = "email"
    MONTH = "month"
    NUMBER = "number"
    PASSWORD = "password"
    SEARCH = "search"
    TEL = "tel"
    TEXT = "text"
    TIME = "time"
    URL = "url"
    WEEK = "week"


class TextSelectorConfig(TypedDict, total=False):
    multiline: bool
    prefix: str
    suffix: str
    type: TextSelectorType
    autocomplete: str
    multiple: bool


class TextSelector:
    selector_type = "text"

    def __init__(self, config: TextSelectorConfig | None = None) -> None:
        self.config: dict[str, Any] = {"multiline": False, "multiple": False, **(config or {})}

    def serialize(self) -> dict[str, Any]:
        return {"selector": {self.selector_type: dict(self.config)}}

    def __call__(self, data: Any) -> str | list[str]:
        if not self.config["multiple"]:
            return vol.Schema(str)(data)
        if not isinstance(data, list):
            raise vol.Invalid("Value should be a list")
        return [vol.Schema(str)(value) for value in data]
