import { hashPassword } from "better-auth/crypto";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "@/lib/auth/auth";
import { AppError } from "@/lib/errors";

/** better-auth's own scrypt hash, so its sign-in verifies what we store. */
export async function checkedPasswordHash(password: unknown): Promise<string> {
  if (typeof password !== "string" || password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new AppError("bad_request", `password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`);
  }
  return hashPassword(password);
}
