import { spawn } from "node:child_process";
import { verifyPassword } from "better-auth/crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { hashKey } from "@/lib/server/relay/api-keys";

// Async, so that a hung CLI fails the test by its timeout instead of blocking the test worker.
const cli = (...args: string[]) =>
  new Promise<{ code: number | null; out: string; err: string }>((resolve, reject) => {
    const stdin = args[0] === "--stdin" ? args.splice(0, 2)[1]! : null;
    const child = spawn("node_modules/.bin/tsx", ["lib/cli/hookscope.ts", ...args], { env: { ...process.env } });
    if (stdin !== null) child.stdin.end(stdin);
    else child.stdin.end();
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out, err }));
  });

describe("npm run hookscope -- keys", () => {
  it("creates a key shown once and stored hashed, lists it without the key, revokes it by prefix", async () => {
    const created = await cli("keys", "create", "--name", "deploy bot", "--role", "operator", "--expires-in", "90d");
    expect(created.code).toBe(0);
    const key = /Key \(shown once, store it now\): (hsk_\S+)/.exec(created.out)?.[1];
    expect(key).toBeDefined();
    const db = await getDb();
    const row = await db.apiKey.findUniqueOrThrow({ where: { hash: hashKey(key!) } });
    expect(row).toMatchObject({ name: "deploy bot", role: "operator", prefix: key!.slice(0, 12), revokedAt: null });
    expect(row.expiresAt!.getTime() - Date.now()).toBeGreaterThan(89.9 * 86_400_000);
    expect(JSON.stringify(row)).not.toContain(key!);

    const listed = await cli("keys", "list");
    expect(listed.code).toBe(0);
    expect(listed.out).toContain(`${row.prefix}…  operator  deploy bot`);
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
    const noRole = await cli("keys", "create", "--name", "x");
    expect(noRole.code).toBe(2);
    expect(noRole.err).toContain("keys create needs --role viewer|operator|admin");
    const badRole = await cli("keys", "create", "--name", "x", "--role", "root");
    expect(badRole.code).toBe(2);
    expect((await cli("keys", "create", "--name", "x", "--role", "viewer", "--expires-in", "soon")).err).toContain("expires_in must be a duration");
    expect((await cli("keys", "create", "--unknown-flag")).code).toBe(2);
    const help = await cli("keys", "create", "--help");
    expect(help.code).toBe(0);
    expect(help.out).toContain("--expires-in");
    expect((await cli("nonsense")).code).toBe(2);
    const missing = await cli("keys", "revoke", "hsk_doesnotexist");
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("API key not found");
  }, 60_000);
});

describe("npm run hookscope -- users", () => {
  it("creates a user from --password-stdin with better-auth's hash, lists, disables and enables them", async () => {
    const created = await cli("--stdin", "correct horse battery\n", "users", "create", "--email", "Ops@Example.com", "--role", "operator", "--password-stdin");
    expect(created.err).toBe("");
    expect(created.code).toBe(0);
    const db = await getDb();
    const user = await db.user.findUniqueOrThrow({ where: { email: "ops@example.com" }, include: { accounts: true } });
    expect(user.role).toBe("operator");
    const hash = user.accounts[0]!.password!;
    expect(hash).not.toContain("correct horse");
    expect(await verifyPassword({ hash, password: "correct horse battery" })).toBe(true);

    expect((await cli("users", "list")).out).toMatch(/ops@example\.com\s+operator\s+enabled/);
    await db.session.create({ data: { id: "s1", token: "t1", userId: user.id, expiresAt: new Date(Date.now() + 3_600_000) } });
    const disabled = await cli("users", "disable", "ops@example.com");
    expect(disabled.code).toBe(0);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).disabledAt).not.toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect((await cli("users", "enable", "ops@example.com")).code).toBe(0);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).disabledAt).toBeNull();
    const audit = await db.auditLog.findMany({ where: { target: "ops@example.com" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.actorType, a.result])).toEqual([
      ["user.create", "cli", "success"],
      ["user.update", "cli", "success"],
      ["user.update", "cli", "success"],
    ]);
  }, 60_000);

  it("refuses a short password, a duplicate email and a missing role", async () => {
    const short = await cli("--stdin", "short\n", "users", "create", "--email", "a@example.com", "--role", "viewer", "--password-stdin");
    expect(short.code).toBe(1);
    expect(short.err).toContain("password must be 12 to 256 characters");
    expect((await cli("--stdin", "long enough password\n", "users", "create", "--email", "b@example.com", "--role", "viewer", "--password-stdin")).code).toBe(0);
    const dup = await cli("--stdin", "long enough password\n", "users", "create", "--email", "B@example.com", "--role", "admin", "--password-stdin");
    expect(dup.code).toBe(1);
    expect(dup.err).toContain("A user with email b@example.com already exists");
    expect((await cli("users", "create", "--email", "c@example.com")).code).toBe(2);
    expect((await cli("users", "disable", "nobody@example.com")).err).toContain("User not found");
  }, 60_000);
});
