"""The component's static parts agree with each other: every module compiles, every service and field in
services.yaml has its strings, every form step, error, abort and exception the code names has its text, and
translations/en.json is strings.json (custom integrations get no build step that would copy it)."""

from __future__ import annotations

import ast
import json
from pathlib import Path
import re
from typing import Any

import yaml

from conftest import COMPONENT, jarvis_client as jc

STRINGS = json.loads((COMPONENT / "strings.json").read_text())
SERVICES = yaml.safe_load((COMPONENT / "services.yaml").read_text())
MANIFEST = json.loads((COMPONENT / "manifest.json").read_text())
MODULES = sorted(COMPONENT.glob("*.py"))


def _keyword_values(name: str, path: Path | None = None) -> set[str]:
    """Every string literal passed as keyword `name` in the component's code (or one file of it)."""
    found: set[str] = set()
    for module in [path] if path else MODULES:
        for node in ast.walk(ast.parse(module.read_text(), str(module))):
            if isinstance(node, ast.keyword) and node.arg == name and isinstance(node.value, ast.Constant):
                found.add(node.value.value)
    return found


def _constants(prefix: str) -> dict[str, Any]:
    tree = ast.parse((COMPONENT / "const.py").read_text())
    return {
        node.target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
        and node.target.id.startswith(prefix) and isinstance(node.value, ast.Constant)
    }


def test_every_module_compiles() -> None:
    assert {m.name for m in MODULES} >= {
        "__init__.py", "client.py", "config_flow.py", "conversation.py", "diagnostics.py", "services.py", "relay.py"
    }
    for module in MODULES:
        compile(module.read_text(), str(module), "exec")


def test_manifest_declares_what_the_issue_asks() -> None:
    assert MANIFEST["domain"] == _constants("DOMAIN")["DOMAIN"] == "jarvis"
    assert MANIFEST["config_flow"] is True
    assert MANIFEST["iot_class"] == "local_push"
    assert "conversation" in MANIFEST["dependencies"]
    assert MANIFEST["requirements"] == []


def test_client_imports_nothing_from_home_assistant() -> None:
    tree = ast.parse((COMPONENT / "client.py").read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name.startswith("homeassistant") for name in imported)


def test_services_in_yaml_are_the_registered_ones_and_each_has_strings() -> None:
    assert set(SERVICES) == set(_constants("SERVICE_").values())
    assert set(STRINGS["services"]) == set(SERVICES)
    for service, spec in SERVICES.items():
        text = STRINGS["services"][service]
        assert text["name"] and text["description"], service
        fields = spec.get("fields") or {}
        assert set(text.get("fields", {})) == set(fields), service
        for field in fields:
            assert text["fields"][field]["name"] and text["fields"][field]["description"], f"{service}.{field}"


def test_every_form_step_and_its_fields_have_strings() -> None:
    steps = STRINGS["config"]["step"]
    assert _keyword_values("step_id", COMPONENT / "config_flow.py") == set(steps)
    source = (COMPONENT / "config_flow.py").read_text()
    for step, text in steps.items():
        assert text["title"] and text["description"], step
        assert set(text.get("data", {})) == set(text.get("data_description", {})), step
    # Placeholders the flow fills must be the ones the descriptions use.
    used = {p for text in steps.values() for p in re.findall(r"{(\w+)}", text["description"])}
    assert used == {"addon", "url"}
    for placeholder in used:
        assert f'"{placeholder}":' in source


def test_every_error_and_abort_the_flow_can_show_has_strings() -> None:
    errors = STRINGS["config"]["error"]
    for code in (jc.JarvisConnectionError.code, jc.JarvisAuthError.code, "unknown"):
        assert errors[code]
    aborts = STRINGS["config"]["abort"]
    # already_in_progress: async_set_unique_id aborts a second flow while one is open (config_entries.py).
    for reason in ("already_configured", "already_in_progress", "reauth_successful", "reconfigure_successful"):
        assert aborts[reason]


def test_every_translated_exception_has_its_message() -> None:
    keys = _keyword_values("translation_key")
    keys |= {"invalid_auth", "cannot_connect"}  # chosen at run time in runtime.ha_error
    assert keys == set(STRINGS["exceptions"])
    for key in keys:
        assert STRINGS["exceptions"][key]["message"], key


def test_translations_en_is_strings_json() -> None:
    assert json.loads((COMPONENT / "translations" / "en.json").read_text()) == STRINGS


def test_relayed_commands_include_what_the_card_sends() -> None:
    card_sends = {
        "subscribe_cluster", "tool/run", "terminal/open", "voice/start", "conversation/process",
        "subscribe_events", "action/approve", "tools/list", "status",
    }
    assert card_sends <= set(jc.RELAYED_COMMANDS)
    assert jc.SUBSCRIPTION_COMMANDS <= set(jc.RELAYED_COMMANDS)
    assert jc.STREAM_COMMANDS <= set(jc.RELAYED_COMMANDS)
