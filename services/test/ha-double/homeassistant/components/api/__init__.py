"""HA's REST API, after homeassistant/components/api/__init__.py: here only `POST /api/states/<entity_id>`
(admins only), which sets a state the way an external program reports one: 201 when the entity is new,
200 when it changed, and the state as JSON."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from aiohttp import web

from homeassistant.components.http import HomeAssistantView, require_admin
from homeassistant.core import HomeAssistant

DOMAIN = "api"


class APIEntityStateView(HomeAssistantView):
    url = "/api/states/{entity_id}"
    name = "api:entity-state"

    @require_admin
    async def post(self, request: web.Request, entity_id: str) -> web.Response:
        hass: HomeAssistant = request.app["hass"]
        try:
            data = await request.json()
        except ValueError:
            return self.json_message("Invalid JSON specified.", HTTPStatus.BAD_REQUEST)
        if (new_state := data.get("state")) is None:
            return self.json_message("No state specified.", HTTPStatus.BAD_REQUEST)
        is_new = hass.states.get(entity_id) is None
        hass.states.async_set(entity_id, str(new_state), data.get("attributes"), bool(data.get("force_update")),
                              self.context(request))
        status = HTTPStatus.CREATED if is_new else HTTPStatus.OK
        state = hass.states.get(entity_id)
        return self.json(state.as_dict() if state else None, status)


async def async_setup(hass: HomeAssistant, config: dict[str, Any]) -> bool:
    hass.http.register_view(APIEntityStateView())
    return True
