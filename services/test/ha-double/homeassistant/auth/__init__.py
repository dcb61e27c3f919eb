"""The auth manager, after homeassistant/auth/__init__.py.

Access tokens are HS256 JWTs as HA makes them: the issuer is the refresh token's id, the key that token's
jwt_key, with iat/exp; validation finds the refresh token by the unverified issuer, then verifies the
signature and expiry with its key. Users are made directly (no auth providers or login flows).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
import time
from typing import Any

import jwt

from homeassistant.core import HomeAssistant, callback

from .models import (
    GROUP_ID_ADMIN,
    GROUP_ID_READ_ONLY,
    GROUP_ID_USER,
    TOKEN_TYPE_LONG_LIVED_ACCESS_TOKEN,
    TOKEN_TYPE_NORMAL,
    Credentials,
    Group,
    RefreshToken,
    User,
)

ACCESS_TOKEN_EXPIRATION = timedelta(minutes=30)
# The frontend's default lifespan for a long-lived token (profile page): ten years.
LONG_LIVED_EXPIRATION = timedelta(days=3650)


class AuthManager:
    def __init__(self, hass: HomeAssistant) -> None:
        self.hass = hass
        self._users: dict[str, User] = {}
        self._groups = {
            GROUP_ID_ADMIN: Group("Administrators", GROUP_ID_ADMIN, True),
            GROUP_ID_USER: Group("Users", GROUP_ID_USER, True),
            GROUP_ID_READ_ONLY: Group("Read Only", GROUP_ID_READ_ONLY, True),
        }
        self._revoke_callbacks: dict[str, set[Callable[[], None]]] = {}
        self.auth_mfa_modules: list[Any] = []

    async def async_create_user(self, name: str, *, group_ids: list[str] | None = None,
                                is_owner: bool = False) -> User:
        user = User(name=name, is_owner=is_owner, is_active=True,
                    groups=[self._groups[group] for group in group_ids or [GROUP_ID_USER]],
                    credentials=[Credentials("homeassistant", None, {"username": name.lower()}, is_new=False)])
        self._users[user.id] = user
        return user

    async def async_get_user(self, user_id: str) -> User | None:
        return self._users.get(user_id)

    async def async_get_users(self) -> list[User]:
        return list(self._users.values())

    async def async_get_enabled_mfa(self, user: User) -> dict[str, str]:
        return {}

    async def async_create_refresh_token(self, user: User, client_id: str | None = None, *,
                                         client_name: str | None = None,
                                         token_type: str = TOKEN_TYPE_NORMAL,
                                         access_token_expiration: timedelta = ACCESS_TOKEN_EXPIRATION) -> RefreshToken:
        if token_type == TOKEN_TYPE_LONG_LIVED_ACCESS_TOKEN and not client_name:
            raise ValueError("Client_name is required for long-lived access token")
        token = RefreshToken(user, client_id, access_token_expiration, client_name, token_type=token_type)
        user.refresh_tokens[token.id] = token
        return token

    @callback
    def async_create_access_token(self, refresh_token: RefreshToken, remote_ip: str | None = None) -> str:
        now = int(time.time())
        expire = now + int(refresh_token.access_token_expiration.total_seconds())
        return jwt.encode({"iss": refresh_token.id, "iat": now, "exp": expire}, refresh_token.jwt_key,
                          algorithm="HS256")

    async def async_create_long_lived_token(self, user: User, client_name: str) -> str:
        refresh = await self.async_create_refresh_token(
            user, client_name=client_name, token_type=TOKEN_TYPE_LONG_LIVED_ACCESS_TOKEN,
            access_token_expiration=LONG_LIVED_EXPIRATION)
        return self.async_create_access_token(refresh)

    @callback
    def async_get_refresh_token(self, token_id: str) -> RefreshToken | None:
        for user in self._users.values():
            if token_id in user.refresh_tokens:
                return user.refresh_tokens[token_id]
        return None

    @callback
    def async_validate_access_token(self, token: str) -> RefreshToken | None:
        try:
            unverified = jwt.decode(token, algorithms=["HS256"], options={"verify_signature": False})
        except jwt.InvalidTokenError:
            return None
        refresh = self.async_get_refresh_token(str(unverified.get("iss")))
        if refresh is None or not refresh.user.is_active:
            return None
        try:
            jwt.decode(token, refresh.jwt_key, leeway=10, issuer=refresh.id, algorithms=["HS256"])
        except jwt.InvalidTokenError:
            return None
        return refresh

    @callback
    def async_register_revoke_token_callback(self, refresh_token_id: str,
                                             revoke_callback: Callable[[], None]) -> Callable[[], None]:
        callbacks = self._revoke_callbacks.setdefault(refresh_token_id, set())
        callbacks.add(revoke_callback)

        @callback
        def unregister() -> None:
            callbacks.discard(revoke_callback)

        return unregister

    @callback
    def async_remove_refresh_token(self, refresh_token: RefreshToken) -> None:
        refresh_token.user.refresh_tokens.pop(refresh_token.id, None)
        for revoke in list(self._revoke_callbacks.pop(refresh_token.id, ())):
            revoke()
