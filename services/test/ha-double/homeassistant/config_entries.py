"""Config entries and config flows, after homeassistant/config_entries.py.

Options flows run by entry id (OptionsFlowManager); their result becomes the entry's options and the entry's
update listeners run. Entry setup maps the integration's outcome to HA's states: True -> LOADED; ConfigEntryNotReady -> SETUP_RETRY
with HA's backoff (5, 10, 20, 40, 80 s); ConfigEntryAuthFailed -> SETUP_ERROR plus a reauth flow;
ConfigEntryError, False or any other exception -> SETUP_ERROR. Unloading a LOADED entry runs its unload
callbacks, drops runtime_data and leaves it NOT_LOADED. Entry data is read-only outside async_update_entry.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping
from enum import Enum
import importlib
import logging
import random
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from . import data_entry_flow
from .core import HomeAssistant, callback
from .data_entry_flow import FlowResult, FlowResultType
from .exceptions import ConfigEntryAuthFailed, ConfigEntryError, ConfigEntryNotReady, HomeAssistantError
from .helpers.entity_platform import EntityPlatform
from .util.ulid import ulid_now

_LOGGER = logging.getLogger(__name__)
_DataT = TypeVar("_DataT")

SOURCE_USER = "user"
SOURCE_HASSIO = "hassio"
SOURCE_REAUTH = "reauth"
SOURCE_RECONFIGURE = "reconfigure"
SOURCE_IGNORE = "ignore"
HANDLERS: dict[str, type[ConfigFlow]] = {}
ConfigFlowResult = FlowResult
DATA_PLATFORMS = "config_entry_platforms"
_UPDATE_ONLY = frozenset({"data", "options", "title", "unique_id", "version", "minor_version"})


class OperationNotAllowed(ConfigEntryError):
    """Raised when a config entry operation is not allowed."""


class UnknownEntry(ConfigEntryError):
    """Unknown entry specified."""


class ConfigEntryState(Enum):
    LOADED = "loaded", True
    SETUP_ERROR = "setup_error", True
    MIGRATION_ERROR = "migration_error", False
    SETUP_RETRY = "setup_retry", True
    NOT_LOADED = "not_loaded", True
    FAILED_UNLOAD = "failed_unload", False
    SETUP_IN_PROGRESS = "setup_in_progress", False
    UNLOAD_IN_PROGRESS = "unload_in_progress", False

    def __new__(cls, value: str, recoverable: bool) -> ConfigEntryState:
        obj = object.__new__(cls)
        obj._value_ = value
        obj._recoverable = recoverable  # type: ignore[attr-defined]
        return obj

    @property
    def recoverable(self) -> bool:
        return self._recoverable  # type: ignore[attr-defined,no-any-return]


class ConfigEntry(Generic[_DataT]):
    runtime_data: _DataT

    def __init__(self, *, domain: str, title: str, data: Mapping[str, Any], source: str,
                 unique_id: str | None = None, options: Mapping[str, Any] | None = None, version: int = 1,
                 minor_version: int = 1, entry_id: str | None = None) -> None:
        setter = object.__setattr__
        setter(self, "entry_id", entry_id or ulid_now())
        setter(self, "domain", domain)
        setter(self, "title", title)
        setter(self, "data", MappingProxyType(dict(data)))
        setter(self, "options", MappingProxyType(dict(options or {})))
        setter(self, "source", source)
        setter(self, "unique_id", unique_id)
        setter(self, "version", version)
        setter(self, "minor_version", minor_version)
        setter(self, "state", ConfigEntryState.NOT_LOADED)
        setter(self, "reason", None)
        setter(self, "error_reason_translation_key", None)
        setter(self, "error_reason_translation_placeholders", None)
        setter(self, "update_listeners", [])
        setter(self, "_on_unload", [])
        setter(self, "_tries", 0)
        setter(self, "_retry", None)

    def __setattr__(self, key: str, value: Any) -> None:
        if key in _UPDATE_ONLY:
            raise AttributeError(f"{key} cannot be changed directly, use async_update_entry instead")
        object.__setattr__(self, key, value)

    def __repr__(self) -> str:
        return f"<ConfigEntry entry_id={self.entry_id} domain={self.domain} title={self.title} state={self.state}>"

    @callback
    def add_update_listener(self, listener: Callable[[HomeAssistant, ConfigEntry[Any]], Any]) -> Callable[[], None]:
        """Called after the entry's data or options changed (HA: the integration usually reloads)."""
        self.update_listeners.append(listener)
        return lambda: self.update_listeners.remove(listener) if listener in self.update_listeners else None

    @callback
    def async_on_unload(self, func: Callable[[], Any]) -> None:
        self._on_unload.append(func)

    async def _async_process_on_unload(self) -> None:
        while self._on_unload:
            result = self._on_unload.pop()()
            if asyncio.iscoroutine(result):
                await result

    def _set_state(self, state: ConfigEntryState, reason: str | None, err: HomeAssistantError | None = None) -> None:
        object.__setattr__(self, "state", state)
        object.__setattr__(self, "reason", reason)
        object.__setattr__(self, "error_reason_translation_key", err.translation_key if err else None)
        object.__setattr__(self, "error_reason_translation_placeholders",
                           err.translation_placeholders if err else None)

    async def async_setup(self, hass: HomeAssistant) -> None:
        from .loader import async_get_integration

        component = async_get_integration(hass, self.domain).get_component()
        self._set_state(ConfigEntryState.SETUP_IN_PROGRESS, None)
        try:
            result = await component.async_setup_entry(hass, self)
            if not isinstance(result, bool):
                _LOGGER.error("%s.async_setup_entry did not return boolean", self.domain)
                result = False
        except ConfigEntryError as exc:
            self._set_state(ConfigEntryState.SETUP_ERROR, str(exc) or "Unknown fatal config entry error", exc)
            await self._async_process_on_unload()
            return
        except ConfigEntryAuthFailed as exc:
            message = str(exc)
            _LOGGER.warning("Config entry '%s' for %s integration could not authenticate: %s", self.title,
                            self.domain, message)
            await self._async_process_on_unload()
            self.async_start_reauth(hass)
            self._set_state(ConfigEntryState.SETUP_ERROR, message or "could not authenticate", exc)
            return
        except ConfigEntryNotReady as exc:
            self._set_state(ConfigEntryState.SETUP_RETRY, str(exc) or None, exc)
            wait = 2 ** min(self._tries, 4) * 5 + random.randint(0, 999) / 1000
            object.__setattr__(self, "_tries", self._tries + 1)
            _LOGGER.debug("Config entry '%s' for %s integration not ready yet: %s; Retrying in %.0f seconds",
                          self.title, self.domain, exc, wait)
            object.__setattr__(self, "_retry", hass.loop.call_later(
                wait, lambda: hass.async_create_task(self.async_setup(hass), f"retry setup {self.domain}")))
            await self._async_process_on_unload()
            return
        except Exception:
            _LOGGER.exception("Error setting up entry %s for %s", self.title, self.domain)
            result = False
        if result:
            object.__setattr__(self, "_tries", 0)
            self._set_state(ConfigEntryState.LOADED, None)
        else:
            self._set_state(ConfigEntryState.SETUP_ERROR, "Unknown error")

    async def async_unload(self, hass: HomeAssistant) -> bool:
        if self._retry is not None:
            self._retry.cancel()
            object.__setattr__(self, "_retry", None)
        if self.state is not ConfigEntryState.LOADED:
            if not self.state.recoverable:
                raise OperationNotAllowed(f"The config entry {self.title} cannot be unloaded in state {self.state}")
            self._set_state(ConfigEntryState.NOT_LOADED, None)
            return True
        from .loader import async_get_integration

        component = async_get_integration(hass, self.domain).get_component()
        self._set_state(ConfigEntryState.UNLOAD_IN_PROGRESS, None)
        try:
            result = await component.async_unload_entry(hass, self)
        except Exception as exc:
            _LOGGER.exception("Error unloading entry %s for %s", self.title, self.domain)
            self._set_state(ConfigEntryState.FAILED_UNLOAD, str(exc) or "Unknown error")
            return False
        if result:
            await self._async_process_on_unload()
            if hasattr(self, "runtime_data"):
                object.__delattr__(self, "runtime_data")
            self._set_state(ConfigEntryState.NOT_LOADED, None)
        else:
            self._set_state(ConfigEntryState.FAILED_UNLOAD, "Unload failed")
        return result

    @callback
    def async_get_active_flows(self, hass: HomeAssistant, sources: set[str]) -> list[dict[str, Any]]:
        return [flow for flow in hass.config_entries.flow.async_progress_by_handler(
                    self.domain, match_context={"entry_id": self.entry_id}, include_uninitialized=True)
                if flow["context"].get("source") in sources]

    @callback
    def async_start_reauth(self, hass: HomeAssistant, context: dict[str, Any] | None = None,
                           data: dict[str, Any] | None = None) -> None:
        """Starts one reauth flow for this entry (none while a reauth or reconfigure is open)."""
        if self.async_get_active_flows(hass, {SOURCE_REAUTH, SOURCE_RECONFIGURE}):
            return
        flow_context = {"source": SOURCE_REAUTH, "entry_id": self.entry_id,
                        "title_placeholders": {"name": self.title}, "unique_id": self.unique_id} | (context or {})
        hass.async_create_task(hass.config_entries.flow.async_init(self.domain, context=flow_context,
                                                                   data=dict(self.data) | (data or {})),
                               f"config entry reauth {self.title} {self.domain}")


