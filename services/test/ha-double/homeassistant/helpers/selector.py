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


class BooleanSelector:
    selector_type = "boolean"

    def __init__(self, config: dict[str, Any] | None = None) -> None:
        self.config: dict[str, Any] = dict(config or {})

    def serialize(self) -> dict[str, Any]:
        return {"selector": {self.selector_type: dict(self.config)}}

    def __call__(self, data: Any) -> bool:
        return bool(vol.Schema(bool)(data))


class NumberSelector:
    selector_type = "number"

    def __init__(self, config: dict[str, Any] | None = None) -> None:
        self.config: dict[str, Any] = {"mode": "slider", "step": 1, **(config or {})}

    def serialize(self) -> dict[str, Any]:
        return {"selector": {self.selector_type: dict(self.config)}}

    def __call__(self, data: Any) -> float:
        value = vol.Coerce(float)(data)
        if (minimum := self.config.get("min")) is not None and value < minimum:
            raise vol.Invalid(f"Value {value} is too small")
        if (maximum := self.config.get("max")) is not None and value > maximum:
            raise vol.Invalid(f"Value {value} is too large")
        return value


_SELECTORS: dict[str, Any] = {"text": TextSelector, "select": SelectSelector, "entity": EntitySelector,
                              "boolean": BooleanSelector, "number": NumberSelector}


def validate_selector(config: Any) -> dict[str, Any]:
    """One selector type with its config, as HA checks a selector given in YAML or a service call."""
    if not isinstance(config, dict):
        raise vol.Invalid("Expected a dictionary")
    if len(config) != 1:
        raise vol.Invalid(f"Only one type can be specified. Found {', '.join(config)}")
    selector_type = next(iter(config))
    if selector_type not in _SELECTORS:
        raise vol.Invalid(f"Unknown selector type {selector_type} found")
    return {selector_type: dict(config[selector_type] or {})}


def selector(config: Any) -> Any:
    """The selector object a config names (HA's selector())."""
    selector_type, selector_config = next(iter(validate_selector(config).items()))
    return _SELECTORS[selector_type](selector_config)
