"""Approvals on the phone and alerts on speakers (custom_components/jarvis/approvals.py and announce.py,
unmodified, in the HA double): the companion app as it talks to HA (registration, its local push channel, its
webhook when a notification button is pressed), the household's choices made in the integration's options,
and the real Jarvis (with its model and home lab) deciding who may approve what."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp

from conftest import HaDouble, run_async
from ha_ws import HaSocket, ha_socket


async def http(double: HaDouble, method: str, path: str, body: dict[str, Any], who: str | None = "admin") -> Any:
    headers = {"Authorization": f"Bearer {double.token(who)}"} if who else {}
    async with aiohttp.ClientSession() as session, session.request(method, double.url + path, json=body,
                                                                    headers=headers) as resp:
        assert resp.status in (200, 201), f"{path}: {resp.status} {await resp.text()}"
        return await resp.json()


async def register_phone(double: HaDouble, who: str, device_name: str) -> str:
    """The companion app's registration, as the user's app sends it; returns the phone's webhook id."""
    answer = await http(double, "POST", "/api/mobile_app/registrations", {
        "app_id": "io.homeassistant.companion.android", "app_name": "Home Assistant", "app_version": "2025.10.1",
        "device_name": device_name, "manufacturer": "Google", "model": "Pixel 9", "os_name": "Android",
        "os_version": "15", "supports_encryption": False, "app_data": {"push_websocket_channel": True},
    }, who)
    return str(answer["webhook_id"])


class Phone:
    """A phone's local push channel: the notifications it shows."""

    def __init__(self, socket: HaSocket, webhook_id: str) -> None:
        self.socket = socket
        self.webhook_id = webhook_id
        self.channel = 0

    async def connect(self) -> None:
        answer = await self.socket.command({"type": "mobile_app/push_notification_channel",
                                            "webhook_id": self.webhook_id})
        assert answer["success"], answer
        self.channel = answer["id"]

    async def next_notification(self, timeout: float = 15) -> dict[str, Any]:
        while not self.socket.events.get(self.channel):
            message = await self.socket.receive(timeout)
            if message.get("type") == "event":
                self.socket.events.setdefault(message["id"], []).append(message["event"])
        return self.socket.events[self.channel].pop(0)

    async def nothing_for(self, seconds: float) -> bool:
        try:
            await self.next_notification(seconds)
        except asyncio.TimeoutError:
            return True
        return False

    async def press(self, double: HaDouble, action: str) -> None:
        """The companion app fires the pressed button's action through its webhook (no login: the id is it)."""
        await http(double, "POST", f"/api/webhook/{self.webhook_id}", {
            "type": "fire_event", "data": {"event_type": "mobile_app_notification_action",
                                           "event_data": {"action": action}}}, who=None)


async def choose(double: HaDouble, socket: HaSocket, options: dict[str, Any]) -> dict[str, Any]:
    [entry] = await socket.result({"type": "config_entries/get", "domain": "jarvis"})
    assert entry["supports_options"] is True
    form = await http(double, "POST", "/api/config/config_entries/options/flow", {"handler": entry["entry_id"]})
    saved = await http(double, "POST", f"/api/config/config_entries/options/flow/{form['flow_id']}", options)
    assert saved["type"] == "create_entry", saved
    return form


