"""Repairs, after homeassistant/components/repairs/websocket_api.py: `repairs/list_issues` (active issues, as
HA serialises them) and `repairs/ignore_issue`. Fix flows are not modelled."""

from __future__ import annotations

import dataclasses
from typing import Any

import voluptuous as vol

from homeassistant.components import websocket_api
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir

DOMAIN = "repairs"


@websocket_api.websocket_command({vol.Required("type"): "repairs/list_issues"})
@callback
def ws_list_issues(hass: HomeAssistant, connection: websocket_api.ActiveConnection, msg: dict[str, Any]) -> None:
    def ws_dict(kv_pairs: list[tuple[Any, Any]]) -> dict[Any, Any]:
        excluded_keys = ("active", "data", "is_persistent")
        result = {k: v for k, v in kv_pairs if k not in excluded_keys}
        result["ignored"] = result["dismissed_version"] is not None
        result["created"] = result["created"].isoformat()
        return result

    issues = [dataclasses.asdict(issue, dict_factory=ws_dict)
              for issue in ir.async_get(hass).issues.values() if issue.active]
    connection.send_result(msg["id"], {"issues": issues})


@websocket_api.websocket_command({vol.Required("type"): "repairs/ignore_issue", vol.Required("domain"): str,
                                  vol.Required("issue_id"): str, vol.Required("ignore"): bool})
@callback
def ws_ignore_issue(hass: HomeAssistant, connection: websocket_api.ActiveConnection, msg: dict[str, Any]) -> None:
    ir.async_get(hass).async_ignore(msg["domain"], msg["issue_id"], msg["ignore"])
    connection.send_result(msg["id"])


async def async_setup(hass: HomeAssistant, config: dict[str, Any]) -> bool:
    ir.async_get(hass)
    websocket_api.async_register_command(hass, ws_list_issues)
    websocket_api.async_register_command(hass, ws_ignore_issue)
    return True
