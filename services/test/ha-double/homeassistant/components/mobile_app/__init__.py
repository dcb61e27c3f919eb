"""The companion app's integration, after homeassistant/components/mobile_app (http_api.py, webhook.py,
websocket_api.py, push_notification.py, notify.py), as far as notifications go:

- POST /api/mobile_app/registrations (a logged-in user's app) makes a config entry for the phone with that
  user's id, a webhook id and the device name, and answers 201 with the webhook id;
- each phone gets the legacy notify service `notify.mobile_app_<device name>`; a notification goes to the
  app's local push channel (`mobile_app/push_notification_channel`, which only the phone's own user may
  open) as an event carrying {message, title, data}, and fails when the phone is not connected;
- POST /api/webhook/<webhook_id> {"type": "fire_event", "data": {"event_type", "event_data"}} fires the event
  with the phone's user in its context, as the app does when an action button of a notification is pressed
  (`mobile_app_notification_action` with the action's id in `action`, and `reply_text` for a text input).
"""

from __future__ import annotations

from http import HTTPStatus
import logging
import secrets
from typing import Any

from aiohttp import web
import voluptuous as vol

from homeassistant.components import websocket_api
from homeassistant.components.http import KEY_HASS_USER, HomeAssistantView
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import Context, EventOrigin, HomeAssistant, ServiceCall, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.util import slugify

_LOGGER = logging.getLogger(__name__)
DOMAIN = "mobile_app"
DATA_CONFIG_ENTRIES = "config_entries"
DATA_PUSH_CHANNEL = "push_channel"

REGISTRATION_SCHEMA = vol.Schema({
    vol.Optional("app_data", default={}): dict,
    vol.Required("app_id"): str,
    vol.Required("app_name"): str,
    vol.Required("app_version"): str,
    vol.Required("device_name"): str,
    vol.Required("manufacturer"): str,
    vol.Required("model"): str,
    vol.Optional("device_id"): str,
    vol.Required("os_name"): str,
    vol.Optional("os_version"): str,
    vol.Required("supports_encryption", default=False): bool,
})
WEBHOOK_PAYLOAD_SCHEMA = vol.Schema({vol.Required("type"): str, vol.Optional("data", default={}): vol.Any(dict, list),
                                     vol.Optional("encrypted", default=False): bool,
                                     vol.Optional("encrypted_data"): str})
FIRE_EVENT_SCHEMA = vol.Schema({vol.Required("event_type"): str, vol.Optional("event_data", default={}): dict})


def registration_context(registration: dict[str, Any]) -> Context:
    return Context(user_id=registration["user_id"])


class RegistrationsView(HomeAssistantView):
    url = "/api/mobile_app/registrations"
    name = "api:mobile_app:register"

    async def post(self, request: web.Request) -> web.Response:
        hass: HomeAssistant = request.app["hass"]
        try:
            data = REGISTRATION_SCHEMA(await request.json())
        except (vol.Invalid, ValueError) as err:
            return self.json_message(f"Message format incorrect: {err}", HTTPStatus.BAD_REQUEST)
        data["webhook_id"] = secrets.token_hex()
        data["user_id"] = request[KEY_HASS_USER].id
        await hass.config_entries.flow.async_init(DOMAIN, data=data, context={"source": "registration"})
        return self.json({"cloudhook_url": None, "remote_ui_url": None, "secret": None,
                          "webhook_id": data["webhook_id"]}, HTTPStatus.CREATED)


