"""Message shapes, after homeassistant/components/websocket_api/messages.py."""

from __future__ import annotations

import logging
from typing import Any, Final

import voluptuous as vol

from homeassistant.components.http import json_dumps
from homeassistant.helpers import config_validation as cv

from . import const

_LOGGER = logging.getLogger(__name__)

# The minimum of every command; handlers extend this one.
BASE_COMMAND_MESSAGE_SCHEMA: Final = vol.Schema({vol.Required("id"): cv.positive_int})


def result_message(iden: int, result: Any = None) -> dict[str, Any]:
    return {"id": iden, "type": const.TYPE_RESULT, "success": True, "result": result}


def error_message(
    iden: int | None,
    code: str,
    message: str,
    translation_key: str | None = None,
    translation_domain: str | None = None,
    translation_placeholders: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An error result; the translation fields appear only when there is a translation key."""
    error: dict[str, Any] = {"code": code, "message": message}
    if translation_key is not None:
        error["translation_key"] = translation_key
        error["translation_placeholders"] = translation_placeholders
        error["translation_domain"] = translation_domain
    return {"id": iden, "type": const.TYPE_RESULT, "success": False, "error": error}


def event_message(iden: int, event: Any) -> dict[str, Any]:
    return {"id": iden, "type": "event", "event": event}


def message_to_json(message: dict[str, Any]) -> str:
    """JSON for the wire; what cannot be serialised becomes an unknown_error for the same id."""
    try:
        return json_dumps(message)
    except (ValueError, TypeError) as err:
        _LOGGER.error("Unable to serialize to JSON: %s (%s)", err, message)
        return json_dumps(error_message(message.get("id"), const.ERR_UNKNOWN_ERROR, "Invalid JSON in response"))
