// Access control end to end through the route handlers, on both databases: sign-in, roles, the
// cookie mutation checks, Host, fresh sign-in for secrets, API key roles and expiry, the audit log.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { getEnv, resetEnvCache } from "@/lib/env";
import { ensureFirstAdmin } from "@/lib/server/users/bootstrap";
import { insertUser } from "@/lib/server/users/create";
import { checkedPasswordHash } from "@/lib/server/users/password";
import { createApiKey } from "@/lib/server/relay/api-keys";
import { auditPageSchema } from "@/lib/schemas/access";
import { parseConsole, parseWith } from "@/lib/testing/wire";

type H = (r: Request, c?: { params: Promise<Record<string, string>> }) => Promise<Response>;
const PASSWORD = "a long enough password";
const ORIGIN = "http://localhost:3000";
let auth: H;
let r: Record<"operations" | "retryBulk" | "retryOne" | "settings" | "settingsPatch" | "pause" | "secret" | "rotate" | "users" | "usersCreate" | "userPatch" | "audit" | "me" | "mePatch" | "meSecret" | "webhooks" | "test" | "keysCreate", H>;

async function signIn(email: string, password = PASSWORD, ip = "203.0.113.7") {
  const res = await auth(
    new Request(`${ORIGIN}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { host: "localhost:3000", origin: ORIGIN, "content-type": "application/json", "x-hookscope-client-ip": ip },
      body: JSON.stringify({ email, password }),
    }),
  );
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, cookie };
}

function req(path: string, o: { method?: string; cookie?: string; key?: string; origin?: string | null; host?: string; contentType?: string | null; body?: unknown; headers?: Record<string, string> } = {}) {
  const method = o.method ?? "GET";
  const headers: Record<string, string> = { host: o.host ?? "localhost:3000", ...o.headers };
  if (o.cookie) headers.cookie = o.cookie;
  if (o.key) headers.authorization = `Bearer ${o.key}`;
  if (method !== "GET") {
    if (o.origin !== null) headers.origin = o.origin ?? ORIGIN;
    if (o.contentType !== null) headers["content-type"] = o.contentType ?? "application/json";
  }
  return new Request(`http://${headers.host}${path}`, { method, headers, body: method === "GET" ? undefined : JSON.stringify(o.body ?? {}) });
}
const p = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });
/** The answer's status; a console 2xx body is parsed with its route's schema on the way. */
const status = async (h: H, rq: Request, params?: Record<string, string>) => {
  const res = await h(rq, p(params));
  if (res.ok && new URL(rq.url).pathname.startsWith("/api/console/")) await parseConsole(rq, res.clone());
  return res.status;
};

beforeAll(async () => {
  process.env.HOOKSCOPE_API_KEYS = "hs_access_env_key";
  process.env.HOOKSCOPE_SIGNIN_ATTEMPTS_PER_MINUTE = "5";
  resetEnvCache();
  auth = (await import("./auth/[...all]/route")).POST as H;
  r = {
    operations: (await import("./console/operations/route")).GET as H,
    retryBulk: (await import("./console/deliveries/retry/route")).POST as H,
    retryOne: (await import("./console/deliveries/[id]/retry/route")).POST as H,
    settings: (await import("./console/settings/route")).GET as H,
    settingsPatch: (await import("./console/settings/route")).PATCH as H,
    pause: (await import("./console/settings/pause/route")).POST as H,
    secret: (await import("./console/settings/signing-secret/route")).GET as H,
    rotate: (await import("./console/settings/signing-secret/rotate/route")).POST as H,
    users: (await import("./console/users/route")).GET as H,
    usersCreate: (await import("./console/users/route")).POST as H,
    userPatch: (await import("./console/users/[id]/route")).PATCH as H,
    audit: (await import("./console/audit/route")).GET as H,
    me: (await import("./me/route")).GET as H,
    mePatch: (await import("./me/route")).PATCH as H,
    meSecret: (await import("./me/signing-secret/route")).GET as H,
    webhooks: (await import("./webhooks/route")).GET as H,
    test: (await import("./webhooks/test/route")).POST as H,
    keysCreate: (await import("./console/settings/api-keys/route")).POST as H,
  };
  const db = await getDb();
  const hash = await checkedPasswordHash(PASSWORD);
  for (const role of ["viewer", "operator", "admin"] as const) await insertUser(db, { email: `${role}@example.com`, name: role, role, passwordHash: hash });
});

