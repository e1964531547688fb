import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { hashKey } from "@/lib/server/relay/api-keys";

// Async, so that a hung CLI fails the test by its timeout instead of blocking the test worker.
const cli = (...args: string[]) =>
  new Promise<{ code: number | null; out: string; err: string }>((resolve, reject) => {
    const child = spawn("node_modules/.bin/tsx", ["lib/cli/hookscope.ts", ...args], { env: { ...process.env } });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out, err }));
  });

describe("npm run hookscope -- keys", () => {
  it("creates a key shown once and stored hashed, lists it without the key, revokes it by prefix", async () => {
    const created = await cli("keys", "create", "--name", "deploy bot");
    expect(created.code).toBe(0);
    const key = /Key \(shown once, store it now\): (hsk_\S+)/.exec(created.out)?.[1];
    expect(key).toBeDefined();
    const db = await getDb();
    const row = await db.apiKey.findUniqueOrThrow({ where: { hash: hashKey(key!) } });
    expect(row).toMatchObject({ name: "deploy bot", prefix: key!.slice(0, 12), revokedAt: null });
    expect(JSON.stringify(row)).not.toContain(key!);

    const listed = await cli("keys", "list");
    expect(listed.code).toBe(0);
    expect(listed.out).toContain(`${row.prefix}…  deploy bot`);
    expect(listed.out).not.toContain(key!);

    const revoked = await cli("keys", "revoke", row.prefix);
    expect(revoked.code).toBe(0);
    expect(revoked.out).toContain(`Revoked API key "deploy bot"`);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: row.id } })).revokedAt).not.toBeNull();
  }, 60_000);

  it("explains its usage and refuses unknown keys", async () => {
    const noName = await cli("keys", "create");
    expect(noName.code).toBe(2);
    expect(noName.err).toContain("keys create needs --name <name>");
    expect((await cli("nonsense")).code).toBe(2);
    const missing = await cli("keys", "revoke", "hsk_doesnotexist");
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("API key not found");
  }, 60_000);
});
