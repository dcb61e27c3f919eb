"""The Supervisor's discovery message, after homeassistant/helpers/service_info/hassio.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class HassioServiceInfo:
    config: dict[str, Any]
    name: str
    slug: str
    uuid: str
