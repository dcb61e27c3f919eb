"""The HTTP server, after homeassistant/components/http/{__init__,auth,static}.py.

One aiohttp app; a request is authenticated by `Authorization: Bearer <access token>` (the user lands in
request["hass_user"]); views decide whether they need that. Static paths are public, files or folders, with a
month of cache when asked. As in HA the router is never frozen, so integrations can add routes after start.
Not modelled: signed paths (authSig), IP bans, CORS, trusted networks.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import partial
import logging
from pathlib import Path
from typing import Any

from aiohttp import hdrs, web
from aiohttp.web_exceptions import HTTPForbidden, HTTPNotFound

from homeassistant.core import HomeAssistant, callback

from .const import KEY_AUTHENTICATED, KEY_HASS, KEY_HASS_REFRESH_TOKEN_ID, KEY_HASS_USER
from .view import HomeAssistantView, json_dumps, request_handler_factory

__all__ = [
    "KEY_AUTHENTICATED",
    "KEY_HASS",
    "KEY_HASS_USER",
    "HomeAssistantHTTP",
    "HomeAssistantView",
    "StaticPathConfig",
    "json_dumps",
    "request_handler_factory",
]

_LOGGER = logging.getLogger(__name__)
DOMAIN = "http"
CACHE_TIME = 31 * 86400
CACHE_HEADERS = {hdrs.CACHE_CONTROL: f"public, max-age={CACHE_TIME}"}


@dataclass(slots=True)
class StaticPathConfig:
    url_path: str
    path: str
    cache_headers: bool = True


@callback
def async_validate_auth_header(hass: HomeAssistant, request: web.Request) -> bool:
    try:
        auth_type, auth_val = request.headers.get(hdrs.AUTHORIZATION, "").split(" ", 1)
    except ValueError:
        return False
    if auth_type != "Bearer":
        return False
    refresh_token = hass.auth.async_validate_access_token(auth_val)
    if refresh_token is None:
        return False
    request[KEY_HASS_USER] = refresh_token.user
    request[KEY_HASS_REFRESH_TOKEN_ID] = refresh_token.id
    return True


def _auth_middleware(hass: HomeAssistant) -> Any:
    @web.middleware
    async def auth_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
        request[KEY_AUTHENTICATED] = hdrs.AUTHORIZATION in request.headers and async_validate_auth_header(
            hass, request
        )
        return await handler(request)

    return auth_middleware


async def _serve_file(path: str, cache_headers: bool, request: web.Request) -> web.FileResponse:
    return web.FileResponse(path, headers=CACHE_HEADERS if cache_headers else None)


async def _serve_from_folder(folder: Path, cache_headers: bool, request: web.Request) -> web.FileResponse:
    """One file under a static folder; nothing outside it (CachingStaticResource's checks)."""
    relative = Path(request.match_info["filename"])
    if relative.anchor:
        raise HTTPForbidden
    try:
        target = folder.joinpath(relative).resolve()
        target.relative_to(folder.resolve())
    except (ValueError, FileNotFoundError) as err:
        raise HTTPNotFound from err
    if not target.is_file():
        raise HTTPNotFound
    return web.FileResponse(target, headers=CACHE_HEADERS if cache_headers else None)


class HomeAssistantHTTP:
    def __init__(self, hass: HomeAssistant, server_host: str, server_port: int) -> None:
        self.hass = hass
        self.server_host = server_host
        self.server_port = server_port
        self.app = web.Application(middlewares=[_auth_middleware(hass)], client_max_size=16 * 1024 * 1024)
        self.app[KEY_HASS] = hass
        self.runner: web.AppRunner | None = None
        self.site: web.TCPSite | None = None
        self.static_paths: dict[str, StaticPathConfig] = {}

    def register_view(self, view: HomeAssistantView | type[HomeAssistantView]) -> None:
        if isinstance(view, type):
            view = view()
        if not hasattr(view, "url"):
            raise AttributeError(f'{view.__class__.__name__} missing required attribute "url"')
        if not hasattr(view, "name"):
            raise AttributeError(f'{view.__class__.__name__} missing required attribute "name"')
        view.register(self.hass, self.app, self.app.router)

    async def async_register_static_paths(self, configs: Collection[StaticPathConfig]) -> None:
        """Folders and files, served to anyone (HA's static paths carry no auth)."""
        kinds = await self.hass.async_add_executor_job(lambda: {c.url_path: Path(c.path).is_dir() for c in configs})
        for config in configs:
            if kinds[config.url_path]:
                handler = partial(_serve_from_folder, Path(config.path), config.cache_headers)
                self.app.router.add_route("GET", config.url_path.rstrip("/") + "/{filename:.+}", handler)
            else:
                self.app.router.add_route("GET", config.url_path, partial(_serve_file, config.path,
                                                                         config.cache_headers))
            self.static_paths[config.url_path] = config

    async def start(self) -> None:
        # aiohttp freezes the router at start; HA keeps it open for integrations set up later.
        self.app.router.freeze = lambda: None  # type: ignore[method-assign]
        self.runner = web.AppRunner(self.app, access_log=None)
        await self.runner.setup()
        self.site = web.TCPSite(self.runner, self.server_host, self.server_port)
        await self.site.start()
        sockets = getattr(self.site._server, "sockets", None) or []  # noqa: SLF001 - the bound port for port 0
        if sockets:
            self.server_port = sockets[0].getsockname()[1]
        _LOGGER.info("Now listening on port %d", self.server_port)

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()


async def async_setup(hass: HomeAssistant, config: dict[str, Any]) -> bool:
    """`http: {server_host, server_port}` as in configuration.yaml; the server starts with start()."""
    conf = config.get(DOMAIN, {})
    hass.http = HomeAssistantHTTP(hass, conf.get("server_host", "127.0.0.1"), conf.get("server_port", 8123))
    return True


def require_admin(func: Any) -> Any:
    """A view method only admins may call (homeassistant/components/http/decorators.py): else 401."""
    from functools import wraps

    from homeassistant.exceptions import Unauthorized

    @wraps(func)
    async def with_admin(view: HomeAssistantView, request: web.Request, *args: Any, **kwargs: Any) -> Any:
        user = request.get(KEY_HASS_USER)
        if user is None or not user.is_admin:
            raise Unauthorized
        return await func(view, request, *args, **kwargs)

    return with_admin
