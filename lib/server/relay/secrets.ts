// Signing secrets: one current secret (created on first use), older ones signing until they expire.
import type { Db, Tx } from "@/lib/db";
import { isUniqueViolation } from "@/lib/server/prisma-errors";
import { generateSigningSecret } from "./sign";

const CURRENT = "current";

/** The current secret, created if none exists yet. Concurrent first calls all get the same one. */
export async function currentSecret(db: Db): Promise<string> {
  for (let i = 0; i < 5; i++) {
    const row = await db.signingSecret.findUnique({ where: { slot: CURRENT }, select: { secret: true } });
    if (row) return row.secret;
    try {
      const created = await db.signingSecret.create({ data: { secret: generateSigningSecret(), slot: CURRENT }, select: { secret: true } });
      return created.secret;
    } catch (e) {
      if (!isUniqueViolation(e)) throw e; // another process created it first: read theirs
    }
  }
  throw new Error("could not establish a signing secret");
}

/**
 * Rotated-out secrets that may sign at once. Every one adds a signature to every delivery's
 * header, so unlimited rotations would grow it past what receivers accept.
 */
export const MAX_PREVIOUS_SECRETS = 2;

/**
 * The rotated-out secrets still signing at `now`, newest first, after deleting the expired ones
 * and any beyond MAX_PREVIOUS_SECRETS (the oldest end first). Reads first and deletes only when
 * something is due, so the common call writes nothing.
 */
async function liveRetired(db: Db | Tx, now: Date): Promise<string[]> {
  const retired = await db.signingSecret.findMany({
    where: { slot: null },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    select: { id: true, secret: true, expiresAt: true },
  });
  const live = retired.filter((r) => r.expiresAt !== null && r.expiresAt > now);
  const keep = new Set(live.slice(0, MAX_PREVIOUS_SECRETS).map((r) => r.id));
  const drop = retired.filter((r) => !keep.has(r.id)).map((r) => r.id);
  if (drop.length > 0) await db.signingSecret.deleteMany({ where: { id: { in: drop }, slot: null } });
  return retired.filter((r) => keep.has(r.id)).map((r) => r.secret);
}

/** Every secret that signs now: the current one first, then rotated-out ones still in their grace period. */
export async function signingSecrets(db: Db, now: Date): Promise<string[]> {
  const current = await currentSecret(db);
  return [current, ...(await liveRetired(db, now))];
}

/**
 * Makes a new current secret; the old one keeps signing for `graceHours`, and of the secrets
 * already retired only the newest MAX_PREVIOUS_SECRETS - 1 stay. Concurrent rotations each retire
 * exactly the secret they saw (compare-and-set on the slot), so none is lost.
 */
export async function rotateSecret(db: Db, now: Date, graceHours: number): Promise<{ secret: string; previous_expires_at: string }> {
  const expiresAt = new Date(now.getTime() + graceHours * 3_600_000);
  for (let i = 0; i < 5; i++) {
    const old = await currentSecret(db);
    try {
      const secret = await db.$transaction(async (tx) => {
        const retired = await tx.signingSecret.updateMany({ where: { secret: old, slot: CURRENT }, data: { slot: null, expiresAt } });
        if (retired.count !== 1) return null;
        const row = await tx.signingSecret.create({ data: { secret: generateSigningSecret(), slot: CURRENT, createdAt: now }, select: { secret: true } });
        await liveRetired(tx, now);
        return row.secret;
      });
      if (secret) return { secret, previous_expires_at: expiresAt.toISOString() };
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
  }
  throw new Error("could not rotate the signing secret");
}
