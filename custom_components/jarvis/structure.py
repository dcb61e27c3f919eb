"""An AI task's structure as the JSON schema Claude answers in. HA gives the structure as a voluptuous schema
whose keys are Required/Optional markers (with a description) and whose values are selectors; each selector
becomes its JSON type (text: string, number: number within its bounds, boolean, select: one of its options or a
list of them); anything else is left open. (HA's own integrations use voluptuous_openapi with
llm.selector_serializer for this; written out here, it keeps to what the structure's selectors can say.)"""

from __future__ import annotations

from typing import Any

import voluptuous as vol


def _selector_schema(validator: Any) -> dict[str, Any]:
    kind = getattr(validator, "selector_type", None)
    config: dict[str, Any] = dict(getattr(validator, "config", None) or {})
    if kind == "boolean":
        return {"type": "boolean"}
    if kind == "number":
        schema: dict[str, Any] = {"type": "number"}
        for key, name in (("min", "minimum"), ("max", "maximum")):
            if config.get(key) is not None:
                schema[name] = config[key]
        return schema
    if kind == "select":
        values = [o if isinstance(o, str) else o["value"] for o in config.get("options", [])]
        one: dict[str, Any] = {"type": "string", "enum": values} if not config.get("custom_value") else {"type": "string"}
        return {"type": "array", "items": one} if config.get("multiple") else one
    if kind == "text":
        return {"type": "array", "items": {"type": "string"}} if config.get("multiple") else {"type": "string"}
    return {}


def json_schema(structure: vol.Schema) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    for key, validator in structure.schema.items():
        name = str(key)
        prop = _selector_schema(validator)
        if description := getattr(key, "description", None):
            prop["description"] = description
        properties[name] = prop
        if isinstance(key, vol.Required):
            required.append(name)
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}
