import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

describe("parseEnv", () => {
  it("defaults to SQLite and sane values", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBe("file:./data/hookscope.db");
    expect(env.dbProvider).toBe("sqlite");
    expect(env.PORT).toBe(3000);
    expect(env.WEBHOOK_TOLERANCE_SECONDS).toBe(300);
    expect(env.ZEROHASH_ALLOW_LEGACY_SIGNATURES).toBe(false);
    expect(env.ZEROHASH_WEBHOOK_SECRETS).toEqual([]);
  });

  it("splits comma-separated secrets and keys, trimming blanks", () => {
    const env = parseEnv({ ZEROHASH_WEBHOOK_SECRETS: " a, b ,,", HOOKSCOPE_API_KEYS: "k1" });
    expect(env.ZEROHASH_WEBHOOK_SECRETS).toEqual(["a", "b"]);
    expect(env.HOOKSCOPE_API_KEYS).toEqual(["k1"]);
  });

  it("reads the relay worker switch and the rotation grace period", () => {
    expect(parseEnv({})).toMatchObject({ HOOKSCOPE_WORKER: "on", HOOKSCOPE_WORKER_POLL_MS: 1000, HOOKSCOPE_SECRET_ROTATION_GRACE_HOURS: 24 });
    expect(parseEnv({ HOOKSCOPE_WORKER: "off", HOOKSCOPE_SECRET_ROTATION_GRACE_HOURS: "1.5" })).toMatchObject({ HOOKSCOPE_WORKER: "off", HOOKSCOPE_SECRET_ROTATION_GRACE_HOURS: 1.5 });
    expect(() => parseEnv({ HOOKSCOPE_WORKER: "no" })).toThrow(/HOOKSCOPE_WORKER/);
    expect(() => parseEnv({ HOOKSCOPE_SECRET_ROTATION_GRACE_HOURS: "-1" })).toThrow(/HOOKSCOPE_SECRET_ROTATION_GRACE_HOURS/);
  });

  it("selects PostgreSQL from the URL scheme", () => {
    expect(parseEnv({ DATABASE_URL: "postgresql://u@h/db" }).dbProvider).toBe("postgres");
    expect(parseEnv({ DATABASE_URL: "postgres://u@h/db" }).dbProvider).toBe("postgres");
  });

  it("names the variable in a readable error and never echoes secrets", () => {
    expect(() => parseEnv({ WEBHOOK_TOLERANCE_SECONDS: "soon" })).toThrow(/WEBHOOK_TOLERANCE_SECONDS/);
    expect(() => parseEnv({ ZEROHASH_ALLOW_LEGACY_SIGNATURES: "yes" })).toThrow(/ZEROHASH_ALLOW_LEGACY_SIGNATURES/);
    expect(() => parseEnv({ DATABASE_URL: "mysql://root:hunter2@h/db" })).toThrow(/DATABASE_URL must start with/);
    expect(() => parseEnv({ DATABASE_URL: "mysql://root:hunter2@h/db" })).not.toThrow(/hunter2/);
  });

  it("reads the RSA key inline with \\n escapes, and reports an unreadable path", () => {
    const env = parseEnv({ ZEROHASH_RSA_PUBLIC_KEY: "-----BEGIN PUBLIC KEY-----\\nabc\\n-----END PUBLIC KEY-----" });
    expect(env.ZEROHASH_RSA_PUBLIC_KEYS[0]).toContain("\nabc\n");
    expect(() => parseEnv({ ZEROHASH_RSA_PUBLIC_KEY: "/nonexistent/key.pem" })).toThrow(/no readable file/);
  });

  it("parses PIPAI_WEBHOOK_SECRETS per subscription and reports a bad entry without its value", () => {
    expect(parseEnv({}).PIPAI_WEBHOOK_SECRETS).toEqual({ bySubscription: {}, any: [] });
    expect(parseEnv({ PIPAI_WEBHOOK_SECRETS: "wh_1=a,wh_1=b,bare" }).PIPAI_WEBHOOK_SECRETS).toEqual({ bySubscription: { wh_1: ["a", "b"] }, any: ["bare"] });
    expect(() => parseEnv({ PIPAI_WEBHOOK_SECRETS: "wh_1=" })).toThrow(/PIPAI_WEBHOOK_SECRETS: entry 1/);
    expect(() => parseEnv({ PIPAI_WEBHOOK_SECRETS: "=s3cr3t" })).not.toThrow(/s3cr3t/);
  });
});