describe("sign-in", () => {
  it("signs in with email and password; a wrong password and an unknown email get the same answer, and both are audited", async () => {
    const ok = await signIn("viewer@example.com");
    expect(ok.status).toBe(200);
    expect(ok.cookie).toMatch(/^hookscope\.session_token=/);
    const wrong = await signIn("viewer@example.com", "not the password at all", "203.0.113.8");
    const unknown = await signIn("nobody@example.com", PASSWORD, "203.0.113.8");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.message).toBe("Invalid email or password");
    expect(unknown.body).toEqual(wrong.body);
    const db = await getDb();
    const rows = await db.auditLog.findMany({ where: { action: "auth.sign_in", result: "failure" }, orderBy: { id: "asc" } });
    expect(rows.map((x) => [x.target, x.ip])).toEqual([
      ["viewer@example.com", "203.0.113.8"],
      ["nobody@example.com", "203.0.113.8"],
    ]);
  });

  it("limits sign-in attempts per client address", async () => {
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await signIn("operator@example.com", "wrong password here", "198.51.100.9")).status);
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(codes.slice(5)).toEqual([429, 429]);
    // another address is not held back
    expect((await signIn("operator@example.com", PASSWORD, "198.51.100.10")).status).toBe(200);
  });

  it("refuses a disabled user with the same answer, and a disabled user's session stops working", async () => {
    const db = await getDb();
    const hash = await checkedPasswordHash(PASSWORD);
    await insertUser(db, { email: "leaver@example.com", name: "leaver", role: "operator", passwordHash: hash });
    const s = await signIn("leaver@example.com", PASSWORD, "192.0.2.44");
    expect(await status(r.operations, req("/api/console/operations", { cookie: s.cookie }))).toBe(200);
    const admin = await signIn("admin@example.com", PASSWORD, "192.0.2.45");
    const user = await db.user.findUniqueOrThrow({ where: { email: "leaver@example.com" } });
    expect(await status(r.userPatch, req(`/api/console/users/${user.id}`, { method: "PATCH", cookie: admin.cookie, body: { disabled: true } }), { id: user.id })).toBe(200);
    expect(await status(r.operations, req("/api/console/operations", { cookie: s.cookie }))).toBe(401);
    const again = await signIn("leaver@example.com", PASSWORD, "192.0.2.46");
    expect(again.status).toBe(401);
    expect(again.body.message).toBe("Invalid email or password");
  });
});