async def run_tool(socket: HaSocket, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
    answer = await socket.result({"type": "call_service", "domain": "jarvis", "service": "run_tool",
                                  "service_data": {"name": name, "arguments": arguments}, "return_response": True})
    return dict(answer["response"])


async def guest_status(socket: HaSocket, vmid: int, tool: str = "get_vms") -> str:
    guests = (await run_tool(socket, tool, {}))["data"]
    return next(guest["status"] for guest in guests if guest["vmid"] == vmid)


@run_async
async def test_a_held_action_is_approved_from_the_phone_of_who_asked_and_not_by_someone_elses(
    own_scripted_ha_double: HaDouble,
) -> None:
    double = own_scripted_ha_double
    ada_phone_id = await register_phone(double, "admin", "Ada Phone")
    uma_phone_id = await register_phone(double, "user", "Uma Phone")
    async with ha_socket(double, "admin") as ada, ha_socket(double, "user") as uma, \
            ha_socket(double, "admin") as ada_app, ha_socket(double, "user") as uma_app:
        ada_phone, uma_phone = Phone(ada_app, ada_phone_id), Phone(uma_app, uma_phone_id)
        await ada_phone.connect()
        await uma_phone.connect()
        # Nothing goes to any phone until the household picks them.
        quiet = await run_tool(uma, "stop_vm", {"vmid": 107})
        assert quiet["status"] == "approval_required"
        assert await uma_phone.nothing_for(1.0)

        form = await choose(double, ada, {"approval_phones": ["mobile_app_ada_phone", "mobile_app_uma_phone"],
                                          "announce_on": []})
        offered = next(f for f in form["data_schema"] if f["name"] == "approval_phones")["selector"]["select"]
        assert {"value": "mobile_app_uma_phone", "label": "Uma Phone (Uma User)"} in offered["options"]

        # Uma (not an admin) asks: the request goes to her phone only, with Approve and Deny.
        assert await guest_status(uma, 104, "get_containers") == "running"
        held = await run_tool(uma, "stop_container", {"vmid": 104})
        note = await uma_phone.next_notification()
        assert note["title"] == "Jarvis needs your approval"
        assert note["message"].startswith("Stop container 104 (nginx-proxy): ORANGE, asked by Uma User.")
        assert [a["action"] for a in note["data"]["actions"]] == [
            f"JARVIS_APPROVE_{held['actionId']}", f"JARVIS_DENY_{held['actionId']}"]
        assert note["data"]["tag"] == f"jarvis-{held['actionId']}"
        assert await ada_phone.nothing_for(0.5)

        # She approves from the phone: it runs, approved by her, and the phone says so in its place.
        await uma_phone.press(double, f"JARVIS_APPROVE_{held['actionId']}")
        done = await uma_phone.next_notification()
        assert done["message"] == "Done: Stop container 104 (nginx-proxy)." and done["data"]["tag"] == note["data"]["tag"]
        for _ in range(50):
            if await guest_status(uma, 104, "get_containers") == "stopped":
                break
            await asyncio.sleep(0.2)
        assert await guest_status(uma, 104, "get_containers") == "stopped"

        # Ada (an admin) asks: her phone gets it. Uma's answer to Ada's action (a stale or forwarded
        # notification) is refused by Jarvis: she is neither who asked nor an admin.
        assert await guest_status(ada, 100) == "running"
        held = await run_tool(ada, "stop_vm", {"vmid": 100})
        assert (await ada_phone.next_notification())["message"].startswith("Stop VM 100 (haos): ORANGE, asked by Ada Admin.")
        await uma_phone.press(double, f"JARVIS_APPROVE_{held['actionId']}")
        refused = await uma_phone.next_notification()
        assert refused["message"].startswith("Not approved: only the person who asked"), refused
        assert await guest_status(ada, 100) == "running"
        # Ada denies it from her phone.
        await ada_phone.press(double, f"JARVIS_DENY_{held['actionId']}")
        assert (await ada_phone.next_notification())["message"] == "Denied: Stop VM 100 (haos)."
        again = await ada.command({"type": "call_service", "domain": "jarvis", "service": "approve",
                                   "service_data": {"action_id": held["actionId"]}, "return_response": True})
        assert again["error"]["message"].startswith("Jarvis answered with an error (not_found)")


@run_async
async def test_an_alert_is_announced_on_the_chosen_satellite_and_media_player(own_scripted_ha_double: HaDouble) -> None:
    double = own_scripted_ha_double
    control = double.jarvis.ready["control"]
    alert = {"type": "alert", "severity": "critical", "source": "monitor", "title": "Person at front_door",
             "data": {"camera": "front_door"}}
    async with ha_socket(double, "admin") as socket:
        # Not announced anywhere until chosen.
        async with aiohttp.ClientSession() as session, session.post(f"{control}/events", json=alert) as resp:
            assert resp.status == 201
        await asyncio.sleep(0.5)
        assert await socket.result({"type": "test_double/announcements"}) == []

        await choose(double, socket, {"approval_phones": [],
                                      "announce_on": ["assist_satellite.kitchen", "media_player.living_room_speaker"]})
        async with aiohttp.ClientSession() as session, session.post(f"{control}/events", json=alert) as resp:
            assert resp.status == 201
        for _ in range(50):
            if said := await socket.result({"type": "test_double/announcements"}):
                break
            await asyncio.sleep(0.1)
        assert said == [{"entity_id": "assist_satellite.kitchen", "message": "Jarvis alert: Person at front_door.",
                         "media_id": ""}]
        # The daily digest (a status event) is said there too; other status events are not.
        digest = {"type": "status", "severity": "info", "source": "jarvis", "title": "Daily digest for 2026-12-06",
                  "message": "What happened: no alerts.", "data": {"digest": {"alerts": 0}}}
        other = {"type": "status", "severity": "info", "source": "monitor", "title": "pve2 is back online"}
        async with aiohttp.ClientSession() as session:
            for body in (other, digest):
                async with session.post(f"{control}/events", json=body) as resp:
                    assert resp.status == 201
        for _ in range(50):
            said = await socket.result({"type": "test_double/announcements"})
            if len(said) > 1:
                break
            await asyncio.sleep(0.1)
        assert [s["message"] for s in said] == ["Jarvis alert: Person at front_door.",
                                                "Daily digest for 2026-12-06. What happened: no alerts."]
        # The media player speaks in Jarvis's voice through the add-on (its Home Assistant is the home lab's).
        for _ in range(50):
            states = (await run_tool(socket, "get_home_state", {"domain": "media_player"}))["data"]
            if states[0]["state"] == "playing":
                break
            await asyncio.sleep(0.2)
        assert states[0]["state"] == "playing"
