"""Data entry flows, after homeassistant/data_entry_flow.py.

A flow is a handler object whose `async_step_<id>` methods return results; a form keeps the flow in
progress until configured with user input, which is first validated by the form's schema (InvalidData when
it does not fit); create_entry and abort end it; AbortFlow raised anywhere in a step ends it as an abort.
"""

from __future__ import annotations

import copy
from enum import StrEnum
from typing import Any
import uuid

import voluptuous as vol

from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError


class FlowResultType(StrEnum):
    FORM = "form"
    CREATE_ENTRY = "create_entry"
    ABORT = "abort"
    EXTERNAL_STEP = "external"
    EXTERNAL_STEP_DONE = "external_done"
    SHOW_PROGRESS = "progress"
    SHOW_PROGRESS_DONE = "progress_done"
    MENU = "menu"


FlowResult = dict[str, Any]


class FlowError(HomeAssistantError):
    """Base class for data entry errors."""


class UnknownHandler(FlowError):
    """Unknown handler specified."""


class UnknownFlow(FlowError):
    """Unknown flow specified."""


class UnknownStep(FlowError):
    """Unknown step specified."""


class InvalidData(vol.Invalid):
    """Invalid data provided."""

    def __init__(self, message: str, path: list[Any] | None, error_message: str | None,
                 schema_errors: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(message, path, error_message, **kwargs)
        self.schema_errors = schema_errors


class AbortFlow(FlowError):
    """Exception to indicate a flow needs to be aborted."""

    def __init__(self, reason: str, description_placeholders: dict[str, str] | None = None) -> None:
        super().__init__(f"Flow aborted: {reason}")
        self.reason = reason
        self.description_placeholders = description_placeholders


class FlowHandler:
    """One flow in progress; the manager sets hass, handler, flow_id, context and init_data."""

    hass: HomeAssistant = None  # type: ignore[assignment]
    handler: str = ""
    flow_id: str = None  # type: ignore[assignment]
    init_data: Any = None
    cur_step: FlowResult | None = None
    VERSION = 1
    MINOR_VERSION = 1

    def __init__(self) -> None:
        self.context: dict[str, Any] = {}

    @property
    def source(self) -> str | None:
        return self.context.get("source")

    @callback
    def add_suggested_values_to_schema(self, data_schema: vol.Schema, suggested_values: Any) -> vol.Schema:
        """The same schema with each key's description carrying its suggested value."""
        schema = {}
        for key, val in data_schema.schema.items():
            if isinstance(key, vol.Marker):
                if key.description and key.description.get("advanced") and not self.context.get(
                        "show_advanced_options"):
                    continue
            new_key = key
            if suggested_values and key in suggested_values:
                new_key = copy.copy(key)
                new_key.description = {**(key.description or {}), "suggested_value": suggested_values[str(key)]}
            schema[new_key] = val
        return vol.Schema(schema)

    @callback
    def async_show_form(self, *, step_id: str | None = None, data_schema: vol.Schema | None = None,
                        errors: dict[str, str] | None = None,
                        description_placeholders: dict[str, str] | None = None,
                        last_step: bool | None = None, preview: str | None = None) -> FlowResult:
        return {"type": FlowResultType.FORM, "flow_id": self.flow_id, "handler": self.handler,
                "step_id": step_id, "data_schema": data_schema, "errors": errors,
                "description_placeholders": description_placeholders, "last_step": last_step,
                "preview": preview}

    @callback
    def async_create_entry(self, *, title: str | None = None, data: dict[str, Any],
                           description: str | None = None,
                           description_placeholders: dict[str, str] | None = None) -> FlowResult:
        return {"type": FlowResultType.CREATE_ENTRY, "flow_id": self.flow_id, "handler": self.handler,
                "version": self.VERSION, "minor_version": self.MINOR_VERSION, "title": title, "data": data,
                "description": description, "description_placeholders": description_placeholders,
                "context": self.context}

    @callback
    def async_abort(self, *, reason: str, description_placeholders: dict[str, str] | None = None) -> FlowResult:
        return {"type": FlowResultType.ABORT, "flow_id": self.flow_id, "handler": self.handler,
                "reason": reason, "description_placeholders": description_placeholders}

    @callback
    def async_remove(self) -> None:
        """Notification that the flow has been removed."""


class FlowManager:
    """Runs flows; subclasses say which handler class a name means and what a finished flow does."""

    def __init__(self, hass: HomeAssistant) -> None:
        self.hass = hass
        self._progress: dict[str, FlowHandler] = {}

    async def async_create_flow(self, handler_key: str, *, context: dict[str, Any] | None = None,
                                data: Any = None) -> FlowHandler:
        raise NotImplementedError

    async def async_finish_flow(self, flow: FlowHandler, result: FlowResult) -> FlowResult:
        return result

    @callback
    def async_progress(self) -> list[dict[str, Any]]:
        return [self._view(flow) for flow in self._progress.values() if flow.cur_step is not None]

    @callback
    def async_progress_by_handler(self, handler: str, include_uninitialized: bool = False,
                                  match_context: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return [
            self._view(flow)
            for flow in self._progress.values()
            if flow.handler == handler
            and (include_uninitialized or flow.cur_step is not None)
            and all(flow.context.get(key) == value for key, value in (match_context or {}).items())
        ]

    @staticmethod
    def _view(flow: FlowHandler) -> dict[str, Any]:
        return {"flow_id": flow.flow_id, "handler": flow.handler, "context": flow.context,
                "step_id": (flow.cur_step or {}).get("step_id")}

    async def async_init(self, handler: str, *, context: dict[str, Any] | None = None,
                         data: Any = None) -> FlowResult:
        context = dict(context or {})
        flow = await self.async_create_flow(handler, context=context, data=data)
        flow.hass = self.hass
        flow.handler = handler
        flow.flow_id = uuid.uuid4().hex
        flow.context = context
        flow.init_data = data
        self._progress[flow.flow_id] = flow
        return await self._async_handle_step(flow, context.get("source", "init"), data)

    async def async_configure(self, flow_id: str, user_input: dict[str, Any] | None = None) -> FlowResult:
        if (flow := self._progress.get(flow_id)) is None:
            raise UnknownFlow
        cur_step = flow.cur_step or {}
        if (schema := cur_step.get("data_schema")) is not None and user_input is not None:
            try:
                user_input = schema(user_input)
            except vol.Invalid as err:
                raise InvalidData("Schema validation failed", path=err.path, error_message=err.error_message,
                                  schema_errors={str(err.path[0]) if err.path else "base": err.error_message}
                                  ) from err
        return await self._async_handle_step(flow, cur_step["step_id"], user_input)

    @callback
    def async_abort(self, flow_id: str) -> None:
        if (flow := self._progress.pop(flow_id, None)) is None:
            raise UnknownFlow
        flow.async_remove()

    async def _async_handle_step(self, flow: FlowHandler, step_id: str, user_input: Any) -> FlowResult:
        method = f"async_step_{step_id}"
        if not hasattr(flow, method):
            self._progress.pop(flow.flow_id, None)
            raise UnknownStep(f"Handler {flow.__class__.__name__} doesn't support step {step_id}")
        try:
            result: FlowResult = await getattr(flow, method)(user_input)
        except AbortFlow as err:
            result = flow.async_abort(reason=err.reason, description_placeholders=err.description_placeholders)
        if result["type"] == FlowResultType.FORM:
            flow.cur_step = result
            return result
        self._progress.pop(flow.flow_id, None)
        flow.async_remove()
        return await self.async_finish_flow(flow, result)
