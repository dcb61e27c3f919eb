"""Selectors, after homeassistant/helpers/selector.py: text, select and entity (validation and the shape the
frontend reads)."""

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


class SelectOptionDict(TypedDict):
    value: str
    label: str


class SelectSelectorMode(StrEnum):
    DROPDOWN = "dropdown"
    LIST = "list"


class SelectSelectorConfig(TypedDict, total=False):
    options: list[SelectOptionDict] | list[str]
    multiple: bool
    custom_value: bool
    mode: SelectSelectorMode
    translation_key: str
    sort: bool


class SelectSelector:
    """A choice among options: one value, or a list of them with `multiple`; custom_value allows others."""

    selector_type = "select"

    def __init__(self, config: SelectSelectorConfig) -> None:
        self.config: dict[str, Any] = {"multiple": False, "custom_value": False, "sort": False, **config}

    def serialize(self) -> dict[str, Any]:
        return {"selector": {self.selector_type: dict(self.config)}}

    def _values(self) -> list[str]:
        return [option if isinstance(option, str) else option["value"] for option in self.config["options"]]

    def __call__(self, data: Any) -> Any:
        check = vol.Schema(str) if self.config["custom_value"] else vol.In(self._values())
        if not self.config["multiple"]:
            return check(data)
        if not isinstance(data, list):
            raise vol.Invalid("Value should be a list")
        return [check(value) for value in data]


class EntitySelectorConfig(TypedDict, total=False):
    domain: str | list[str]
    multiple: bool


class EntitySelector:
    """Entity ids, of the given domains (HA also filters by integration and device class, unused here)."""

    selector_type = "entity"

    def __init__(self, config: EntitySelectorConfig | None = None) -> None:
        self.config: dict[str, Any] = {"multiple": False, **(config or {})}

    def serialize(self) -> dict[str, Any]:
        config = dict(self.config)
        if "domain" in config:
            config["filter"] = [{"domain": config.pop("domain")}]
        return {"selector": {self.selector_type: config}}

    def _check(self, value: Any) -> str:
        entity_id = vol.Schema(str)(value).strip().lower()
        domain, _, object_id = entity_id.partition(".")
        domains = self.config.get("domain")
        allowed = [domains] if isinstance(domains, str) else domains
        if not object_id or (allowed and domain not in allowed):
            raise vol.Invalid(f"Entity {value} belongs to domain {domain}, expected {allowed}")
        return entity_id

    def __call__(self, data: Any) -> Any:
        if not self.config["multiple"]:
            return self._check(data)
        if not isinstance(data, list):
            raise vol.Invalid("Value should be a list")
        return [self._check(value) for value in data]
