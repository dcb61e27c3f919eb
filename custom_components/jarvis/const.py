"""Constants shared by the integration's modules."""

from __future__ import annotations

from typing import Final

DOMAIN: Final = "jarvis"
NAME: Final = "Jarvis"
DEFAULT_PORT: Final = 4000

# Config entry data besides CONF_HOST and CONF_PORT (homeassistant.const).
CONF_TOKEN: Final = "token"
# The add-on's slug when the Supervisor announced it, for the device's link to the add-on page.
CONF_ADDON_SLUG: Final = "addon_slug"

# Where HA serves the add-on's card files (card.py proxies them), and the card's own file among them.
CARD_BASE_URL: Final = "/jarvis_static"
CARD_FILE: Final = "jarvis-card.js"

# `jarvis/<command>` on HA's WebSocket is relayed to the add-on as `<command>`.
WS_PREFIX: Final = "jarvis/"

SERVICE_ASK: Final = "ask"
SERVICE_APPROVE: Final = "approve"
SERVICE_DENY: Final = "deny"
SERVICE_SPEAK: Final = "speak"
SERVICE_RUN_TOOL: Final = "run_tool"

# Options (both empty until the household picks targets): the phones (mobile_app notify services) that get
# held actions to approve, and the satellites and media players that announce alerts.
CONF_APPROVAL_PHONES: Final = "approval_phones"
CONF_ANNOUNCE_ON: Final = "announce_on"