class WebhookView(HomeAssistantView):
    """HA's webhook component's view, here only for the phones' webhooks (no auth: the id is the secret)."""

    url = "/api/webhook/{webhook_id}"
    name = "api:webhook"
    requires_auth = False

    async def post(self, request: web.Request, webhook_id: str) -> web.Response:
        hass: HomeAssistant = request.app["hass"]
        if (entry := hass.data[DOMAIN][DATA_CONFIG_ENTRIES].get(webhook_id)) is None:
            return web.Response(status=HTTPStatus.OK)  # HA answers unknown webhooks with 200 and logs them
        try:
            payload = WEBHOOK_PAYLOAD_SCHEMA(await request.json())
        except (vol.Invalid, ValueError):
            return web.json_response({}, status=HTTPStatus.BAD_REQUEST)
        if payload["type"] != "fire_event":
            return web.json_response({"success": False, "error": {"code": "invalid_format",
                                                                    "message": "Unsupported webhook type"}})
        data = FIRE_EVENT_SCHEMA(payload["data"])
        hass.bus.async_fire(data["event_type"], data["event_data"], EventOrigin.remote,
                            context=registration_context(dict(entry.data)))
        return web.json_response({})


class PushChannel:
    def __init__(self, connection: websocket_api.ActiveConnection, msg_id: int) -> None:
        self.connection = connection
        self.msg_id = msg_id

    @callback
    def async_send_notification(self, data: dict[str, Any]) -> None:
        self.connection.send_message(websocket_api.event_message(self.msg_id, data))


@websocket_api.websocket_command({vol.Required("type"): "mobile_app/push_notification_channel",
                                  vol.Required("webhook_id"): str,
                                  vol.Optional("support_confirm", default=False): bool})
@callback
def handle_push_notification_channel(hass: HomeAssistant, connection: websocket_api.ActiveConnection,
                                     msg: dict[str, Any]) -> None:
    webhook_id = msg["webhook_id"]
    entries = hass.data[DOMAIN][DATA_CONFIG_ENTRIES]
    if webhook_id not in entries:
        connection.send_error(msg["id"], websocket_api.ERR_NOT_FOUND, "Webhook ID not found")
        return
    if entries[webhook_id].data["user_id"] != connection.user.id:
        connection.send_error(msg["id"], websocket_api.ERR_UNAUTHORIZED, "User not linked to this webhook ID")
        return
    channels = hass.data[DOMAIN][DATA_PUSH_CHANNEL]
    channels[webhook_id] = PushChannel(connection, msg["id"])

    @callback
    def forget() -> None:
        if (channel := channels.get(webhook_id)) and channel.msg_id == msg["id"]:
            channels.pop(webhook_id)

    connection.subscriptions[msg["id"]] = forget
    connection.send_result(msg["id"])


def _service_name(entry: ConfigEntry[Any]) -> str:
    return f"mobile_app_{slugify(entry.data['device_name'])}"


async def async_setup(hass: HomeAssistant, config: dict[str, Any]) -> bool:
    hass.data[DOMAIN] = {DATA_CONFIG_ENTRIES: {}, DATA_PUSH_CHANNEL: {}}
    hass.http.register_view(RegistrationsView())
    hass.http.register_view(WebhookView())
    websocket_api.async_register_command(hass, handle_push_notification_channel)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: ConfigEntry[Any]) -> bool:
    webhook_id = entry.data["webhook_id"]
    hass.data[DOMAIN][DATA_CONFIG_ENTRIES][webhook_id] = entry

    async def send_message(call: ServiceCall) -> None:
        data: dict[str, Any] = {"message": call.data.get("message", "")}
        if (title := call.data.get("title")) is not None:
            data["title"] = title
        if (extra := call.data.get("data")) is not None:
            data["data"] = extra
        if (channel := hass.data[DOMAIN][DATA_PUSH_CHANNEL].get(webhook_id)) is None:
            raise HomeAssistantError(
                f"Device(s) with webhook id(s) {webhook_id} not connected to local push notifications")
        channel.async_send_notification(data)

    hass.services.async_register("notify", _service_name(entry), send_message, schema=vol.Schema({
        vol.Required("message"): str, vol.Optional("title"): str, vol.Optional("target"): vol.Any(str, [str]),
        vol.Optional("data"): dict}))
    return True


async def async_unload_entry(hass: HomeAssistant, entry: ConfigEntry[Any]) -> bool:
    hass.data[DOMAIN][DATA_CONFIG_ENTRIES].pop(entry.data["webhook_id"], None)
    hass.services.async_remove("notify", _service_name(entry))
    return True
