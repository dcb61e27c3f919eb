"""The core, after homeassistant/core.py: callback, Context, the event bus, a small state machine, the service
registry (with HA's return_response rules) and the HomeAssistant object that holds them.

Service calls follow ServiceRegistry.async_call: the service must exist (ServiceNotFound), a response may only
be asked of a service that gives one and must be asked of one that only gives one, the target is merged into
the data before the schema runs, and a requested response must be a dict.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
import enum
import functools
import logging
from types import MappingProxyType
from typing import Any, Final, TypeVar

import voluptuous as vol

from .const import EVENT_CALL_SERVICE, EVENT_STATE_CHANGED, MATCH_ALL
from .exceptions import HomeAssistantError, ServiceNotFound, ServiceValidationError
from .util import dt as dt_util
from .util.ulid import ulid_now

_LOGGER = logging.getLogger(__name__)
DOMAIN: Final = "homeassistant"

_T = TypeVar("_T")
_CallableT = TypeVar("_CallableT", bound=Callable[..., Any])
CALLBACK_TYPE = Callable[[], None]
ServiceResponse = dict[str, Any] | None


def split_entity_id(entity_id: str) -> tuple[str, str]:
    """(domain, object_id) of an entity id."""
    domain, _, object_id = entity_id.partition(".")
    if not domain or not object_id:
        raise ValueError(f"Invalid entity ID {entity_id}")
    return domain, object_id


def callback(func: _CallableT) -> _CallableT:
    """Marks a function as safe to run in the event loop without awaiting."""
    setattr(func, "_hass_callback", True)
    return func


def is_callback(func: Callable[..., Any]) -> bool:
    return getattr(func, "_hass_callback", False) is True


class _HassHolder:
    """HA keeps the running instance in a thread-local; one loop, one instance here."""

    hass: HomeAssistant | None = None


_hass = _HassHolder()


def async_get_hass() -> HomeAssistant:
    if _hass.hass is None:
        raise HomeAssistantError("async_get_hass called from the wrong thread")
    return _hass.hass


class CoreState(enum.Enum):
    not_running = "NOT_RUNNING"
    starting = "STARTING"
    running = "RUNNING"
    stopping = "STOPPING"
    final_write = "FINAL_WRITE"
    stopped = "STOPPED"


class SupportsResponse(enum.StrEnum):
    """Whether a service returns data: never, when asked, or always."""

    NONE = "none"
    OPTIONAL = "optional"
    ONLY = "only"


class Context:
    """Who or what caused a change: a user, or another event (parent)."""

    __slots__ = ("id", "user_id", "parent_id", "origin_event")

    def __init__(self, user_id: str | None = None, parent_id: str | None = None, id: str | None = None) -> None:
        self.id = id or ulid_now()
        self.user_id = user_id
        self.parent_id = parent_id
        self.origin_event: Event | None = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Context) and self.id == other.id

    def __hash__(self) -> int:
        return hash(self.id)

    def __repr__(self) -> str:
        return f"<Context id={self.id}, user_id={self.user_id}>"

    def as_dict(self) -> dict[str, str | None]:
        return {"id": self.id, "parent_id": self.parent_id, "user_id": self.user_id}


class EventOrigin(enum.StrEnum):
    local = "LOCAL"
    remote = "REMOTE"


class Event:
    """One event on the bus."""

    def __init__(self, event_type: str, data: Mapping[str, Any] | None = None,
                 origin: EventOrigin = EventOrigin.local, context: Context | None = None) -> None:
        self.event_type = event_type
        self.data = data or {}
        self.origin = origin
        self.time_fired = dt_util.utcnow()
        self.context = context or Context()
        self.context.origin_event = self

    def as_dict(self) -> dict[str, Any]:
        return {"event_type": self.event_type, "data": dict(self.data), "origin": str(self.origin),
                "time_fired": self.time_fired.isoformat(), "context": self.context.as_dict()}


class EventBus:
    """Listeners per event type (MATCH_ALL hears all); coroutine listeners run as tasks, callbacks inline."""

    def __init__(self, hass: HomeAssistant) -> None:
        self._hass = hass
        self._listeners: dict[str, list[Callable[[Event], Any]]] = {}

    @callback
    def async_listeners(self) -> dict[str, int]:
        return {key: len(value) for key, value in self._listeners.items()}

    @callback
    def async_listen(self, event_type: str, listener: Callable[[Event], Any],
                     event_filter: Callable[[Mapping[str, Any]], bool] | None = None) -> CALLBACK_TYPE:
        job = listener
        if event_filter is not None:

            def job(event: Event) -> Any:
                return listener(event) if event_filter(event.data) else None

        self._listeners.setdefault(event_type, []).append(job)

        @callback
        def remove() -> None:
            with_type = self._listeners.get(event_type, [])
            if job in with_type:
                with_type.remove(job)

        return remove

    @callback
    def async_listen_once(self, event_type: str, listener: Callable[[Event], Any]) -> CALLBACK_TYPE:
        """Removed before it runs; its remover may still be called later (HA logs nothing for that)."""
        fired = False

        def once(event: Event) -> Any:
            nonlocal fired
            if fired:
                return None
            fired = True
            remove()
            return listener(event)

        remove = self.async_listen(event_type, once)
        return remove

    @callback
    def async_fire(self, event_type: str, event_data: Mapping[str, Any] | None = None,
                   origin: EventOrigin = EventOrigin.local, context: Context | None = None) -> None:
        event = Event(event_type, event_data, origin, context)
        for listener in [*self._listeners.get(event_type, []), *self._listeners.get(MATCH_ALL, [])]:
            try:
                result = listener(event)
            except Exception:
                _LOGGER.exception("Error running listener for %s", event_type)
                continue
            if asyncio.iscoroutine(result):
                self._hass.async_create_task(result, f"event listener {event_type}")

    async_fire_internal = async_fire


@dataclass
class State:
    """An entity's state as the state machine holds it."""

    entity_id: str
    state: str
    attributes: Mapping[str, Any] = field(default_factory=dict)
    context: Context = field(default_factory=Context)
    last_changed: datetime = field(default_factory=dt_util.utcnow)
    last_updated: datetime = field(default_factory=dt_util.utcnow)

    @property
    def domain(self) -> str:
        return self.entity_id.split(".", 1)[0]

    @property
    def name(self) -> str:
        return self.attributes.get("friendly_name") or self.entity_id.split(".", 1)[1].replace("_", " ")

    def as_dict(self) -> dict[str, Any]:
        return {"entity_id": self.entity_id, "state": self.state, "attributes": dict(self.attributes),
                "last_changed": self.last_changed.isoformat(), "last_updated": self.last_updated.isoformat(),
                "context": self.context.as_dict()}


