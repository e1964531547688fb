// Signing secrets: one current secret (created on first use), older ones signing until they expire.
import type { Db } from "@/lib/db";
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

/** Every secret that signs now: the current one first, then rotated-out ones still in their grace period. */
export async function signingSecrets(db: Db, now: Date): Promise<string[]> {
  const current = await currentSecret(db);
  const older = await db.signingSecret.findMany({
    where: { slot: null, expiresAt: { gt: now } },
    orderBy: { createdAt: "desc" },
    select: { secret: true },
  });
  return [current, ...older.map((r) => r.secret)];
}

/**
 * Makes a new current secret; the old one keeps signing for `graceHours`. Concurrent rotations
 * each retire exactly the secret they saw (compare-and-set on the slot), so none is lost.
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
        return row.secret;
      });
      if (secret) return { secret, previous_expires_at: expiresAt.toISOString() };
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
  }
  throw new Error("could not rotate the signing secret");
}
