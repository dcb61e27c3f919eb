"""Constants, after homeassistant/const.py (the subset the integration and the double use)."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

MAJOR_VERSION: Final = 2025
MINOR_VERSION: Final = 10
PATCH_VERSION: Final = "0"
__version__: Final = f"{MAJOR_VERSION}.{MINOR_VERSION}.{PATCH_VERSION}"

CONF_HOST: Final = "host"
CONF_PORT: Final = "port"
CONF_TOKEN: Final = "token"

ATTR_ENTITY_ID: Final = "entity_id"
ATTR_DEVICE_ID: Final = "device_id"
ATTR_AREA_ID: Final = "area_id"
ATTR_FLOOR_ID: Final = "floor_id"
ATTR_LABEL_ID: Final = "label_id"
ATTR_FRIENDLY_NAME: Final = "friendly_name"
ATTR_SUPPORTED_FEATURES: Final = "supported_features"

ENTITY_MATCH_ALL: Final = "all"
ENTITY_MATCH_NONE: Final = "none"
MATCH_ALL: Final = "*"

EVENT_CALL_SERVICE: Final = "call_service"
EVENT_STATE_CHANGED: Final = "state_changed"
EVENT_HOMEASSISTANT_START: Final = "homeassistant_start"
EVENT_HOMEASSISTANT_STARTED: Final = "homeassistant_started"
EVENT_HOMEASSISTANT_STOP: Final = "homeassistant_stop"
EVENT_HOMEASSISTANT_FINAL_WRITE: Final = "homeassistant_final_write"
EVENT_HOMEASSISTANT_CLOSE: Final = "homeassistant_close"

STATE_UNAVAILABLE: Final = "unavailable"
STATE_UNKNOWN: Final = "unknown"


class Platform(StrEnum):
    """Entity platforms an integration can forward a config entry to."""

    AI_TASK = "ai_task"
    BINARY_SENSOR = "binary_sensor"
    BUTTON = "button"
    CONVERSATION = "conversation"
    MEDIA_PLAYER = "media_player"
    SENSOR = "sensor"
    STT = "stt"
    SWITCH = "switch"
    TTS = "tts"
