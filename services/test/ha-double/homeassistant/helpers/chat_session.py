"""Chat sessions, after homeassistant/helpers/chat_session.py.

No conversation_id starts a new session with a new ULID; a known id continues its session; an unknown id
that is a ULID (an expired session) is replaced by a new one, while any other unknown id is kept as the
caller chose it. A session not used for CONVERSATION_TIMEOUT is cleaned up with what hangs off it (its
chat log).
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from homeassistant.core import HomeAssistant, callback
from homeassistant.util import dt as dt_util
from homeassistant.util.ulid import ulid_now, ulid_to_bytes

DATA_CHAT_SESSION = "chat_session"
CONVERSATION_TIMEOUT = timedelta(minutes=5)

current_session: ContextVar[ChatSession | None] = ContextVar("current_session", default=None)


@dataclass
class ChatSession:
    conversation_id: str
    last_updated: datetime = field(default_factory=dt_util.utcnow)
    _cleanup_callbacks: list[Callable[[], None]] = field(default_factory=list)

    @callback
    def async_updated(self) -> None:
        self.last_updated = dt_util.utcnow()

    @callback
    def async_on_cleanup(self, cb: Callable[[], None]) -> None:
        self._cleanup_callbacks.append(cb)

    @callback
    def async_cleanup(self) -> None:
        for cb in self._cleanup_callbacks:
            cb()
        self._cleanup_callbacks.clear()


@callback
def _async_expire(hass: HomeAssistant, all_sessions: dict[str, ChatSession]) -> None:
    """HA runs this on a timer; the double runs it whenever a session is asked for."""
    now = dt_util.utcnow()
    for conversation_id, session in list(all_sessions.items()):
        if session.last_updated + CONVERSATION_TIMEOUT < now:
            del all_sessions[conversation_id]
            session.async_cleanup()


@contextmanager
def async_get_chat_session(hass: HomeAssistant, conversation_id: str | None = None) -> Generator[ChatSession]:
    session = current_session.get()
    if session is not None:
        if session.conversation_id == conversation_id:
            yield session
            return
        session = None
    all_sessions: dict[str, ChatSession] = hass.data.setdefault(DATA_CHAT_SESSION, {})
    _async_expire(hass, all_sessions)
    if conversation_id is None:
        conversation_id = ulid_now()
    elif conversation_id in all_sessions:
        session = all_sessions[conversation_id]
    else:
        try:
            ulid_to_bytes(conversation_id)
            conversation_id = ulid_now()
        except ValueError:
            pass
    if session is None:
        session = ChatSession(conversation_id)
    token = current_session.set(session)
    try:
        yield session
    finally:
        current_session.reset(token)
    session.last_updated = dt_util.utcnow()
    all_sessions[conversation_id] = session
