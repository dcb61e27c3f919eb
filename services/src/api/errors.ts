// One error type for everything the API refuses: it carries the HTTP status and a stable code, and renders
// itself the same way over HTTP and the WebSocket.
export type ErrorCode =
  | "invalid_format"
  | "unknown_command"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "rate_limited"
  | "id_reuse"
  | "payload_too_large"
  | "method_not_allowed"
  | "internal_error";

const STATUS: Record<ErrorCode, number> = {
  invalid_format: 400,
  unknown_command: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  rate_limited: 429,
  id_reuse: 400,
  payload_too_large: 413,
  method_not_allowed: 405,
  internal_error: 500,
};

export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }

  get status(): number {
    return STATUS[this.code];
  }

  toJSON(): { code: ErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}
