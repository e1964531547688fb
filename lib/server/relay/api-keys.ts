// API keys stored as SHA-256 hashes; the plaintext exists only in the create response.
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/lib/db";
import { isRole } from "@/lib/auth/roles";
import type { ApiKey } from "@/lib/schemas/settings";
import { AppError } from "@/lib/errors";

export const KEY_PREFIX = "hsk_";
const LAST_USED_RESOLUTION_MS = 60_000;

export const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");


type KeyRow = { id: string; name: string; prefix: string; role: string; createdAt: Date; createdBy: string | null; expiresAt: Date | null; lastUsedAt: Date | null; revokedAt: Date | null };

const view = (k: KeyRow): ApiKey => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  role: isRole(k.role) ? k.role : "viewer",
  created_at: k.createdAt.toISOString(),
  created_by: k.createdBy,
  expires_at: k.expiresAt?.toISOString() ?? null,
  last_used_at: k.lastUsedAt?.toISOString() ?? null,
  revoked_at: k.revokedAt?.toISOString() ?? null,
});

/** `90d`, `12h`, `30m`: an API key's lifetime. */
export function parseExpiresIn(v: unknown): number | null {
  if (v === undefined || v === null || v === "") return null;
  const m = typeof v === "string" ? /^(\d{1,5})([dhm])$/.exec(v.trim()) : null;
  const n = m ? Number(m[1]) : 0;
  if (!m || n < 1) throw new AppError("bad_request", "expires_in must be a duration such as 90d, 12h or 30m");
  const ms = n * { d: 86_400_000, h: 3_600_000, m: 60_000 }[m[2] as "d" | "h" | "m"];
  if (ms > 5 * 365 * 86_400_000) throw new AppError("bad_request", "expires_in must be at most 5 years");
  return ms;
}

export function validKeyName(name: unknown): string {
  const n = typeof name === "string" ? name.trim() : "";
  if (n.length < 1 || n.length > 100) throw new AppError("bad_request", "name must be 1 to 100 characters");
  return n;
}

export async function createApiKey(
  db: Db,
  input: { name: unknown; role: unknown; expiresIn?: unknown; createdBy: string },
  now = new Date(),
): Promise<{ key: string; api_key: ApiKey }> {
  const name = validKeyName(input.name);
  if (!isRole(input.role)) throw new AppError("bad_request", "role must be viewer, operator or admin");
  const ttl = parseExpiresIn(input.expiresIn);
  const key = KEY_PREFIX + randomBytes(24).toString("base64url");
  const row = await db.apiKey.create({
    data: { name, role: input.role, prefix: key.slice(0, 12), hash: hashKey(key), createdBy: input.createdBy, expiresAt: ttl === null ? null : new Date(now.getTime() + ttl) },
  });
  return { key, api_key: view(row) };
}

export async function listApiKeys(db: Db): Promise<ApiKey[]> {
  const rows = await db.apiKey.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  return rows.map(view);
}

/** Revoke by id or by prefix (what the CLI list shows). An ambiguous prefix is refused. */
export async function revokeApiKey(db: Db, idOrPrefix: string, now = new Date()): Promise<ApiKey> {
  const matches = await db.apiKey.findMany({ where: { OR: [{ id: idOrPrefix }, { prefix: idOrPrefix }] } });
  if (matches.length === 0) throw new AppError("not_found", "API key not found");
  if (matches.length > 1) throw new AppError("bad_request", "More than one key has that prefix; use the id");
  const k = matches[0]!;
  if (k.revokedAt) return view(k);
  return view(await db.apiKey.update({ where: { id: k.id }, data: { revokedAt: now } }));
}

/** The stored key `key` names when it is neither revoked nor expired. The lookup is by hash, so nothing compares plaintext. */
export async function findStoredKey(db: Db, key: string, now = new Date()) {
  const row = await db.apiKey.findUnique({ where: { hash: hashKey(key) }, select: { id: true, name: true, prefix: true, role: true, revokedAt: true, expiresAt: true, lastUsedAt: true } });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiKey.updateMany({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return row;
}
