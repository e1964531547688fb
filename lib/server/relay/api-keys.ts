// API keys stored as SHA-256 hashes; the plaintext exists only in the create response.
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";

export const KEY_PREFIX = "hsk_";
const LAST_USED_RESOLUTION_MS = 60_000;

export const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

export type ApiKeyView = { id: string; name: string; prefix: string; created_at: string; last_used_at: string | null; revoked_at: string | null };

const view = (k: { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null }): ApiKeyView => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  created_at: k.createdAt.toISOString(),
  last_used_at: k.lastUsedAt?.toISOString() ?? null,
  revoked_at: k.revokedAt?.toISOString() ?? null,
});

export function validKeyName(name: unknown): string {
  const n = typeof name === "string" ? name.trim() : "";
  if (n.length < 1 || n.length > 100) throw new AppError("bad_request", "name must be 1 to 100 characters");
  return n;
}

export async function createApiKey(db: Db, name: string): Promise<{ key: string; api_key: ApiKeyView }> {
  const key = KEY_PREFIX + randomBytes(24).toString("base64url");
  const row = await db.apiKey.create({ data: { name: validKeyName(name), prefix: key.slice(0, 12), hash: hashKey(key) } });
  return { key, api_key: view(row) };
}

export async function listApiKeys(db: Db): Promise<ApiKeyView[]> {
  const rows = await db.apiKey.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  return rows.map(view);
}

/** Revoke by id or by prefix (what the CLI list shows). An ambiguous prefix is refused. */
export async function revokeApiKey(db: Db, idOrPrefix: string, now = new Date()): Promise<ApiKeyView> {
  const matches = await db.apiKey.findMany({ where: { OR: [{ id: idOrPrefix }, { prefix: idOrPrefix }] } });
  if (matches.length === 0) throw new AppError("not_found", "API key not found");
  if (matches.length > 1) throw new AppError("bad_request", "More than one key has that prefix; use the id");
  const k = matches[0]!;
  if (k.revokedAt) return view(k);
  return view(await db.apiKey.update({ where: { id: k.id }, data: { revokedAt: now } }));
}

/** True when `key` is a stored, unrevoked key. The lookup is by hash, so nothing compares plaintext. */
export async function isStoredKeyValid(db: Db, key: string, now = new Date()): Promise<boolean> {
  const row = await db.apiKey.findUnique({ where: { hash: hashKey(key) }, select: { id: true, revokedAt: true, lastUsedAt: true } });
  if (!row || row.revokedAt) return false;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiKey.updateMany({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return true;
}

export async function hasActiveStoredKeys(db: Db): Promise<boolean> {
  return (await db.apiKey.count({ where: { revokedAt: null } })) > 0;
}