class ConfigEntriesFlowManager(data_entry_flow.FlowManager):
    def __init__(self, hass: HomeAssistant, config_entries: ConfigEntries) -> None:
        super().__init__(hass)
        self.config_entries = config_entries

    async def async_create_flow(self, handler_key: str, *, context: dict[str, Any] | None = None,
                                data: Any = None) -> ConfigFlow:
        from .loader import async_get_integration

        integration = async_get_integration(self.hass, handler_key)
        await self.hass.async_add_executor_job(importlib.import_module, f"{integration.pkg_path}.config_flow")
        if (handler := HANDLERS.get(handler_key)) is None:
            raise data_entry_flow.UnknownHandler
        return handler()

    async def async_finish_flow(self, flow: data_entry_flow.FlowHandler, result: FlowResult) -> FlowResult:
        if result["type"] != FlowResultType.CREATE_ENTRY:
            return result
        unique_id = flow.context.get("unique_id")
        for progress in self.async_progress_by_handler(flow.handler, match_context={"unique_id": unique_id}):
            self.async_abort(progress["flow_id"])
        entry = ConfigEntry(domain=result["handler"], title=result["title"], data=result["data"],
                            source=flow.context["source"], unique_id=unique_id, version=result["version"],
                            minor_version=result["minor_version"])
        await self.config_entries.async_add(entry)
        result["result"] = entry
        return result


