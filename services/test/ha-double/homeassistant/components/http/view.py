"""Views, after homeassistant/components/http/view.py.

A view registers each of its HTTP methods on `url` and every `extra_urls` entry; the wrapper refuses a view
that requires auth when the request is not authenticated (401), turns vol.Invalid into 400 and Unauthorized
into 401, passes the URL's match_info as keyword arguments, and accepts a Response, a (body, status) tuple,
bytes, str or None from the handler.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from http import HTTPStatus
import json
import logging
from typing import Any

from aiohttp import web
from aiohttp.web_exceptions import HTTPBadRequest, HTTPInternalServerError, HTTPUnauthorized
import voluptuous as vol

from homeassistant import exceptions
from homeassistant.core import Context, CoreState, HomeAssistant, is_callback

from .const import KEY_AUTHENTICATED, KEY_HASS_USER

_LOGGER = logging.getLogger(__name__)


def json_default(value: Any) -> Any:
    """What HA's JSON encoder does for objects: as_dict(), sets as lists, datetimes as ISO strings."""
    if hasattr(value, "as_dict"):
        return value.as_dict()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def json_dumps(value: Any) -> str:
    return json.dumps(value, default=json_default, allow_nan=False, separators=(",", ":"))


class HomeAssistantView:
    url: str | None = None
    extra_urls: list[str] = []
    name: str | None = None
    requires_auth = True
    cors_allowed = False

    @staticmethod
    def context(request: web.Request) -> Context:
        if (user := request.get(KEY_HASS_USER)) is None:
            return Context()
        return Context(user_id=user.id)

    @staticmethod
    def json(result: Any, status_code: HTTPStatus | int = HTTPStatus.OK,
             headers: dict[str, str] | None = None) -> web.Response:
        try:
            body = json_dumps(result)
        except (TypeError, ValueError) as err:
            _LOGGER.error("Unable to serialize to JSON: %s", err)
            raise HTTPInternalServerError from err
        return web.Response(text=body, content_type="application/json", status=int(status_code), headers=headers)

    def json_message(self, message: str, status_code: HTTPStatus | int = HTTPStatus.OK,
                     message_code: str | None = None, headers: dict[str, str] | None = None) -> web.Response:
        data: dict[str, Any] = {"message": message}
        if message_code is not None:
            data["code"] = message_code
        return self.json(data, status_code, headers=headers)

    def register(self, hass: HomeAssistant, app: web.Application, router: web.UrlDispatcher) -> None:
        assert self.url is not None, "No url set for view"
        urls = [self.url, *self.extra_urls]
        for method in ("get", "post", "delete", "put", "patch", "head", "options"):
            if not (handler := getattr(self, method, None)):
                continue
            wrapped = request_handler_factory(hass, self, handler)
            for url in urls:
                router.add_route(method.upper(), url, wrapped)


def request_handler_factory(hass: HomeAssistant, view: HomeAssistantView,
                            handler: Callable[..., Any]) -> Callable[[web.Request], Any]:
    is_coroutine = asyncio.iscoroutinefunction(handler)
    assert is_coroutine or is_callback(handler), "Handler should be a coroutine or a callback."

    async def handle(request: web.Request) -> web.StreamResponse:
        if hass.state == CoreState.stopping:
            return web.Response(status=HTTPStatus.SERVICE_UNAVAILABLE)
        if view.requires_auth and not request.get(KEY_AUTHENTICATED, False):
            raise HTTPUnauthorized
        try:
            result = handler(request, **request.match_info)
            if is_coroutine:
                result = await result
        except vol.Invalid as err:
            raise HTTPBadRequest from err
        except exceptions.ServiceNotFound as err:
            raise HTTPInternalServerError from err
        except exceptions.Unauthorized as err:
            raise HTTPUnauthorized from err
        if isinstance(result, web.StreamResponse):
            return result
        status_code = HTTPStatus.OK
        if isinstance(result, tuple):
            result, status_code = result
        if isinstance(result, bytes):
            return web.Response(body=result, status=status_code)
        if isinstance(result, str):
            return web.Response(text=result, status=status_code)
        if result is None:
            return web.Response(body=b"", status=status_code)
        raise TypeError(f"Result should be None, string, bytes or StreamResponse. Got: {result}")

    return handle
