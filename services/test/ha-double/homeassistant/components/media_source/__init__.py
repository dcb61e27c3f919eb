"""Media sources, after homeassistant/components/media_source (local_source.py): only local media,
`media-source://media_source/local/<path>` under the config folder's `media` directory, resolved to a file
path and a mime type guessed from its name."""

from __future__ import annotations

from dataclasses import dataclass
import mimetypes
from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError

DOMAIN = "media_source"
URI_SCHEME = "media-source://"
LOCAL_PREFIX = f"{URI_SCHEME}media_source/local/"


class Unresolvable(HomeAssistantError):
    """The media source cannot resolve this id."""


@dataclass(slots=True)
class PlayMedia:
    url: str
    mime_type: str
    path: Path | None = None


async def async_resolve_media(hass: HomeAssistant, media_content_id: str, target_media_player: Any) -> PlayMedia:
    if not media_content_id.startswith(LOCAL_PREFIX):
        raise Unresolvable(f"Unknown media source: {media_content_id}")
    relative = media_content_id.removeprefix(LOCAL_PREFIX)
    root = Path(hass.config.path("media")).resolve()
    path = (root / relative).resolve()
    if root not in path.parents or not path.is_file():
        raise Unresolvable("Path does not exist.")
    mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return PlayMedia(f"/media/local/{relative}", mime_type, path)


async def async_setup(hass: HomeAssistant, config: dict[str, Any]) -> bool:
    return True