class StateMachine:
    def __init__(self, bus: EventBus) -> None:
        self._bus = bus
        self._states: dict[str, State] = {}

    def get(self, entity_id: str) -> State | None:
        return self._states.get(entity_id.lower())

    def async_all(self, domain_filter: str | Iterable[str] | None = None) -> list[State]:
        if domain_filter is None:
            return list(self._states.values())
        domains = {domain_filter} if isinstance(domain_filter, str) else set(domain_filter)
        return [state for state in self._states.values() if state.domain in domains]

    @callback
    def async_set(self, entity_id: str, new_state: str, attributes: Mapping[str, Any] | None = None,
                  force_update: bool = False, context: Context | None = None) -> None:
        entity_id = entity_id.lower()
        old = self._states.get(entity_id)
        now = dt_util.utcnow()
        changed = old is None or old.state != new_state
        if old is not None and not changed and not force_update and dict(old.attributes) == dict(attributes or {}):
            return
        state = State(entity_id, new_state, MappingProxyType(dict(attributes or {})), context or Context(),
                      now if changed or old is None else old.last_changed, now)
        self._states[entity_id] = state
        self._bus.async_fire(EVENT_STATE_CHANGED, {"entity_id": entity_id, "old_state": old, "new_state": state},
                             context=context)

    @callback
    def async_remove(self, entity_id: str, context: Context | None = None) -> bool:
        old = self._states.pop(entity_id.lower(), None)
        if old is None:
            return False
        self._bus.async_fire(EVENT_STATE_CHANGED, {"entity_id": old.entity_id, "old_state": old, "new_state": None},
                             context=context)
        return True


