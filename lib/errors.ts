// One error type with a closed code union; routes map it to HTTP in one place.
export type ErrorCode = "bad_request" | "unauthorized" | "not_found" | "internal";

export const STATUS_OF: Record<ErrorCode, number> = { bad_request: 400, unauthorized: 401, not_found: 404, internal: 500 };

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}
