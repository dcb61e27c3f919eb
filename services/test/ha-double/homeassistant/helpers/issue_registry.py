"""Repairs issues, after homeassistant/helpers/issue_registry.py: an issue per (domain, issue_id), created or
updated by async_create_issue (an update keeps `created` and a dismissal unless the issue was inactive) and
deleted by async_delete_issue. The double keeps no storage, so nothing outlives a run."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from enum import StrEnum
from typing import Any

from homeassistant.core import HomeAssistant, callback
from homeassistant.util import dt as dt_util

DATA_REGISTRY = "issue_registry"


class IssueSeverity(StrEnum):
    CRITICAL = "critical"
    ERROR = "error"
    WARNING = "warning"


@dataclasses.dataclass(slots=True, frozen=True)
class IssueEntry:
    active: bool
    breaks_in_ha_version: str | None
    created: datetime
    data: dict[str, Any] | None
    dismissed_version: str | None
    domain: str
    is_fixable: bool | None
    is_persistent: bool
    issue_domain: str | None
    issue_id: str
    learn_more_url: str | None
    severity: IssueSeverity | None
    translation_key: str | None
    translation_placeholders: dict[str, str] | None


class IssueRegistry:
    def __init__(self, hass: HomeAssistant) -> None:
        self.hass = hass
        self.issues: dict[tuple[str, str], IssueEntry] = {}

    @callback
    def async_get_issue(self, domain: str, issue_id: str) -> IssueEntry | None:
        return self.issues.get((domain, issue_id))

    @callback
    def async_get_or_create(self, domain: str, issue_id: str, *, breaks_in_ha_version: str | None = None,
                            data: dict[str, Any] | None = None, is_fixable: bool, is_persistent: bool,
                            issue_domain: str | None = None, learn_more_url: str | None = None,
                            severity: IssueSeverity, translation_key: str,
                            translation_placeholders: dict[str, str] | None = None) -> IssueEntry:
        fields = {"active": True, "breaks_in_ha_version": breaks_in_ha_version, "data": data,
                  "is_fixable": is_fixable, "is_persistent": is_persistent, "issue_domain": issue_domain,
                  "learn_more_url": learn_more_url, "severity": severity, "translation_key": translation_key,
                  "translation_placeholders": translation_placeholders}
        if (issue := self.issues.get((domain, issue_id))) is None:
            issue = IssueEntry(created=dt_util.utcnow(), dismissed_version=None, domain=domain, issue_id=issue_id,
                               **fields)
        else:
            issue = dataclasses.replace(issue, **fields)
        self.issues[(domain, issue_id)] = issue
        return issue

    @callback
    def async_delete(self, domain: str, issue_id: str) -> None:
        self.issues.pop((domain, issue_id), None)

    @callback
    def async_ignore(self, domain: str, issue_id: str, ignore: bool) -> None:
        from homeassistant.const import __version__

        issue = self.issues[(domain, issue_id)]
        self.issues[(domain, issue_id)] = dataclasses.replace(issue, dismissed_version=__version__ if ignore else None)


@callback
def async_get(hass: HomeAssistant) -> IssueRegistry:
    if (registry := hass.data.get(DATA_REGISTRY)) is None:
        registry = hass.data[DATA_REGISTRY] = IssueRegistry(hass)
    return registry


@callback
def async_create_issue(hass: HomeAssistant, domain: str, issue_id: str, *, breaks_in_ha_version: str | None = None,
                       data: dict[str, Any] | None = None, is_fixable: bool, is_persistent: bool = False,
                       issue_domain: str | None = None, learn_more_url: str | None = None,
                       severity: IssueSeverity, translation_key: str,
                       translation_placeholders: dict[str, str] | None = None) -> None:
    async_get(hass).async_get_or_create(
        domain, issue_id, breaks_in_ha_version=breaks_in_ha_version, data=data, is_fixable=is_fixable,
        is_persistent=is_persistent, issue_domain=issue_domain, learn_more_url=learn_more_url, severity=severity,
        translation_key=translation_key, translation_placeholders=translation_placeholders)


@callback
def async_delete_issue(hass: HomeAssistant, domain: str, issue_id: str) -> None:
    async_get(hass).async_delete(domain, issue_id)