class OptionsFlow(data_entry_flow.FlowHandler):
    """An entry's options flow; the manager gives it the entry, as HA does since 2024.11."""

    handler: str

    @property
    def config_entry(self) -> ConfigEntry[Any]:
        return self.hass.config_entries.async_get_known_entry(self.handler)


class OptionsFlowManager(data_entry_flow.FlowManager):
    """Options flows, by entry id: the handler's async_get_options_flow makes the flow; a finished flow becomes
    the entry's options (its update listeners hear of it)."""

    async def async_create_flow(self, handler_key: str, *, context: dict[str, Any] | None = None,
                                data: Any = None) -> OptionsFlow:
        entry = self.hass.config_entries.async_get_known_entry(handler_key)
        handler = HANDLERS.get(entry.domain)
        if handler is None or not hasattr(handler, "async_get_options_flow"):
            raise data_entry_flow.UnknownHandler
        return handler.async_get_options_flow(entry)

    async def async_finish_flow(self, flow: data_entry_flow.FlowHandler, result: FlowResult) -> FlowResult:
        if result["type"] != FlowResultType.CREATE_ENTRY:
            return result
        entry = self.hass.config_entries.async_get_known_entry(flow.handler)
        self.hass.config_entries.async_update_entry(entry, options=result["data"])
        result["result"] = True
        return result


