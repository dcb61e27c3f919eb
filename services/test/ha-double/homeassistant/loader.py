"""Integrations, after homeassistant/loader.py: a domain is a custom integration when a
custom_components.<domain> package with a manifest exists, else one of the double's built-in components."""

from __future__ import annotations

from dataclasses import dataclass
import importlib
import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

from .core import HomeAssistant
from .exceptions import HomeAssistantError

DATA_INTEGRATIONS = "integrations"


class IntegrationNotFound(HomeAssistantError):
    def __init__(self, domain: str) -> None:
        super().__init__(f"Integration '{domain}' not found.")
        self.domain = domain


@dataclass
class Integration:
    domain: str
    pkg_path: str
    file_path: Path
    manifest: dict[str, Any]
    is_built_in: bool

    @property
    def dependencies(self) -> list[str]:
        return list(self.manifest.get("dependencies", []))

    def get_component(self) -> ModuleType:
        return importlib.import_module(self.pkg_path)


def async_get_integration(hass: HomeAssistant, domain: str) -> Integration:
    cache: dict[str, Integration] = hass.data.setdefault(DATA_INTEGRATIONS, {})
    if domain in cache:
        return cache[domain]
    for pkg_path, built_in in ((f"custom_components.{domain}", False), (f"homeassistant.components.{domain}", True)):
        try:
            spec = importlib.util.find_spec(pkg_path)
        except ModuleNotFoundError:
            spec = None
        if spec is None or not spec.submodule_search_locations:
            continue
        directory = Path(next(iter(spec.submodule_search_locations)))
        manifest_path = directory / "manifest.json"
        manifest = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {"domain": domain}
        if not built_in and not manifest_path.is_file():
            continue
        cache[domain] = Integration(domain, pkg_path, directory, manifest, built_in)
        return cache[domain]
    raise IntegrationNotFound(domain)
