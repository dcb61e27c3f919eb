"""Validators, after homeassistant/helpers/config_validation.py (the subset in use), with HA's messages."""

from __future__ import annotations

from collections.abc import Callable
import logging
import re
from typing import Any

import voluptuous as vol

from homeassistant.const import (
    ATTR_AREA_ID,
    ATTR_DEVICE_ID,
    ATTR_ENTITY_ID,
    ATTR_FLOOR_ID,
    ATTR_LABEL_ID,
    ENTITY_MATCH_ALL,
    ENTITY_MATCH_NONE,
)

_LOGGER = logging.getLogger(__name__)
# homeassistant/core.py VALID_ENTITY_ID: no double or edge underscores in either part.
_VALID_ENTITY_ID = re.compile(r"^(?!.+__)(?!_)[\da-z_]+(?<!_)\.(?!_)[\da-z_]+(?<!_)$")

positive_int = vol.All(vol.Coerce(int), vol.Range(min=0))
port = vol.All(vol.Coerce(int), vol.Range(min=1, max=65535))


def valid_entity_id(entity_id: str) -> bool:
    return _VALID_ENTITY_ID.match(entity_id) is not None


def string(value: Any) -> str:
    """Coerces to a string, except None, lists and dicts."""
    if value is None:
        raise vol.Invalid("string value is None")
    if type(value) is str:
        return value
    if isinstance(value, (list, dict)):
        raise vol.Invalid("value should be a string")
    return str(value)


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        value = value.lower().strip()
        if value in ("1", "true", "yes", "on", "enable"):
            return True
        if value in ("0", "false", "no", "off", "disable"):
            return False
    elif isinstance(value, (int, float)):
        return bool(value)
    raise vol.Invalid(f"invalid boolean value {value}")


def ensure_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def entity_id(value: Any) -> str:
    str_value = string(value).lower()
    if valid_entity_id(str_value):
        return str_value
    raise vol.Invalid(f"Entity ID {value} is an invalid entity ID")


def entity_ids(value: str | list[Any]) -> list[str]:
    if value is None:
        raise vol.Invalid("Entity IDs can not be None")
    if isinstance(value, str):
        value = [ent_id.strip() for ent_id in value.split(",")]
    return [entity_id(ent_id) for ent_id in value]


comp_entity_ids = vol.Any(vol.All(vol.Lower, vol.Any(ENTITY_MATCH_ALL, ENTITY_MATCH_NONE)), entity_ids)


def match_all(value: Any) -> Any:
    return value


# Targets of an entity service. HA also takes templates here; the double does not render templates.
_ID_LIST = vol.Any(ENTITY_MATCH_NONE, vol.All(ensure_list, [str]))
ENTITY_SERVICE_FIELDS: dict[Any, Any] = {
    vol.Optional(ATTR_ENTITY_ID): comp_entity_ids,
    vol.Optional(ATTR_DEVICE_ID): _ID_LIST,
    vol.Optional(ATTR_AREA_ID): _ID_LIST,
    vol.Optional(ATTR_FLOOR_ID): _ID_LIST,
    vol.Optional(ATTR_LABEL_ID): _ID_LIST,
}


def config_entry_only_config_schema(domain: str) -> vol.Schema:
    """Accepts any configuration, warning (as HA raises a repair issue) when YAML names the domain."""

    def validator(config: dict[str, Any]) -> dict[str, Any]:
        if domain in config:
            _LOGGER.error("The %s integration does not support YAML setup, please remove it from your "
                          "configuration", domain)
        return config

    return vol.Schema(validator)


def has_at_least_one_key(*keys: Any) -> Callable[[dict], dict]:
    """A mapping with at least one of the keys (HA's validator of the same name)."""

    def validate(obj: dict) -> dict:
        if not isinstance(obj, dict):
            raise vol.Invalid("expected dictionary")
        if not any(key in obj for key in keys):
            raise vol.Invalid(f"must contain at least one of {', '.join(keys)}.")
        return obj

    return validate