class ServiceCall:
    """One call of a service; `hass` is on the call since 2025.1, so helpers no longer take it."""

    __slots__ = ("hass", "domain", "service", "data", "context", "return_response")

    def __init__(self, hass: HomeAssistant, domain: str, service: str, data: dict[str, Any] | None = None,
                 context: Context | None = None, return_response: bool = False) -> None:
        self.hass = hass
        self.domain = domain
        self.service = service
        self.data = MappingProxyType(data or {})
        self.context = context or Context()
        self.return_response = return_response

    def __repr__(self) -> str:
        return f"<ServiceCall {self.domain}.{self.service} (c:{self.context.id}): {dict(self.data)}>"


@dataclass
class Service:
    func: Callable[[ServiceCall], Any]
    schema: vol.Schema | None
    domain: str
    service: str
    supports_response: SupportsResponse = SupportsResponse.NONE


class ServiceRegistry:
    def __init__(self, hass: HomeAssistant) -> None:
        self._hass = hass
        self._services: dict[str, dict[str, Service]] = {}

    @callback
    def async_services(self) -> dict[str, dict[str, Service]]:
        return {domain: dict(services) for domain, services in self._services.items()}

    @callback
    def has_service(self, domain: str, service: str) -> bool:
        return service.lower() in self._services.get(domain.lower(), {})

    @callback
    def supports_response(self, domain: str, service: str) -> SupportsResponse:
        return self._services[domain.lower()][service.lower()].supports_response

    @callback
    def async_register(self, domain: str, service: str, service_func: Callable[[ServiceCall], Any],
                       schema: vol.Schema | None = None,
                       supports_response: SupportsResponse = SupportsResponse.NONE, job_type: Any = None) -> None:
        domain, service = domain.lower(), service.lower()
        self._services.setdefault(domain, {})[service] = Service(service_func, schema, domain, service,
                                                                 supports_response)

    @callback
    def async_remove(self, domain: str, service: str) -> None:
        self._services.get(domain.lower(), {}).pop(service.lower(), None)

    async def async_call(self, domain: str, service: str, service_data: dict[str, Any] | None = None,
                         blocking: bool = False, context: Context | None = None,
                         target: dict[str, Any] | None = None, return_response: bool = False) -> ServiceResponse:
        context = context or Context()
        service_data = dict(service_data or {})
        try:
            handler = self._services[domain.lower()][service.lower()]
        except KeyError:
            raise ServiceNotFound(domain.lower(), service.lower()) from None
        if return_response:
            if not blocking:
                raise ServiceValidationError(
                    translation_domain=DOMAIN, translation_key="service_should_be_blocking",
                    translation_placeholders={"return_response": "return_response=True",
                                              "non_blocking_argument": "blocking=False"})
            if handler.supports_response is SupportsResponse.NONE:
                raise ServiceValidationError(
                    translation_domain=DOMAIN, translation_key="service_does_not_support_response",
                    translation_placeholders={"return_response": "return_response=True"})
        elif handler.supports_response is SupportsResponse.ONLY:
            raise ServiceValidationError(
                translation_domain=DOMAIN, translation_key="service_lacks_response_request",
                translation_placeholders={"return_response": "return_response=True"})
        if target:
            service_data.update(target)
        processed = handler.schema(service_data) if handler.schema else service_data
        call = ServiceCall(self._hass, handler.domain, handler.service, processed, context, return_response)
        self._hass.bus.async_fire(EVENT_CALL_SERVICE, {"domain": handler.domain, "service": handler.service,
                                                       "service_data": service_data}, context=context)
        coro = self._execute(handler, call)
        if not blocking:
            self._hass.async_create_task(coro, f"service call {domain}.{service}")
            return None
        response = await coro
        if not return_response:
            return None
        if not isinstance(response, dict):
            raise HomeAssistantError(
                translation_domain=DOMAIN, translation_key="service_reponse_invalid",
                translation_placeholders={"response_data_type": str(type(response))})
        return response

    @staticmethod
    async def _execute(handler: Service, call: ServiceCall) -> ServiceResponse:
        result = handler.func(call)
        if asyncio.iscoroutine(result) or isinstance(result, asyncio.Future):
            result = await result
        return result


