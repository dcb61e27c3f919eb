"""MCP discovery end to end: Jarvis announces `mcp` to the (emulated) Supervisor as the add-on does; the HA double
reads the discovery at start as HA's hassio integration does, and HA's MCP integration (the double's, written
from HA's config_flow.py and coordinator.py, with the mcp SDK's Streamable HTTP client behaviour) offers it for
one confirmation, connects with the URL from discovery (its credential inside), and hands Jarvis's tools to HA's
own agents as an LLM API. A held action answers as not done, saying what a person must do and where."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp

from conftest import HaDouble, run_async
from ha_ws import HaSocket, ha_socket


async def supervisor_messages(double: HaDouble) -> list[dict[str, Any]]:
    """What the Supervisor holds, read with HA's own token as HA reads it."""
    supervisor = double.jarvis.ready["supervisor"]
    async with aiohttp.ClientSession() as session, session.get(
        f"{supervisor['url']}/discovery", headers={"Authorization": f"Bearer {supervisor['core_token']}"}
    ) as resp:
        body = await resp.json()
    return list(body["data"]["discovery"])


async def discovered_mcp_flow(socket: HaSocket) -> dict[str, Any]:
    for _ in range(100):
        flows = await socket.result({"type": "config_entries/flow/progress"})
        if mcp := [flow for flow in flows if flow["handler"] == "mcp"]:
            return mcp[0]
        await asyncio.sleep(0.05)
    raise AssertionError(f"no MCP flow among {flows}")


async def flow_step(double: HaDouble, flow_id: str, data: dict[str, Any]) -> dict[str, Any]:
    async with aiohttp.ClientSession() as session, session.post(
        f"{double.url}/api/config/config_entries/flow/{flow_id}", json=data,
        headers={"Authorization": f"Bearer {double.token('admin')}"},
    ) as resp:
        assert resp.status == 200, await resp.text()
        return dict(await resp.json())


@run_async
async def test_the_add_on_announces_mcp_and_ha_offers_jarvis_tools_to_its_agents_after_one_confirmation(
    supervised_ha_double: HaDouble,
) -> None:
    double = supervised_ha_double
    # The message the Supervisor received for mcp: a URL on the add-on's host with the MCP token in it.
    [mcp] = [m for m in await supervisor_messages(double) if m["service"] == "mcp"]
    url = urlsplit(mcp["config"]["url"])
    assert (url.scheme, url.hostname, url.port, url.path) == ("http", "127.0.0.1", double.jarvis.port, "/mcp")
    assert set(mcp["config"]) == {"url"}
    [token] = parse_qs(url.query)["access_token"]
    assert token == (double.jarvis.data_dir / "mcp-token").read_text().strip()

    async with ha_socket(double, "admin") as socket:
        flow = await discovered_mcp_flow(socket)
        assert flow["step_id"] == "hassio_confirm" and flow["context"]["source"] == "hassio"
        assert flow["context"]["unique_id"] == mcp["uuid"] and flow["context"]["confirm_only"] is True
        created = await flow_step(double, flow["flow_id"], {})
        assert created["type"] == "create_entry" and created["title"] == "jarvis"
        [entry] = await socket.result({"type": "config_entries/get", "domain": "mcp"})
        assert entry["state"] == "loaded" and entry["source"] == "hassio"

        # HA's agents get Jarvis's tools, under Jarvis's tiers (the tier is in each description).
        [api] = [a for a in (await socket.result({"type": "test_double/llm_apis"}))["apis"] if a["name"] == "jarvis"]
        tools = {tool["name"]: tool["description"] for tool in api["tools"]}
        assert "[tier GREEN]" in tools["get_cluster_status"] and "[tier ORANGE]" in tools["stop_vm"]

        status = await socket.result({"type": "test_double/llm_call_tool", "api_id": api["id"],
                                      "tool_name": "get_cluster_status"})
        assert status["isError"] is False and "nodes" in status["content"][0]["text"]

        # A held action must not look like success to the agent's model.
        held = await socket.result({"type": "test_double/llm_call_tool", "api_id": api["id"],
                                    "tool_name": "stop_vm", "tool_args": {"vmid": 102}})
        assert held["isError"] is True
        assert held["structuredContent"]["status"] == "approval_required" and held["structuredContent"]["done"] is False
        said = held["content"][0]["text"]
        assert said.startswith("NOT DONE: ")
        assert f"action_id {held['structuredContent']['action_id']}" in said and "jarvis.approve" in said

        # The household approves it where Jarvis says: here, an HA admin with jarvis.approve.
        approved = await socket.result({"type": "call_service", "domain": "jarvis", "service": "approve",
                                        "service_data": {"action_id": held["structuredContent"]["action_id"]},
                                        "return_response": True})
        assert approved["response"]["status"] == "ok" and approved["response"]["tool"] == "stop_vm", approved


@run_async
async def test_the_mcp_url_without_its_token_is_refused_so_ha_cannot_set_it_up(supervised_ha_double: HaDouble) -> None:
    double = supervised_ha_double
    async with aiohttp.ClientSession() as session, session.post(
        f"{double.url}/api/config/config_entries/flow", json={"handler": "mcp"},
        headers={"Authorization": f"Bearer {double.token('admin')}"},
    ) as resp:
        flow = await resp.json()
    assert flow["step_id"] == "user"
    refused = await flow_step(double, flow["flow_id"], {"url": f"{double.jarvis.url}/mcp"})
    assert refused["type"] == "abort" and refused["reason"] == "missing_credentials"
