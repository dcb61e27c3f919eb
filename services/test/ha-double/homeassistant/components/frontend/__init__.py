"""The frontend, after homeassistant/components/frontend/__init__.py and the frontend repo's
src/html/index.html.template.

Integrations add module URLs with add_extra_js_url; the index page imports the app's entry module, then, in a
separate script, `import()`s each extra module URL, without waiting for the app, as HA's index.html does.
The app here is whatever module the server was given (the test's stand-in for HA's frontend build).
The URL list is also in `window.__extraModules`, and `window.__extraModulesLoaded` settles once every extra
module was imported or failed. `frontend/subscribe_extra_js` streams later additions and removals.
"""

from __future__ import annotations

from collections.abc import Callable
import json
from typing import Any

from aiohttp import web

from homeassistant.components import websocket_api
from homeassistant.components.http import HomeAssistantView
from homeassistant.core import HomeAssistant, callback

DOMAIN = "frontend"
DATA_EXTRA_MODULE_URL = "frontend_extra_module_url"
DATA_EXTRA_JS_URL_ES5 = "frontend_extra_js_url_es5"
DATA_APP_MODULE_URL = "frontend_app_module_url"


class UrlManager:
    """A set of URLs that tells listeners about each change."""

    def __init__(self, urls: list[str]) -> None:
        self.urls = frozenset(urls)
        self._listeners: list[Callable[[str, str], None]] = []

    def add_listener(self, listener: Callable[[str, str], None]) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def add(self, url: str) -> None:
        self.urls = frozenset([*self.urls, url])
        for listener in list(self._listeners):
            listener("added", url)

    def remove(self, url: str) -> None:
        self.urls = self.urls - {url}
        for listener in list(self._listeners):
            listener("removed", url)


@callback
def add_extra_js_url(hass: HomeAssistant, url: str, es5: bool = False) -> None:
    """Registers an extra module (or ES5 script) URL for every frontend page."""
    hass.data[DATA_EXTRA_JS_URL_ES5 if es5 else DATA_EXTRA_MODULE_URL].add(url)


@callback
def remove_extra_js_url(hass: HomeAssistant, url: str, es5: bool = False) -> None:
    hass.data[DATA_EXTRA_JS_URL_ES5 if es5 else DATA_EXTRA_MODULE_URL].remove(url)


def _script_json(value: Any) -> str:
    # Inside <script>, "</" would end the element.
    return json.dumps(value).replace("</", "<\\/")


class IndexView(HomeAssistantView):
    """The page every frontend route gets; it needs no login (the app logs in itself)."""

    url = "/"
    name = "frontend:index"
    requires_auth = False

    async def get(self, request: web.Request) -> web.Response:
        hass: HomeAssistant = request.app["hass"]
        extra = sorted(hass.data[DATA_EXTRA_MODULE_URL].urls)
        app = hass.data.get(DATA_APP_MODULE_URL)
        body = f"""<!DOCTYPE html>
<html>
  <head><title>Home Assistant</title><meta name="referrer" content="same-origin" /></head>
  <body>
    <home-assistant></home-assistant>
    <script>
      window.__appModule = {_script_json(app)};
      window.__extraModules = {_script_json(extra)};
      window.__appLoaded = window.__appModule ? import(window.__appModule) : Promise.resolve();
    </script>
    <script>
      window.__extraModulesLoaded = Promise.allSettled(window.__extraModules.map((url) => import(url)));
    </script>
  </body>
</html>
"""
        return web.Response(text=body, content_type="text/html", headers={"Cache-Control": "no-cache"})


@websocket_api.websocket_command({"type": "frontend/subscribe_extra_js"})
@callback
def websocket_subscribe_extra_js(hass: HomeAssistant, connection: websocket_api.ActiveConnection,
                                 msg: dict[str, Any]) -> None:
    @callback
    def on_url_change(change_type: str, url: str) -> None:
        connection.send_message(websocket_api.event_message(msg["id"], {"change_type": change_type, "item": url}))

    connection.subscriptions[msg["id"]] = hass.data[DATA_EXTRA_MODULE_URL].add_listener(on_url_change)
    connection.send_result(msg["id"])


async def async_setup(hass: HomeAssistant, config: dict[str, Any]) -> bool:
    conf = config.get(DOMAIN, {})
    hass.data[DATA_EXTRA_MODULE_URL] = UrlManager(conf.get("extra_module_url", []))
    hass.data[DATA_EXTRA_JS_URL_ES5] = UrlManager(conf.get("extra_js_url_es5", []))
    if conf.get("app_module_url"):
        hass.data[DATA_APP_MODULE_URL] = conf["app_module_url"]
    hass.http.register_view(IndexView())
    websocket_api.async_register_command(hass, websocket_subscribe_extra_js)
    return True
