// One error type with a closed code union; routes map it to HTTP in one place.
export type ErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "reauthentication_required"
  | "not_found"
  | "conflict"
  | "misdirected"
  | "unsupported_media_type"
  | "internal";

export const STATUS_OF: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  reauthentication_required: 403,
  not_found: 404,
  conflict: 409,
  misdirected: 421,
  unsupported_media_type: 415,
  internal: 500,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}
