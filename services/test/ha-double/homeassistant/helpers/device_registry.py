"""Device info, after homeassistant/helpers/device_registry.py (the types entities describe devices with)."""

from __future__ import annotations

from enum import StrEnum
from typing import TypedDict


class DeviceEntryType(StrEnum):
    SERVICE = "service"


class DeviceInfo(TypedDict, total=False):
    configuration_url: str | None
    connections: set[tuple[str, str]]
    created_at: str
    default_manufacturer: str
    default_model: str
    default_name: str
    entry_type: DeviceEntryType | None
    identifiers: set[tuple[str, str]]
    manufacturer: str | None
    model: str | None
    model_id: str | None
    modified_at: str
    name: str | None
    serial_number: str | None
    suggested_area: str | None
    sw_version: str | None
    hw_version: str | None
    translation_key: str | None
    translation_placeholders: dict[str, str] | None
    via_device: tuple[str, str]