class Config:
    """The parts of hass.config the double fills in."""

    def __init__(self, config_dir: str = "/tmp/ha-double") -> None:
        self.config_dir = config_dir
        self.language = "en"
        self.country: str | None = None
        self.location_name = "Home"
        self.components: set[str] = set()
        self.recovery_mode = False
        self.safe_mode = False

    def path(self, *parts: str) -> str:
        import os

        return os.path.join(self.config_dir, *parts)

    def as_dict(self) -> dict[str, Any]:
        from .const import __version__

        return {"location_name": self.location_name, "language": self.language, "country": self.country,
                "components": sorted(self.components), "version": __version__, "state": "RUNNING",
                "config_dir": self.config_dir, "recovery_mode": self.recovery_mode, "safe_mode": self.safe_mode}


class HomeAssistant:
    """The hub object every integration gets; `auth`, `http` and `config_entries` are attached by setup."""

    auth: Any
    http: Any
    config_entries: Any

    def __init__(self, config_dir: str = "/tmp/ha-double") -> None:
        self.loop = asyncio.get_running_loop()
        self.data: dict[str, Any] = {}
        self.bus = EventBus(self)
        self.states = StateMachine(self.bus)
        self.services = ServiceRegistry(self)
        self.config = Config(config_dir)
        self.state = CoreState.not_running
        self._tasks: set[asyncio.Future[Any]] = set()
        self._background_tasks: set[asyncio.Future[Any]] = set()
        _hass.hass = self

    def __repr__(self) -> str:
        return f"<HomeAssistant {self.state}>"

    @property
    def is_running(self) -> bool:
        return self.state in (CoreState.starting, CoreState.running)

    @property
    def is_stopping(self) -> bool:
        return self.state in (CoreState.stopping, CoreState.final_write)

    @callback
    def async_create_task(self, target: Coroutine[Any, Any, _T], name: str | None = None,
                          eager_start: bool = True) -> asyncio.Task[_T]:
        """A task HA waits for in async_block_till_done and at stop."""
        task = self.loop.create_task(target, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async_create_task_internal = async_create_task

    @callback
    def async_create_background_task(self, target: Coroutine[Any, Any, _T], name: str,
                                     eager_start: bool = True) -> asyncio.Task[_T]:
        """A task nobody waits for; cancelled at stop."""
        task = self.loop.create_task(target, name=name)
        self._background_tasks.add(task)
        task.add_done_callback(self._background_tasks.discard)
        return task

    @callback
    def async_add_executor_job(self, target: Callable[..., _T], *args: Any) -> asyncio.Future[_T]:
        return self.loop.run_in_executor(None, functools.partial(target, *args))

    async def async_add_job(self, target: Callable[..., Any] | Awaitable[Any], *args: Any) -> Any:
        if asyncio.iscoroutine(target):
            return await target
        result = target(*args)  # type: ignore[operator]
        return await result if asyncio.iscoroutine(result) else result

    async def async_block_till_done(self, timeout: float = 30) -> None:
        """Waits until no task HA tracks is pending (tasks may start more tasks)."""
        deadline = self.loop.time() + timeout
        current = asyncio.current_task()
        while pending := [task for task in self._tasks if task is not current and not task.done()]:
            remaining = deadline - self.loop.time()
            if remaining <= 0:
                _LOGGER.warning("Timed out waiting for %s tasks", len(pending))
                return
            await asyncio.wait(pending, timeout=remaining)

    async def async_stop(self, exit_code: int = 0,
                         after_stop: Callable[[], Awaitable[None]] | None = None) -> None:
        """HA's stop stages: fire stop and wait for its work, then final write, then close.

        `after_stop` runs between the stop and final-write stages (the double's server unloads its config
        entries there; HA itself does not unload entries when it stops)."""
        from .const import EVENT_HOMEASSISTANT_CLOSE, EVENT_HOMEASSISTANT_FINAL_WRITE, EVENT_HOMEASSISTANT_STOP

        if self.state in (CoreState.stopping, CoreState.stopped):
            return
        self.state = CoreState.stopping
        self.bus.async_fire(EVENT_HOMEASSISTANT_STOP)
        await self.async_block_till_done()
        if after_stop is not None:
            await after_stop()
        self.state = CoreState.final_write
        self.bus.async_fire(EVENT_HOMEASSISTANT_FINAL_WRITE)
        await self.async_block_till_done()
        self.state = CoreState.not_running
        self.bus.async_fire(EVENT_HOMEASSISTANT_CLOSE)
        await self.async_block_till_done()
        for task in list(self._background_tasks):
            task.cancel()
        self.state = CoreState.stopped
