"""Intent responses, after homeassistant/helpers/intent.py (IntentResponse and its enums)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum
from typing import Any

from homeassistant.core import callback


class IntentResponseType(Enum):
    ACTION_DONE = "action_done"
    PARTIAL_ACTION_DONE = "partial_action_done"
    QUERY_ANSWER = "query_answer"
    ERROR = "error"


class IntentResponseErrorCode(str, Enum):
    NO_INTENT_MATCH = "no_intent_match"
    NO_VALID_TARGETS = "no_valid_targets"
    FAILED_TO_HANDLE = "failed_to_handle"
    UNKNOWN = "unknown"


@dataclass(slots=True)
class IntentResponseTarget:
    name: str
    type: str
    id: str | None = None


class IntentResponse:
    """What an agent answers: speech per type, a response type, and an error code for errors."""

    def __init__(self, language: str, intent: Any = None) -> None:
        self.language = language
        self.intent = intent
        self.speech: dict[str, dict[str, Any]] = {}
        self.reprompt: dict[str, dict[str, Any]] = {}
        self.card: dict[str, dict[str, str]] = {}
        self.error_code: IntentResponseErrorCode | None = None
        self.intent_targets: list[IntentResponseTarget] = []
        self.success_results: list[IntentResponseTarget] = []
        self.failed_results: list[IntentResponseTarget] = []
        self.speech_slots: dict[str, Any] = {}
        self.response_type = IntentResponseType.ACTION_DONE

    @callback
    def async_set_speech(self, speech: str, speech_type: str = "plain", extra_data: Any | None = None) -> None:
        self.speech[speech_type] = {"speech": speech, "extra_data": extra_data}

    @callback
    def async_set_reprompt(self, speech: str, speech_type: str = "plain", extra_data: Any | None = None) -> None:
        self.reprompt[speech_type] = {"reprompt": speech, "extra_data": extra_data}

    @callback
    def async_set_error(self, code: IntentResponseErrorCode, message: str) -> None:
        self.response_type = IntentResponseType.ERROR
        self.error_code = code
        self.async_set_speech(message)

    @callback
    def as_dict(self) -> dict[str, Any]:
        response: dict[str, Any] = {"speech": self.speech, "card": self.card, "language": self.language,
                                    "response_type": self.response_type.value}
        if self.reprompt:
            response["reprompt"] = self.reprompt
        if self.speech_slots:
            response["speech_slots"] = self.speech_slots
        data: dict[str, Any] = {}
        if self.response_type == IntentResponseType.ERROR:
            assert self.error_code is not None, "error code is required"
            data["code"] = self.error_code.value
        else:
            data["targets"] = [asdict(target) for target in self.intent_targets]
            data["success"] = [asdict(target) for target in self.success_results]
            data["failed"] = [asdict(target) for target in self.failed_results]
        response["data"] = data
        return response
