"""A Repairs issue when Home Assistant would act before Jarvis could hold an action for approval.

With "Prefer handling commands locally" (a pipeline's prefer_local_intents) on, the Assist pipeline first
tries Home Assistant's own intents on the sentence and runs a match at once; Jarvis never sees it. The
pipeline's filter for agents with the CONTROL feature only passes state questions and media search on to the
agent, so "unlock the front door" or "open the garage" still runs locally when that lock or cover is
exposed to Assist. Integrations cannot intercept that path, so Jarvis says so where the household looks:
one issue naming the pipelines and the entities, gone as soon as either the setting or the exposure is.

Checked when HA has started, and again when a pipeline is saved, an expose setting changes, or an entity of
the watched domains comes or goes.
"""

from __future__ import annotations

from collections.abc import Callable
import logging
from typing import Any

from homeassistant.const import EVENT_HOMEASSISTANT_STARTED, EVENT_STATE_CHANGED
from homeassistant.core import CoreState, Event, HomeAssistant, State, callback, split_entity_id
from homeassistant.helpers import issue_registry as ir

from .const import DOMAIN

_LOGGER = logging.getLogger(__name__)

ISSUE_ID = "local_intents_bypass"
ASSISTANT = "conversation"
LEARN_MORE_URL = "https://github.com/jarvis-ha/jarvis-ha/blob/main/addon/DOCS.md#home-assistants-ai-features"
# What Jarvis would hold for approval and HA's own intents can act on: locks, alarm panels, and covers that
# are doors, gates or garage doors.
WATCHED_DOMAINS = ("lock", "alarm_control_panel", "cover")
SENSITIVE_COVERS = ("door", "gate", "garage")
LISTED = 10


def _sensitive(state: State) -> bool:
    domain = split_entity_id(state.entity_id)[0]
    return domain != "cover" or state.attributes.get("device_class") in SENSITIVE_COVERS


def _should_expose(hass: HomeAssistant, entity_id: str) -> bool:
    from homeassistant.components.homeassistant.exposed_entities import async_should_expose  # noqa: PLC0415

    return async_should_expose(hass, ASSISTANT, entity_id)


def _local_first_pipelines(hass: HomeAssistant, agent_id: str) -> list[str]:
    if "assist_pipeline" not in hass.config.components:
        return []
    from homeassistant.components.assist_pipeline import async_get_pipelines  # noqa: PLC0415

    return sorted(p.name for p in async_get_pipelines(hass) if p.conversation_engine == agent_id and p.prefer_local_intents)


@callback
def async_check(hass: HomeAssistant, agent_id: str | None) -> None:
    """Raises the issue when both hold, removes it otherwise."""
    pipelines = _local_first_pipelines(hass, agent_id) if agent_id else []
    exposed = sorted(
        state.entity_id for state in hass.states.async_all(WATCHED_DOMAINS)
        if _sensitive(state) and _should_expose(hass, state.entity_id)
    ) if pipelines else []
    if not exposed:
        ir.async_delete_issue(hass, DOMAIN, ISSUE_ID)
        return
    shown = ", ".join(exposed[:LISTED]) + (f" and {len(exposed) - LISTED} more" if len(exposed) > LISTED else "")
    ir.async_create_issue(
        hass, DOMAIN, ISSUE_ID, is_fixable=False, severity=ir.IssueSeverity.WARNING,
        translation_key=ISSUE_ID, learn_more_url=LEARN_MORE_URL,
        translation_placeholders={"pipelines": ", ".join(f"“{name}”" for name in pipelines), "entities": shown},
    )


class LocalIntentsWatch:
    """Runs the check whenever one of its inputs may have changed, while the entry is loaded."""

    def __init__(self, hass: HomeAssistant, agent_id: Callable[[], str | None]) -> None:
        self.hass = hass
        self._agent_id = agent_id
        self._unsubs: list[Callable[[], Any]] = []

    @callback
    def check(self, *_args: Any) -> None:
        async_check(self.hass, self._agent_id())

    @callback
    def async_start(self) -> Callable[[], None]:
        hass = self.hass
        if hass.state is CoreState.running:
            self.check()
        else:
            self._unsubs.append(hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STARTED, self.check))
        self._unsubs.append(hass.bus.async_listen(EVENT_STATE_CHANGED, self._state_changed))
        self._watch_exposure()
        self._watch_pipelines()
        return self.async_stop

    @callback
    def async_stop(self) -> None:
        while self._unsubs:
            self._unsubs.pop()()
        ir.async_delete_issue(self.hass, DOMAIN, ISSUE_ID)

    @callback
    def _state_changed(self, event: Event) -> None:
        """An entity of a watched domain came, went, or changed its device class."""
        if split_entity_id(event.data["entity_id"])[0] not in WATCHED_DOMAINS:
            return
        old, new = event.data.get("old_state"), event.data.get("new_state")
        if old is None or new is None or old.attributes.get("device_class") != new.attributes.get("device_class"):
            self.check()

    def _watch_exposure(self) -> None:
        from homeassistant.components.homeassistant.exposed_entities import async_listen_entity_updates  # noqa: PLC0415

        if (unsub := async_listen_entity_updates(self.hass, ASSISTANT, self.check)) is not None:
            self._unsubs.append(unsub)

    def _watch_pipelines(self) -> None:
        """The pipeline store's change listener; it is not a public API, so without it the other triggers stay."""
        try:
            from homeassistant.components.assist_pipeline.pipeline import KEY_ASSIST_PIPELINE  # noqa: PLC0415

            store = self.hass.data[KEY_ASSIST_PIPELINE].pipeline_store
        except (ImportError, KeyError, AttributeError):
            _LOGGER.debug("Assist pipelines cannot be watched here; checked on other changes only")
            return

        async def pipeline_changed(_change_type: str, _item_id: str, _item: Any) -> None:
            self.check()

        self._unsubs.append(store.async_add_listener(pipeline_changed))
