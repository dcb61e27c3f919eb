"""WebSocket constants, after homeassistant/components/websocket_api/const.py."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant

    from .connection import ActiveConnection

WebSocketCommandHandler = Callable[["HomeAssistant", "ActiveConnection", dict[str, Any]], None]
AsyncWebSocketCommandHandler = Callable[["HomeAssistant", "ActiveConnection", dict[str, Any]], Awaitable[None]]

DOMAIN: Final = "websocket_api"
URL: Final = "/api/websocket"
# A client that lets this many messages pile up is disconnected.
MAX_PENDING_MSG: Final = 4096

ERR_ID_REUSE: Final = "id_reuse"
ERR_INVALID_FORMAT: Final = "invalid_format"
ERR_NOT_ALLOWED: Final = "not_allowed"
ERR_NOT_FOUND: Final = "not_found"
ERR_NOT_SUPPORTED: Final = "not_supported"
ERR_HOME_ASSISTANT_ERROR: Final = "home_assistant_error"
ERR_SERVICE_VALIDATION_ERROR: Final = "service_validation_error"
ERR_UNKNOWN_COMMAND: Final = "unknown_command"
ERR_UNKNOWN_ERROR: Final = "unknown_error"
ERR_UNAUTHORIZED: Final = "unauthorized"
ERR_TIMEOUT: Final = "timeout"
ERR_TEMPLATE_ERROR: Final = "template_error"

TYPE_RESULT: Final = "result"
FEATURE_COALESCE_MESSAGES: Final = "coalesce_messages"