class ConfigEntries:
    def __init__(self, hass: HomeAssistant) -> None:
        self.hass = hass
        self.flow = ConfigEntriesFlowManager(hass, self)
        self.options = OptionsFlowManager(hass)
        self._entries: dict[str, ConfigEntry[Any]] = {}

    @callback
    def async_entries(self, domain: str | None = None) -> list[ConfigEntry[Any]]:
        return [entry for entry in self._entries.values() if domain is None or entry.domain == domain]

    @callback
    def async_get_entry(self, entry_id: str) -> ConfigEntry[Any] | None:
        return self._entries.get(entry_id)

    @callback
    def async_get_known_entry(self, entry_id: str) -> ConfigEntry[Any]:
        if (entry := self._entries.get(entry_id)) is None:
            raise UnknownEntry(entry_id)
        return entry

    @callback
    def async_entry_for_domain_unique_id(self, domain: str, unique_id: str) -> ConfigEntry[Any] | None:
        return next((e for e in self._entries.values() if e.domain == domain and e.unique_id == unique_id), None)

    @callback
    def async_loaded_entries(self, domain: str) -> list[ConfigEntry[Any]]:
        return [e for e in self.async_entries(domain) if e.state is ConfigEntryState.LOADED]

    async def async_add(self, entry: ConfigEntry[Any]) -> None:
        self._entries[entry.entry_id] = entry
        await self.async_setup(entry.entry_id)

    async def async_setup(self, entry_id: str) -> bool:
        from .setup import async_setup_component

        entry = self.async_get_known_entry(entry_id)
        if entry.state is not ConfigEntryState.NOT_LOADED:
            raise OperationNotAllowed(f"The config entry {entry.title} cannot be set up in state {entry.state}")
        if not await async_setup_component(self.hass, entry.domain, {}):
            return False
        await entry.async_setup(self.hass)
        return entry.state is ConfigEntryState.LOADED

    async def async_unload(self, entry_id: str) -> bool:
        return await self.async_get_known_entry(entry_id).async_unload(self.hass)

    async def async_reload(self, entry_id: str) -> bool:
        if not await self.async_unload(entry_id):
            return False
        return await self.async_setup(entry_id)

    @callback
    def async_schedule_reload(self, entry_id: str) -> None:
        self.hass.async_create_task(self.async_reload(entry_id), f"config entry reload {entry_id}")

    @callback
    def async_update_entry(self, entry: ConfigEntry[Any], **changes: Any) -> bool:
        changed = False
        for key, value in changes.items():
            if key in ("data", "options") and value is not None:
                value = MappingProxyType(dict(value))
            if value is not None and getattr(entry, key) != value:
                object.__setattr__(entry, key, value)
                changed = True
        if changed:
            for listener in list(entry.update_listeners):
                self.hass.async_create_task(listener(self.hass, entry), f"config entry update listener {entry.title}")
        return changed

    async def async_forward_entry_setups(self, entry: ConfigEntry[Any], platforms: Iterable[str]) -> None:
        from .loader import async_get_integration
        from .setup import async_setup_component

        integration = async_get_integration(self.hass, entry.domain)
        for platform in platforms:
            await async_setup_component(self.hass, str(platform), {})
            module = await self.hass.async_add_executor_job(importlib.import_module,
                                                            f"{integration.pkg_path}.{platform}")
            entity_platform = EntityPlatform(self.hass, str(platform), entry.domain, entry)
            if await entity_platform.async_setup_entry(module):
                self.hass.data.setdefault(DATA_PLATFORMS, {}).setdefault(entry.entry_id, []).append(entity_platform)

    async def async_unload_platforms(self, entry: ConfigEntry[Any], platforms: Iterable[str]) -> bool:
        wanted = {str(platform) for platform in platforms}
        loaded = self.hass.data.get(DATA_PLATFORMS, {}).get(entry.entry_id, [])
        for entity_platform in [p for p in loaded if p.domain in wanted]:
            await entity_platform.async_reset()
            loaded.remove(entity_platform)
        return True


