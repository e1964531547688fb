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
    // two rotations at once: each retires the secret it saw; exactly one current remains
    const [a, b] = await Promise.all([rotateSecret(db, now, 1), rotateSecret(db, now, 1)]);
    expect(a.secret).not.toBe(b.secret);
    expect(await db.signingSecret.count({ where: { slot: "current" } })).toBe(1);
    expect((await signingSecrets(db, now)).length).toBe(4);
  });
});
