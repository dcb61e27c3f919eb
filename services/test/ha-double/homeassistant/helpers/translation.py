"""Translations, after homeassistant/helpers/translation.py.

A custom integration's texts come from its translations/<language>.json (strings.json is a source file for
core's build, never read at run time). They are flattened to `component.<domain>.<category>...` keys and
cached when the integration is loaded; exception messages are rendered from that cache, English, with the
template's trailing full stop removed before the placeholders go in, as HA does.
"""

from __future__ import annotations

from contextlib import suppress
import json
from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant, async_get_hass

DATA_TRANSLATIONS = "translations_cache"

# HA's own messages the double can raise (homeassistant/components/homeassistant/strings.json, exceptions).
_CORE_EXCEPTIONS = {
    "service_not_found": "Action {domain}.{service} not found.",
    "service_does_not_support_response":
        "An action which does not return responses can't be called with {return_response}.",
    "service_lacks_response_request": "The action requires responses and must be called with {return_response}.",
    "service_reponse_invalid":
        "Failed to process the returned action response data, expected a dictionary, but got {response_data_type}.",
    "service_should_be_blocking":
        "A non blocking action call with argument {non_blocking_argument} can't be used together with argument "
        "{return_response}.",
}


def _flatten(prefix: str, value: Any, into: dict[str, str]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(f"{prefix}.{key}", inner, into)
    elif isinstance(value, str):
        into[prefix] = value


def _cache(hass: HomeAssistant) -> dict[str, dict[str, str]]:
    cache = hass.data.get(DATA_TRANSLATIONS)
    if cache is None:
        cache = hass.data[DATA_TRANSLATIONS] = {"en": {}}
        _flatten("component.homeassistant.exceptions",
                 {key: {"message": text} for key, text in _CORE_EXCEPTIONS.items()}, cache["en"])
    return cache


def async_load_integration_translations(hass: HomeAssistant, domain: str, directory: Path) -> None:
    """Reads every translations/<language>.json of an integration into the cache."""
    cache = _cache(hass)
    for path in sorted((directory / "translations").glob("*.json")):
        flat: dict[str, str] = {}
        _flatten(f"component.{domain}", json.loads(path.read_text(encoding="utf-8")), flat)
        cache.setdefault(path.stem, {}).update(flat)


def async_get_cached_translations(
    hass: HomeAssistant, language: str, category: str, integration: str | None = None
) -> dict[str, str]:
    """Flat translations of one category, e.g. exceptions, for one language."""
    strings = _cache(hass).get(language, {})
    return {
        key: text
        for key, text in strings.items()
        if key.split(".")[2] == category and (integration is None or key.split(".")[1] == integration)
    }


def async_get_exception_message(
    translation_domain: str, translation_key: str, translation_placeholders: dict[str, str] | None = None
) -> str:
    """The English message of an exception; the bare key when there is none (as HA returns it)."""
    hass = async_get_hass()
    localize_key = f"component.{translation_domain}.exceptions.{translation_key}.message"
    translations = async_get_cached_translations(hass, "en", "exceptions")
    if localize_key in translations:
        if message := translations[localize_key]:
            message = message.rstrip(".")
        if not translation_placeholders:
            return message
        with suppress(KeyError):
            message = message.format(**translation_placeholders)
        return message
    return translation_key