class ConfigFlow(data_entry_flow.FlowHandler):
    """Base class of an integration's config flow; `domain=` registers it as HA's HANDLERS do."""

    def __init_subclass__(cls, *, domain: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if domain is not None:
            HANDLERS[domain] = cls

    @property
    def unique_id(self) -> str | None:
        return self.context.get("unique_id")

    @callback
    def _async_in_progress(self, include_uninitialized: bool = False,
                           match_context: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return [flow for flow in self.hass.config_entries.flow.async_progress_by_handler(
                    self.handler, include_uninitialized=include_uninitialized, match_context=match_context)
                if flow["flow_id"] != self.flow_id]

    async def async_set_unique_id(self, unique_id: str | None = None, *,
                                  raise_on_progress: bool = True) -> ConfigEntry[Any] | None:
        """Claims the id: another flow in progress with it aborts this one (already_in_progress)."""
        if unique_id is None:
            self.context["unique_id"] = None
            return None
        if raise_on_progress and self._async_in_progress(include_uninitialized=True,
                                                         match_context={"unique_id": unique_id}):
            raise data_entry_flow.AbortFlow("already_in_progress")
        self.context["unique_id"] = unique_id
        return self.hass.config_entries.async_entry_for_domain_unique_id(self.handler, unique_id)

    @callback
    def _abort_if_unique_id_configured(self, updates: dict[str, Any] | None = None, reload_on_update: bool = True,
                                       *, error: str = "already_configured") -> None:
        if self.unique_id is None:
            return
        entries = self.hass.config_entries
        if not (entry := entries.async_entry_for_domain_unique_id(self.handler, self.unique_id)):
            return
        if (updates is not None and entries.async_update_entry(entry, data={**entry.data, **updates})
                and reload_on_update and entry.state in (ConfigEntryState.LOADED, ConfigEntryState.SETUP_RETRY)):
            entries.async_schedule_reload(entry.entry_id)
        if entry.source == SOURCE_IGNORE and self.source == SOURCE_USER:
            return
        raise data_entry_flow.AbortFlow(error)

    @callback
    def _async_abort_entries_match(self, match_dict: dict[str, Any] | None = None) -> None:
        """Aborts (already_configured) when an entry of this handler has all these data values."""
        for entry in self.hass.config_entries.async_entries(self.handler):
            if all(entry.data.get(key) == value for key, value in (match_dict or {}).items()):
                raise data_entry_flow.AbortFlow("already_configured")

    @callback
    def _set_confirm_only(self) -> None:
        """The frontend shows the step as a confirmation without fields."""
        self.context["confirm_only"] = True

    @callback
    def _get_reauth_entry(self) -> ConfigEntry[Any]:
        if self.source != SOURCE_REAUTH:
            raise ValueError(f"Source is {self.source}, expected {SOURCE_REAUTH}")
        return self.hass.config_entries.async_get_known_entry(self.context["entry_id"])

    @callback
    def _get_reconfigure_entry(self) -> ConfigEntry[Any]:
        if self.source != SOURCE_RECONFIGURE:
            raise ValueError(f"Source is {self.source}, expected {SOURCE_RECONFIGURE}")
        return self.hass.config_entries.async_get_known_entry(self.context["entry_id"])

    @callback
    def async_update_reload_and_abort(self, entry: ConfigEntry[Any], *, title: str | None = None,
                                      data: Mapping[str, Any] | None = None,
                                      data_updates: Mapping[str, Any] | None = None,
                                      options: Mapping[str, Any] | None = None, reason: str | None = None,
                                      reload_even_if_entry_is_unchanged: bool = True) -> ConfigFlowResult:
        if data_updates is not None:
            if data is not None:
                raise ValueError("Cannot set both data and data_updates")
            data = {**entry.data, **data_updates}
        changed = self.hass.config_entries.async_update_entry(entry, title=title, data=data, options=options)
        if reload_even_if_entry_is_unchanged or changed:
            self.hass.config_entries.async_schedule_reload(entry.entry_id)
        if reason is None:
            reason = "reconfigure_successful" if self.source == SOURCE_RECONFIGURE else "reauth_successful"
        return self.async_abort(reason=reason)
