// HA's websocket error payload: {code, message} plus translation fields only when a translation key exists
// (websocket_api/messages.py error_message).

export interface Translation {
  domain: string;
  key: string;
  placeholders: Record<string, string>;
}

export class HaError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly translation?: Translation,
  ) {
    super(message);
  }

  payload(): Record<string, unknown> {
    const out: Record<string, unknown> = { code: this.code, message: this.message };
    if (this.translation) {
      out.translation_key = this.translation.key;
      out.translation_placeholders = this.translation.placeholders;
      out.translation_domain = this.translation.domain;
    }
    return out;
  }
}

/** voluptuous-style messages, as humanize_error renders them. */
export const invalid = (message: string) => new HaError("invalid_format", message);
export const missingKey = (key: string) => invalid(`required key not provided @ data['${key}']. Got None`);
export const wrongType = (key: string, type: string, got: unknown) =>
  invalid(`expected ${type} for dictionary value @ data['${key}']. Got ${JSON.stringify(got)}`);

/** A ServiceValidationError from homeassistant's own translations, as the call_service handler sends it. */
export const validation = (key: string, message: string, placeholders: Record<string, string> = {}) =>
  new HaError("service_validation_error", `Validation error: ${message}`, {
    domain: "homeassistant",
    key,
    placeholders,
  });
