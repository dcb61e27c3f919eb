"""Assist pipelines, after homeassistant/components/assist_pipeline/__init__.py and websocket_api.py: the
stored pipelines and the admin commands that create, update and list them (StorageCollectionWebsocket's
`assist_pipeline/pipeline/create|update|list`)."""

from __future__ import annotations

from typing import Any

import voluptuous as vol

from homeassistant.components import websocket_api
from homeassistant.core import HomeAssistant

from .pipeline import (
    DOMAIN,
    KEY_ASSIST_PIPELINE,
    PIPELINE_FIELDS,
    Pipeline,
    PipelineData,
    async_get_pipelines,
    async_setup_pipeline_store,
    async_update_pipeline,
)

__all__ = ["DOMAIN", "KEY_ASSIST_PIPELINE", "Pipeline", "PipelineData", "async_get_pipelines",
           "async_update_pipeline"]


@websocket_api.require_admin
@websocket_api.websocket_command({vol.Required("type"): "assist_pipeline/pipeline/create", **PIPELINE_FIELDS})
@websocket_api.async_response
async def ws_create(hass: HomeAssistant, connection: websocket_api.ActiveConnection, msg: dict[str, Any]) -> None:
    data = {key: value for key, value in msg.items() if key not in ("id", "type")}
    pipeline = await hass.data[KEY_ASSIST_PIPELINE].pipeline_store.async_create_item(data)
    connection.send_result(msg["id"], pipeline.to_json())


@websocket_api.require_admin
@websocket_api.websocket_command({vol.Required("type"): "assist_pipeline/pipeline/update",
                                  vol.Required("pipeline_id"): str, **PIPELINE_FIELDS})
@websocket_api.async_response
async def ws_update(hass: HomeAssistant, connection: websocket_api.ActiveConnection, msg: dict[str, Any]) -> None:
    data = {key: value for key, value in msg.items() if key not in ("id", "type", "pipeline_id")}
    try:
        pipeline = await hass.data[KEY_ASSIST_PIPELINE].pipeline_store.async_update_item(msg["pipeline_id"], data)
    except KeyError:
        connection.send_error(msg["id"], websocket_api.ERR_NOT_FOUND, f"Unable to find pipeline_id {msg['pipeline_id']}")
        return
    connection.send_result(msg["id"], pipeline.to_json())


@websocket_api.websocket_command({vol.Required("type"): "assist_pipeline/pipeline/list"})
@websocket_api.async_response
async def ws_list(hass: HomeAssistant, connection: websocket_api.ActiveConnection, msg: dict[str, Any]) -> None:
    store = hass.data[KEY_ASSIST_PIPELINE].pipeline_store
    connection.send_result(msg["id"], {"pipelines": [p.to_json() for p in store.async_items()],
                                       "preferred_pipeline": store.async_get_preferred_item()})


async def async_setup(hass: HomeAssistant, config: dict[str, Any]) -> bool:
    hass.data[KEY_ASSIST_PIPELINE] = await async_setup_pipeline_store(hass)
    for handler in (ws_create, ws_update, ws_list):
        websocket_api.async_register_command(hass, handler)
    return True