describe("guards", () => {
  it("answers 401 without credentials, with a forged Sec-Fetch-Site, or a bad key", async () => {
    expect(await status(r.operations, req("/api/console/operations"))).toBe(401);
    expect(await status(r.operations, req("/api/console/operations", { headers: { "sec-fetch-site": "same-origin" } }))).toBe(401);
    expect(await status(r.settings, req("/api/console/settings", { headers: { "sec-fetch-site": "same-origin" } }))).toBe(401);
    expect(await status(r.retryBulk, req("/api/console/deliveries/retry", { method: "POST", headers: { "sec-fetch-site": "same-origin" } }))).toBe(401);
    expect(await status(r.operations, req("/api/console/operations", { key: "hsk_wrong" }))).toBe(401);
    expect(await status(r.operations, req("/api/console/operations", { cookie: "hookscope.session_token=forged.value" }))).toBe(401);
  });

  it("answers 421 to a Host that is not ours, even with valid credentials (DNS rebinding)", async () => {
    const res = await r.operations(req("/api/console/operations", { key: "hs_access_env_key", host: "attacker.example" }));
    expect(res.status).toBe(421);
    expect(await res.json()).toEqual({ error: { code: "misdirected", message: expect.stringContaining("host name is not served here") } });
    expect((await auth(new Request("http://attacker.example/api/auth/sign-in/email", { method: "POST", headers: { host: "attacker.example", "content-type": "application/json" }, body: "{}" }))).status).toBe(421);
  });

  it("viewer reads but gets 403 on every mutation, each refusal audited", async () => {
    const { cookie } = await signIn("viewer@example.com", PASSWORD, "192.0.2.1");
    expect(await status(r.operations, req("/api/console/operations", { cookie }))).toBe(200);
    expect(await status(r.settings, req("/api/console/settings", { cookie }))).toBe(200);
    const mutations: [H, string, string, Record<string, string>?][] = [
      [r.retryBulk, "/api/console/deliveries/retry", "POST"],
      [r.retryOne, "/api/console/deliveries/x/retry", "POST", { id: "x" }],
      [r.pause, "/api/console/settings/pause", "POST"],
      [r.settingsPatch, "/api/console/settings", "PATCH"],
      [r.rotate, "/api/console/settings/signing-secret/rotate", "POST"],
      [r.usersCreate, "/api/console/users", "POST"],
      [r.keysCreate, "/api/console/settings/api-keys", "POST"],
    ];
    for (const [h, path, method, params] of mutations) expect([path, await status(h, req(path, { method, cookie, body: { paused: true } }), params)]).toEqual([path, 403]);
    for (const [h, path] of [[r.secret, "/api/console/settings/signing-secret"], [r.users, "/api/console/users"], [r.audit, "/api/console/audit"]] as const) {
      expect([path, await status(h, req(path, { cookie }))]).toEqual([path, 403]);
    }
    const db = await getDb();
    expect(await db.auditLog.count({ where: { action: "access.denied", actorLabel: "viewer@example.com", result: "denied" } })).toBe(mutations.length);
  });

  it("refuses cookie mutations from a foreign or missing Origin, and non-JSON bodies", async () => {
    const { cookie } = await signIn("operator@example.com", PASSWORD, "192.0.2.2");
    const bulk = (o: Parameters<typeof req>[1]) => status(r.retryBulk, req("/api/console/deliveries/retry", { method: "POST", cookie, ...o }));
    expect(await bulk({ origin: "http://evil.example" })).toBe(403);
    expect(await bulk({ origin: null })).toBe(403);
    expect(await bulk({ origin: "http://localhost:4000" })).toBe(403);
    expect(await bulk({ contentType: "text/plain" })).toBe(415);
    expect(await bulk({ contentType: null })).toBe(415);
    expect(await bulk({})).toBe(200);
  });

  it("operator retries, pauses and resumes (audited) but cannot touch settings, secrets or users", async () => {
    const { cookie } = await signIn("operator@example.com", PASSWORD, "192.0.2.3");
    const bulk = await r.retryBulk(req("/api/console/deliveries/retry", { method: "POST", cookie, body: { event_type: "trade_strategy.operation.status_changed" } }));
    expect(await bulk.json()).toEqual({ success: true, retried: 0 });
    expect(await status(r.pause, req("/api/console/settings/pause", { method: "POST", cookie, body: { paused: true } }))).toBe(200);
    expect(await status(r.pause, req("/api/console/settings/pause", { method: "POST", cookie, body: { paused: false } }))).toBe(200);
    expect(await status(r.settingsPatch, req("/api/console/settings", { method: "PATCH", cookie, body: { description: "x" } }))).toBe(403);
    expect(await status(r.secret, req("/api/console/settings/signing-secret", { cookie }))).toBe(403);
    const db = await getDb();
    const rows = await db.auditLog.findMany({ where: { actorLabel: "operator@example.com", result: "success" }, orderBy: { id: "asc" } });
    expect(rows.map((x) => x.action)).toEqual(expect.arrayContaining(["delivery.retry_bulk", "destination.pause", "destination.resume"]));
    const bulkRow = rows.filter((x) => x.action === "delivery.retry_bulk").at(-1)!;
    expect(JSON.parse(bulkRow.detail!)).toEqual({ filter: { event_type: "trade_strategy.operation.status_changed", status: "failed" }, count: 0 });
    expect(bulkRow).toMatchObject({ role: "operator", actorType: "user", ip: null });
  });

  it("admin reveals and rotates the secret only within 15 minutes of signing in; each is audited", async () => {
    const { cookie } = await signIn("admin@example.com", PASSWORD, "192.0.2.4");
    const res = await r.secret(req("/api/console/settings/signing-secret", { cookie }));
    expect(res.status).toBe(200);
    expect((await res.json()).signing_secret).toMatch(/^whsec_/);
    const db = await getDb();
    const token = decodeURIComponent(cookie.split("=")[1]!).split(".")[0]!;
    await db.session.update({ where: { token }, data: { createdAt: new Date(Date.now() - 16 * 60_000) } });
    const stale = await r.secret(req("/api/console/settings/signing-secret", { cookie }));
    expect(stale.status).toBe(403);
    expect(await stale.json()).toMatchObject({ success: false, error: expect.stringContaining("Sign in again") });
    expect(await status(r.rotate, req("/api/console/settings/signing-secret/rotate", { method: "POST", cookie }))).toBe(403);
    expect(await status(r.settingsPatch, req("/api/console/settings", { method: "PATCH", cookie, body: { description: "d" } }))).toBe(403);
    // reads and operator actions still work on an older session
    expect(await status(r.users, req("/api/console/users", { cookie }))).toBe(200);
    expect(await db.auditLog.count({ where: { action: "signing_secret.reveal", actorLabel: "admin@example.com" } })).toBe(1);
  });

  it("admin creates a user; the audit API lists it with filters", async () => {
    const { cookie } = await signIn("admin@example.com", PASSWORD, "192.0.2.5");
    const created = await r.usersCreate(req("/api/console/users", { method: "POST", cookie, body: { email: "New@Example.com", role: "operator", password: PASSWORD } }));
    expect(created.status).toBe(200);
    expect((await created.json()).user).toMatchObject({ email: "new@example.com", role: "operator", disabled: false });
    expect(await status(r.usersCreate, req("/api/console/users", { method: "POST", cookie, body: { email: "new@example.com", role: "viewer", password: PASSWORD } }))).toBe(409);
    expect(await status(r.usersCreate, req("/api/console/users", { method: "POST", cookie, body: { email: "x@example.com", role: "root", password: PASSWORD } }))).toBe(400);
    expect(await status(r.usersCreate, req("/api/console/users", { method: "POST", cookie, body: { email: "y@example.com", role: "viewer", password: "short" } }))).toBe(400);
    const audit = await parseWith(auditPageSchema, await r.audit(req("/api/console/audit?action=user.create", { cookie })));
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ action: "user.create", actor: "admin@example.com", role: "admin", target: "new@example.com", result: "success", detail: { role: "operator" }, ip: null });
    const failures = await parseWith(auditPageSchema, await r.audit(req("/api/console/audit?result=failure&action=auth.sign_in&limit=1", { cookie })));
    expect(failures.items).toHaveLength(1);
    expect(failures.next_cursor).toEqual(expect.any(String));
  });

  it("the last enabled admin can be neither demoted nor disabled", async () => {
    const { cookie } = await signIn("admin@example.com", PASSWORD, "192.0.2.6");
    const db = await getDb();
    const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@example.com" } });
    const res = await r.userPatch(req(`/api/console/users/${admin.id}`, { method: "PATCH", cookie, body: { role: "viewer" } }), p({ id: admin.id }));
    expect(res.status).toBe(409);
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe("admin");
  });
});

