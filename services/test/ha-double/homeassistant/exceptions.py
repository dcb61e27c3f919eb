"""Exceptions, after homeassistant/exceptions.py.

A HomeAssistantError made with only a translation key renders its text from the loaded translations
(helpers/translation.async_get_exception_message), so what reaches a person is the integration's own sentence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .core import Context


class HomeAssistantError(Exception):
    """General Home Assistant exception occurred."""

    _message: str | None = None
    generate_message: bool = False

    def __init__(
        self,
        *args: object,
        translation_domain: str | None = None,
        translation_key: str | None = None,
        translation_placeholders: dict[str, str] | None = None,
    ) -> None:
        if not args and translation_key and translation_domain:
            self.generate_message = True
            args = (translation_key,)
        super().__init__(*args)
        self.translation_domain = translation_domain
        self.translation_key = translation_key
        self.translation_placeholders = translation_placeholders

    def __str__(self) -> str:
        if self._message is not None:
            return self._message
        if not self.generate_message:
            self._message = super().__str__()
            return self._message
        from .helpers.translation import async_get_exception_message

        assert self.translation_domain and self.translation_key
        self._message = async_get_exception_message(
            self.translation_domain, self.translation_key, self.translation_placeholders
        )
        return self._message


class ServiceValidationError(HomeAssistantError):
    """A validation exception occurred when calling a service."""


class ServiceNotFound(ServiceValidationError):
    """Raised when a service is not found."""

    def __init__(self, domain: str, service: str) -> None:
        super().__init__(
            translation_domain="homeassistant",
            translation_key="service_not_found",
            translation_placeholders={"domain": domain, "service": service},
        )
        self.domain = domain
        self.service = service


class Unauthorized(HomeAssistantError):
    """When an action is unauthorized."""

    def __init__(self, context: Context | None = None, user_id: str | None = None, **kwargs: Any) -> None:
        super().__init__(self.__class__.__name__)
        self.context = context
        self.user_id = user_id if user_id is not None or context is None else context.user_id
        self.entity_id = kwargs.get("entity_id")
        self.permission = kwargs.get("permission")


class UnknownUser(Unauthorized):
    """When call is made with user ID that doesn't exist."""


class InvalidEntityFormatError(HomeAssistantError):
    """When an invalid formatted entity is encountered."""


class IntegrationError(HomeAssistantError):
    """Base class for platform and config entry exceptions."""

    def __str__(self) -> str:
        return super().__str__() or str(self.__cause__)


class PlatformNotReady(IntegrationError):
    """Error to indicate that platform is not ready."""


class ConfigEntryError(IntegrationError):
    """Error to indicate that config entry setup has failed."""


class ConfigEntryNotReady(IntegrationError):
    """Error to indicate that config entry is not ready."""


class ConfigEntryAuthFailed(IntegrationError):
    """Error to indicate that config entry could not authenticate."""
