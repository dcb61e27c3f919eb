"""Auth models, after homeassistant/auth/models.py: users, their groups, credentials and refresh tokens."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
import secrets
from typing import Any
import uuid

from homeassistant.util import dt as dt_util

GROUP_ID_ADMIN = "system-admin"
GROUP_ID_USER = "system-users"
GROUP_ID_READ_ONLY = "system-read-only"
TOKEN_TYPE_NORMAL = "normal"
TOKEN_TYPE_SYSTEM = "system"
TOKEN_TYPE_LONG_LIVED_ACCESS_TOKEN = "long_lived_access_token"


@dataclass
class Group:
    name: str | None
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    system_generated: bool = False


@dataclass
class Credentials:
    auth_provider_type: str
    auth_provider_id: str | None
    data: dict[str, Any] = field(default_factory=dict)
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    is_new: bool = True


@dataclass(eq=False)
class User:
    name: str | None
    perm_lookup: Any = None
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    is_owner: bool = False
    is_active: bool = False
    system_generated: bool = False
    local_only: bool = False
    groups: list[Group] = field(default_factory=list)
    credentials: list[Credentials] = field(default_factory=list)
    refresh_tokens: dict[str, RefreshToken] = field(default_factory=dict)

    @property
    def is_admin(self) -> bool:
        """Owner, or a member of the admin group (HA's permission model, without per-entity policies)."""
        return self.is_owner or (self.is_active and any(group.id == GROUP_ID_ADMIN for group in self.groups))


@dataclass(eq=False)
class RefreshToken:
    user: User
    client_id: str | None
    access_token_expiration: timedelta
    client_name: str | None = None
    client_icon: str | None = None
    token_type: str = TOKEN_TYPE_NORMAL
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    created_at: datetime = field(default_factory=dt_util.utcnow)
    token: str = field(default_factory=lambda: secrets.token_hex(64))
    jwt_key: str = field(default_factory=lambda: secrets.token_hex(64))
    last_used_at: datetime | None = None
    expire_at: float | None = None
