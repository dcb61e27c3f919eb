"""Config entries over the API, after homeassistant/components/config/config_entries.py: the admin-only
`config_entries/get` WebSocket command and the config flow REST views the frontend drives."""

from __future__ import annotations

from contextlib import suppress
from http import HTTPStatus
import importlib
from typing import Any

import voluptuous as vol
from aiohttp import web

from homeassistant import config_entries, data_entry_flow
from homeassistant.components import websocket_api
from homeassistant.components.http import HomeAssistantView, require_admin
from homeassistant.core import HomeAssistant, async_get_hass, callback
from homeassistant.loader import async_get_integration

DOMAIN = "config"


def entry_json(entry: config_entries.ConfigEntry[Any]) -> dict[str, Any]:
    handler = config_entries.HANDLERS.get(entry.domain)
    if handler is None:
        # HA knows an integration's flow from its config_flow module, loaded or not.
        with suppress(ImportError):
            importlib.import_module(f"{async_get_integration(async_get_hass(), entry.domain).pkg_path}.config_flow")
        handler = config_entries.HANDLERS.get(entry.domain)
    return {
        "entry_id": entry.entry_id, "domain": entry.domain, "title": entry.title, "source": entry.source,
        "state": entry.state.value, "supports_unload": True, "disabled_by": None,
        "supports_reconfigure": handler is not None and hasattr(handler, "async_step_reconfigure"),
        "supports_options": handler is not None and hasattr(handler, "async_get_options_flow"),
        "reason": entry.reason, "error_reason_translation_key": entry.error_reason_translation_key,
        "error_reason_translation_placeholders": entry.error_reason_translation_placeholders,
    }


def _serialize_schema(schema: vol.Schema | None) -> list[dict[str, Any]]:
    """voluptuous_serialize's shape for the validators a flow here uses (str, int ranges, text selectors)."""
    fields: list[dict[str, Any]] = []
    for key, validator in (schema.schema.items() if schema is not None else []):
        item: dict[str, Any] = {"name": str(key), "required": isinstance(key, vol.Required)}
        if isinstance(key, vol.Optional) and not isinstance(key.default, vol.Undefined):
            item["default"] = key.default()
        if key.description:
            item["description"] = key.description
        if hasattr(validator, "serialize") and hasattr(validator, "selector_type"):
            item.update(validator.serialize())
        elif validator is str:
            item["type"] = "string"
        else:
            item["type"] = "integer" if "int" in repr(validator) else "string"
        fields.append(item)
    return fields


def _result_json(result: dict[str, Any]) -> dict[str, Any]:
    data = {key: value for key, value in result.items() if key not in ("context", "data")}
    if result["type"] == data_entry_flow.FlowResultType.CREATE_ENTRY and not isinstance(result["result"], bool):
        data["result"] = entry_json(result["result"])
    elif result["type"] == data_entry_flow.FlowResultType.FORM:
        data["data_schema"] = _serialize_schema(result["data_schema"])
    return data


class FlowIndexView(HomeAssistantView):
    url = "/api/config/config_entries/flow"
    name = "api:config:config_entries:flow"

    @require_admin
    async def post(self, request: web.Request) -> web.Response:
        body = await request.json()
        hass: HomeAssistant = request.app["hass"]
        context: dict[str, Any] = {"source": config_entries.SOURCE_USER,
                                   "show_advanced_options": bool(body.get("show_advanced_options"))}
        if entry_id := body.get("entry_id"):
            context.update(source=config_entries.SOURCE_RECONFIGURE, entry_id=entry_id)
        try:
            result = await hass.config_entries.flow.async_init(body["handler"], context=context)
        except data_entry_flow.UnknownHandler:
            return self.json_message("Invalid handler specified", HTTPStatus.NOT_FOUND)
        return self.json(_result_json(result))


class FlowResourceView(HomeAssistantView):
    url = "/api/config/config_entries/flow/{flow_id}"
    name = "api:config:config_entries:flow:resource"

    @require_admin
    async def post(self, request: web.Request, flow_id: str) -> web.Response:
        hass: HomeAssistant = request.app["hass"]
        try:
            result = await hass.config_entries.flow.async_configure(flow_id, await request.json())
        except data_entry_flow.UnknownFlow:
            return self.json_message("Invalid flow specified", HTTPStatus.NOT_FOUND)
        except data_entry_flow.InvalidData as err:
            return self.json({"errors": err.schema_errors}, HTTPStatus.BAD_REQUEST)
        return self.json(_result_json(result))

    @require_admin
    async def delete(self, request: web.Request, flow_id: str) -> web.Response:
        try:
            request.app["hass"].config_entries.flow.async_abort(flow_id)
        except data_entry_flow.UnknownFlow:
            return self.json_message("Invalid flow specified", HTTPStatus.NOT_FOUND)
        return self.json_message("Flow aborted")


class OptionManagerFlowIndexView(HomeAssistantView):
    """Starts an entry's options flow: {"handler": entry_id}."""

    url = "/api/config/config_entries/options/flow"
    name = "api:config:config_entries:option:flow"

    @require_admin
    async def post(self, request: web.Request) -> web.Response:
        body = await request.json()
        hass: HomeAssistant = request.app["hass"]
        try:
            result = await hass.config_entries.options.async_init(body["handler"], context={"source": "init"})
        except (data_entry_flow.UnknownHandler, config_entries.UnknownEntry):
            return self.json_message("Invalid handler specified", HTTPStatus.NOT_FOUND)
        return self.json(_result_json(result))


class OptionManagerFlowResourceView(HomeAssistantView):
    url = "/api/config/config_entries/options/flow/{flow_id}"
    name = "api:config:config_entries:options:flow:resource"

    @require_admin
    async def post(self, request: web.Request, flow_id: str) -> web.Response:
        hass: HomeAssistant = request.app["hass"]
        try:
            result = await hass.config_entries.options.async_configure(flow_id, await request.json())
        except data_entry_flow.UnknownFlow:
            return self.json_message("Invalid flow specified", HTTPStatus.NOT_FOUND)
        except data_entry_flow.InvalidData as err:
            return self.json({"errors": err.schema_errors}, HTTPStatus.BAD_REQUEST)
        return self.json(_result_json(result))


@websocket_api.websocket_command({vol.Required("type"): "config_entries/get", vol.Optional("domain"): str})
@websocket_api.require_admin
@callback
def config_entries_get(hass: HomeAssistant, connection: websocket_api.ActiveConnection, msg: dict[str, Any]) -> None:
    entries = hass.config_entries.async_entries(msg.get("domain"))
    connection.send_result(msg["id"], [entry_json(entry) for entry in entries])


@websocket_api.require_admin
@websocket_api.websocket_command({vol.Required("type"): "config_entries/flow/progress"})
@callback
def config_entries_progress(hass: HomeAssistant, connection: websocket_api.ActiveConnection,
                            msg: dict[str, Any]) -> None:
    """Flows in progress that a user did not start: what Settings shows under Discovered."""
    connection.send_result(msg["id"], [flow for flow in hass.config_entries.flow.async_progress()
                                       if flow["context"]["source"] != config_entries.SOURCE_USER])


async def async_setup(hass: HomeAssistant, config: dict[str, Any]) -> bool:
    hass.http.register_view(FlowIndexView())
    hass.http.register_view(FlowResourceView())
    hass.http.register_view(OptionManagerFlowIndexView())
    hass.http.register_view(OptionManagerFlowResourceView())
    websocket_api.async_register_command(hass, config_entries_get)
    websocket_api.async_register_command(hass, config_entries_progress)
    return True
