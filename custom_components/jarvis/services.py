"""The jarvis.* services: thin calls into client.py as the calling user. Registered once in async_setup, they
use whichever entry is loaded and fail with a translated error when none is."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, TypeVar

import voluptuous as vol

from homeassistant.const import Platform
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
    split_entity_id,
)
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.service import async_extract_entity_ids

from .client import JarvisError
from .const import DOMAIN, SERVICE_APPROVE, SERVICE_ASK, SERVICE_DENY, SERVICE_RUN_TOOL, SERVICE_SPEAK
from .runtime import context_user, ha_error, loaded_client

T = TypeVar("T")

ASK_SCHEMA = vol.Schema({vol.Required("text"): cv.string, vol.Optional("conversation_id"): cv.string})
APPROVE_SCHEMA = vol.Schema({vol.Required("action_id"): cv.string, vol.Optional("override_key"): cv.string})
DENY_SCHEMA = vol.Schema({vol.Required("action_id"): cv.string})
SPEAK_SCHEMA = vol.Schema(
    {**cv.ENTITY_SERVICE_FIELDS, vol.Required("text"): cv.string}
)
RUN_TOOL_SCHEMA = vol.Schema({vol.Required("name"): cv.string, vol.Optional("arguments", default={}): dict})


async def _answer(pending: Awaitable[T]) -> T:
    try:
        return await pending
    except JarvisError as err:
        raise ha_error(err) from err


@callback
def async_register_services(hass: HomeAssistant) -> None:
    async def ask(call: ServiceCall) -> ServiceResponse:
        client = loaded_client(hass)
        reply = await _answer(
            client.ask(call.data["text"], call.data.get("conversation_id"), user=await context_user(hass, call.context))
        )
        return {
            "speech": reply["speech"],
            "conversation_id": reply["conversation_id"],
            "continue_conversation": reply["continue_conversation"],
            "data": reply["data"],
        }

    async def approve(call: ServiceCall) -> ServiceResponse:
        client = loaded_client(hass)
        user = await context_user(hass, call.context)
        return await _answer(client.approve(call.data["action_id"], call.data.get("override_key"), user=user))

    async def deny(call: ServiceCall) -> ServiceResponse:
        client = loaded_client(hass)
        return await _answer(client.deny(call.data["action_id"], user=await context_user(hass, call.context)))

    async def speak(call: ServiceCall) -> None:
        client = loaded_client(hass)
        # A target may name anything (or an area holding lights too); only media players can speak.
        targets = await async_extract_entity_ids(call)
        players = sorted(entity for entity in targets if split_entity_id(entity)[0] == Platform.MEDIA_PLAYER)
        if not players:
            raise ServiceValidationError(translation_domain=DOMAIN, translation_key="no_media_player")
        user = await context_user(hass, call.context)
        # The add-on's speak tool announces on one player at a time, in Jarvis's voice.
        for player in players:
            outcome = await _answer(client.run_tool("speak", {"text": call.data["text"], "media_player": player}, user=user))
            if outcome.get("status") != "ok":
                reason = outcome.get("error") or outcome.get("reason") or outcome.get("summary") or outcome.get("status")
                raise HomeAssistantError(
                    translation_domain=DOMAIN, translation_key="speak_failed", translation_placeholders={"reason": str(reason)}
                )

    async def run_tool(call: ServiceCall) -> ServiceResponse:
        client = loaded_client(hass)
        user = await context_user(hass, call.context)
        return await _answer(client.run_tool(call.data["name"], call.data["arguments"], user=user))

    register = hass.services.async_register
    register(DOMAIN, SERVICE_ASK, ask, schema=ASK_SCHEMA, supports_response=SupportsResponse.OPTIONAL)
    register(DOMAIN, SERVICE_APPROVE, approve, schema=APPROVE_SCHEMA, supports_response=SupportsResponse.OPTIONAL)
    register(DOMAIN, SERVICE_DENY, deny, schema=DENY_SCHEMA, supports_response=SupportsResponse.OPTIONAL)
    register(DOMAIN, SERVICE_SPEAK, speak, schema=SPEAK_SCHEMA)
    register(DOMAIN, SERVICE_RUN_TOOL, run_tool, schema=RUN_TOOL_SCHEMA, supports_response=SupportsResponse.OPTIONAL)
