import { describe, expect, it } from "vitest";
import { createDbClient, dbProvider, getDb } from "@/lib/db";
import { currentSecret, rotateSecret, signingSecrets } from "./secrets";

describe("signing secrets", () => {
  it("concurrent first uses converge on one secret", async () => {
    const db = await getDb();
    // on PostgreSQL from separate clients, as separate processes would
    const clients = dbProvider() === "postgres" ? await Promise.all([1, 2, 3].map(() => createDbClient(process.env.DATABASE_URL!))) : [db, db, db];
    try {
      const secrets = await Promise.all([...clients, ...clients].map((c) => currentSecret(c)));
      expect(new Set(secrets).size).toBe(1);
      expect(await db.signingSecret.count()).toBe(1);
    } finally {
      if (dbProvider() === "postgres") await Promise.all(clients.map((c) => c.$disconnect()));
    }
  });

  it("rotation keeps the old secret signing for the grace period only", async () => {
    const db = await getDb();
    const now = new Date();
    const old = await currentSecret(db);
    const { secret, previous_expires_at } = await rotateSecret(db, now, 24);
    expect(new Date(previous_expires_at).getTime()).toBe(now.getTime() + 24 * 3_600_000);
    expect(await signingSecrets(db, now)).toEqual([secret, old]);
    expect(await signingSecrets(db, new Date(now.getTime() + 24 * 3_600_000 - 1))).toEqual([secret, old]);
    expect(await signingSecrets(db, new Date(now.getTime() + 24 * 3_600_000))).toEqual([secret]);
    // reading the signing set after the grace period deleted the expired secret
    expect(await db.signingSecret.count({ where: { secret: old } })).toBe(0);
    // two rotations at once: each retires the secret it saw; exactly one current remains
    const [a, b] = await Promise.all([rotateSecret(db, now, 1), rotateSecret(db, now, 1)]);
    expect(a.secret).not.toBe(b.secret);
    expect(await db.signingSecret.count({ where: { slot: "current" } })).toBe(1);
    expect((await signingSecrets(db, now)).length).toBe(3);
    expect(await db.signingSecret.count()).toBe(3);
  });

  it("keeps at most two previous secrets: a further rotation ends the oldest, expired ones are deleted", async () => {
    const db = await getDb();
    await db.signingSecret.deleteMany();
    const t0 = Date.now();
    const at = (s: number) => new Date(t0 + s * 1000);
    const made = [await currentSecret(db)];
    for (let i = 1; i <= 5; i++) made.push((await rotateSecret(db, at(i), 24)).secret);
    // within everyone's grace period, still only the current and the two most recent previous sign
    expect(await signingSecrets(db, at(6))).toEqual([made[5], made[4], made[3]]);
    const stored = async () => (await db.signingSecret.findMany({ select: { secret: true } })).map((r) => r.secret).sort();
    expect(await stored()).toEqual([made[5], made[4], made[3]].sort());

    // a rotation with a short grace period: made[3] ends at once, made[5] signs for an hour
    const six = (await rotateSecret(db, at(7), 1)).secret;
    expect(await signingSecrets(db, at(8))).toEqual([six, made[5], made[4]]);
    // after that hour made[5] has expired: reading the signing set deletes it
    const later = new Date(at(7).getTime() + 3_600_000);
    expect(await signingSecrets(db, later)).toEqual([six, made[4]]);
    expect(await stored()).toEqual([six, made[4]].sort());

    // no grace period: the retired secret is expired at once and deleted by the rotation itself
    const seven = (await rotateSecret(db, new Date(later.getTime() + 1000), 0)).secret;
    expect(await stored()).toEqual([seven, made[4]].sort());
    // and once everything has expired, a rotation leaves exactly the new secret and its predecessor
    const eight = (await rotateSecret(db, new Date(t0 + 48 * 3_600_000), 24)).secret;
    expect(await stored()).toEqual([eight, seven].sort());
  });
});
