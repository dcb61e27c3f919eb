"""Setting up integrations, after homeassistant/setup.py: dependencies first, translations loaded, the
CONFIG_SCHEMA applied, then async_setup; a component is set up once and listed in hass.config.components."""

from __future__ import annotations

import logging
from typing import Any

from .core import HomeAssistant
from .helpers.translation import async_load_integration_translations
from .loader import async_get_integration

_LOGGER = logging.getLogger(__name__)
DATA_SETUP = "setup_tasks"


async def async_setup_component(hass: HomeAssistant, domain: str, config: dict[str, Any] | None = None) -> bool:
    if domain in hass.config.components:
        return True
    integration = async_get_integration(hass, domain)
    for dependency in integration.dependencies:
        if not await async_setup_component(hass, dependency, config):
            _LOGGER.error("Unable to set up dependencies of %s: %s", domain, dependency)
            return False
    async_load_integration_translations(hass, domain, integration.file_path)
    component = integration.get_component()
    config = dict(config or {})
    if (schema := getattr(component, "CONFIG_SCHEMA", None)) is not None:
        config = schema(config)
    if (setup := getattr(component, "async_setup", None)) is not None:
        try:
            result = await setup(hass, config)
        except Exception:
            _LOGGER.exception("Error during setup of component %s", domain)
            return False
        if result is not True:
            _LOGGER.error("Integration %s did not return boolean if setup was successful", domain)
            return False
    hass.config.components.add(domain)
    return True