describe("API keys carry a role", () => {
  it("env keys are admin on the relay API and the console API; stored keys get their role; expired keys stop", async () => {
    const db = await getDb();
    const env = "hs_access_env_key";
    expect(await status(r.me, req("/api/me", { key: env }))).toBe(200);
    expect(await status(r.meSecret, req("/api/me/signing-secret", { key: env }))).toBe(200);
    expect(await status(r.audit, req("/api/console/audit", { key: env }))).toBe(200);
    const viewer = (await createApiKey(db, { name: "reader", role: "viewer", createdBy: "test" })).key;
    expect(await status(r.webhooks, req("/api/webhooks", { key: viewer }))).toBe(200);
    const forbidden = await r.mePatch(req("/api/me", { method: "PATCH", key: viewer, body: { description: "x" } }));
    expect(forbidden.status).toBe(403);
    expect((await forbidden.json()).success).toBe(false);
    expect(await status(r.meSecret, req("/api/me/signing-secret", { key: viewer }))).toBe(403);
    expect(await status(r.test, req("/api/webhooks/test", { method: "POST", key: viewer }))).toBe(403);
    const operator = (await createApiKey(db, { name: "ops", role: "operator", createdBy: "test" })).key;
    // a key needs no Origin: it is not an ambient credential
    expect(await status(r.retryBulk, req("/api/console/deliveries/retry", { method: "POST", key: operator, origin: null, contentType: null }))).toBe(200);
    const short = await createApiKey(db, { name: "temp", role: "admin", expiresIn: "1m", createdBy: "test" }, new Date(Date.now() - 120_000));
    expect(await status(r.me, req("/api/me", { key: short.key }))).toBe(401);
    // the relay API is for keys: a session cookie does not open it
    const { cookie } = await signIn("admin@example.com", PASSWORD, "192.0.2.7");
    expect(await status(r.me, req("/api/me", { cookie }))).toBe(401);
  });
});

describe("first admin from the environment", () => {
  it("is created once while no admin exists, and never overwrites a changed password", async () => {
    const db = await getDb();
    const env = { ...getEnv(), HOOKSCOPE_ADMIN_EMAIL: "boot@example.com", HOOKSCOPE_ADMIN_PASSWORD: "boot password 123" };
    // admins exist already in this file's database
    expect(await ensureFirstAdmin(db, env)).toBe("admin_exists");
    await db.user.updateMany({ where: { role: "admin" }, data: { role: "operator" } });
    expect(await ensureFirstAdmin(db, env)).toBe("created");
    expect((await signIn("boot@example.com", "boot password 123", "192.0.2.8")).status).toBe(200);
    expect(await ensureFirstAdmin(db, { ...env, HOOKSCOPE_ADMIN_PASSWORD: "another password 456" })).toBe("admin_exists");
    expect((await signIn("boot@example.com", "another password 456", "192.0.2.9")).status).toBe(401);
    expect(await ensureFirstAdmin(db, { ...env, HOOKSCOPE_ADMIN_EMAIL: undefined })).toBe("not_configured");
  });
});
