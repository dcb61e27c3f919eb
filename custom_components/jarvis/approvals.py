"""Held actions approved where the person is: an actionable notification on their phone.

When Jarvis holds an action, the phones chosen in the options that belong to the HA user who asked get a
notification with Approve and Deny; when that person has no chosen phone (or no HA user asked: an automation,
a satellite, an MCP client), the chosen phones of HA admins get it. Pressing a button fires
`mobile_app_notification_action` with the phone's HA user in the event's context; Jarvis is asked to approve
or deny as that user, and decides as it does for the card and jarvis.approve: the person who asked or an admin
may approve, anyone else is refused. The phone then shows what happened, in place of the request (same tag).

A RED action needs the override key, which a notification would carry through HA's event history: its
notification has only Deny and says to approve in the Jarvis card.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
import logging
from typing import Any

from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError

from .client import JarvisClient, JarvisError
from .const import CONF_APPROVAL_PHONES
from .feed import JarvisEventFeed
from .phones import Phone, async_phones
from .runtime import user_payload

_LOGGER = logging.getLogger(__name__)

EVENT_NOTIFICATION_ACTION = "mobile_app_notification_action"
APPROVE = "JARVIS_APPROVE_"
DENY = "JARVIS_DENY_"
TITLE = "Jarvis needs your approval"


def _tag(action_id: str) -> str:
    return f"jarvis-{action_id}"


def _at(iso: str | None) -> str:
    try:
        return datetime.fromisoformat(str(iso).replace("Z", "+00:00")).astimezone().strftime("%H:%M")
    except ValueError:
        return "soon"


def outcome_text(summary: str, outcome: dict[str, Any]) -> str:
    """What the phone shows once the answer is in."""
    status = outcome.get("status")
    if status == "ok":
        return f"Done: {summary}."
    if status == "error":
        return f"{summary} failed: {outcome.get('error')}."
    if status == "refused":
        return f"Not approved: {outcome.get('reason')}."
    return f"{summary} did not run ({status})."


class PhoneApprovals:
    def __init__(self, hass: HomeAssistant, client: JarvisClient, options: Callable[[], Mapping[str, Any]]) -> None:
        self.hass = hass
        self.client = client
        # Read at each use, so a change in the options applies at once.
        self._options = options
        # Action id -> what it will do, for the answer's notification; each action is sent once.
        self._sent: dict[str, str] = {}

    @callback
    def async_start(self, feed: JarvisEventFeed) -> Callable[[], None]:
        unsubs = [feed.add_listener(self._on_feed_event),
                  self.hass.bus.async_listen(EVENT_NOTIFICATION_ACTION, self._on_notification_action)]

        @callback
        def stop() -> None:
            for unsub in unsubs:
                unsub()

        return stop

    # -- a held action goes out -------------------------------------------------------------------------

    @callback
    def _on_feed_event(self, event: dict[str, Any]) -> None:
        data = event.get("data") or {}
        action_id = data.get("actionId")
        if event.get("type") != "action" or data.get("decision") != "approval_required" or not action_id:
            return
        if action_id in self._sent or not self._chosen():
            return
        self._sent[action_id] = str(data.get("tool", "the action"))
        self.hass.async_create_background_task(self._send_held(action_id), f"jarvis approval {action_id}")

    async def _send_held(self, action_id: str) -> None:
        try:
            pending = await self.client.call("approvals/pending")
        except JarvisError as err:
            _LOGGER.warning("Cannot read the held action %s from Jarvis: %s", action_id, err.message)
            return
        held = next((a for a in pending.get("actions") or [] if a.get("action_id") == action_id), None)
        if held is None:
            return  # decided (or expired) before it could be sent
        self._sent[action_id] = str(held.get("summary") or held.get("tool"))
        requester = await self.hass.auth.async_get_user(held.get("requested_by") or "")
        red = held.get("tier") == "RED"
        phones = await self._phones_for(requester.id if requester else None, admins_only=red)
        who = requester.name if requester else "an automation or a voice satellite"
        message = f"{held.get('summary')}: {held.get('tier')}, asked by {who}. Expires at {_at(held.get('expires_at'))}."
        actions = [{"action": f"{DENY}{action_id}", "title": "Deny", "destructive": True}]
        if red:
            message += " It needs the override key: approve it in the Jarvis card."
        else:
            actions.insert(0, {"action": f"{APPROVE}{action_id}", "title": "Approve"})
        for phone in phones:
            await self._notify(phone, message, {"tag": _tag(action_id), "actions": actions}, TITLE)

    def _chosen(self) -> list[str]:
        return list(self._options().get(CONF_APPROVAL_PHONES) or [])

    async def _phones_for(self, user_id: str | None, *, admins_only: bool = False) -> list[Phone]:
        chosen = [phone for phone in await async_phones(self.hass) if phone.service in self._chosen()]
        own = [p for p in chosen if user_id and p.user_id == user_id and (p.owner_is_admin or not admins_only)]
        return own or [p for p in chosen if p.owner_is_admin]

    async def _notify(self, phone: Phone, message: str, data: dict[str, Any], title: str = "Jarvis") -> None:
        try:
            await self.hass.services.async_call("notify", phone.service, {"title": title, "message": message,
                                                                          "data": data}, blocking=True)
        except HomeAssistantError as err:
            _LOGGER.warning("Could not notify %s: %s", phone.device_name, err)

    # -- an answer comes back -----------------------------------------------------------------------------

    @callback
    def _on_notification_action(self, event: Event) -> None:
        action = str(event.data.get("action") or "")
        for prefix in (APPROVE, DENY):
            if action.startswith(prefix) and len(action) > len(prefix):
                self.hass.async_create_background_task(
                    self._answer(prefix == APPROVE, action[len(prefix):], event.context.user_id),
                    "jarvis approval answer")
                return

    async def _answer(self, approve: bool, action_id: str, user_id: str | None) -> None:
        user = await self.hass.auth.async_get_user(user_id) if user_id else None
        if user is None:
            _LOGGER.warning("A notification answer for %s came without a Home Assistant user: ignored", action_id)
            return
        summary = self._sent.get(action_id, "The action")
        try:
            if approve:
                text = outcome_text(summary, await self.client.approve(action_id, user=user_payload(user)))
            else:
                await self.client.deny(action_id, user=user_payload(user))
                text = f"Denied: {summary}."
        except JarvisError as err:
            text = f"{summary}: {err.message}."
        for phone in await self._phones_for(user.id):
            if phone.user_id == user.id:
                await self._notify(phone, text, {"tag": _tag(action_id)})
