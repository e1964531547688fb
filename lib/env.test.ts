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

describe("abuse controls and retention", () => {
  it("parses the intake rate limit, off by default", () => {
    expect(parseEnv({}).HOOKSCOPE_INTAKE_RATE_LIMIT).toBeNull();
    expect(parseEnv({ HOOKSCOPE_INTAKE_RATE_LIMIT: "off" }).HOOKSCOPE_INTAKE_RATE_LIMIT).toBeNull();
    expect(parseEnv({ HOOKSCOPE_INTAKE_RATE_LIMIT: "100/s" }).HOOKSCOPE_INTAKE_RATE_LIMIT).toEqual({ points: 100, seconds: 1 });
    expect(parseEnv({ HOOKSCOPE_INTAKE_RATE_LIMIT: " 6000 / MIN " }).HOOKSCOPE_INTAKE_RATE_LIMIT).toEqual({ points: 6000, seconds: 60 });
    expect(parseEnv({ HOOKSCOPE_INTAKE_RATE_LIMIT: "50000/hour" }).HOOKSCOPE_INTAKE_RATE_LIMIT).toEqual({ points: 50000, seconds: 3600 });
    for (const bad of ["100", "0/s", "-1/s", "1.5/s", "100/day", "100/s\u0000", "9".repeat(12) + "/s"]) {
      expect(() => parseEnv({ HOOKSCOPE_INTAKE_RATE_LIMIT: bad })).toThrow(/HOOKSCOPE_INTAKE_RATE_LIMIT/);
    }
  });

  it("parses the stuck SLAs and the lag threshold, with defaults and readable errors", () => {
    expect(parseEnv({}).HOOKSCOPE_STUCK_SLA).toEqual({ validating: 120_000, pricing: 300_000, settling: 900_000, awaiting_execution: 900_000 });
    expect(parseEnv({ HOOKSCOPE_STUCK_SLA: "pricing=90s,settling=1h" }).HOOKSCOPE_STUCK_SLA).toMatchObject({ pricing: 90_000, settling: 3_600_000, validating: 120_000 });
    expect(parseEnv({}).HOOKSCOPE_LAG_THRESHOLD).toBe(300_000);
    expect(parseEnv({ HOOKSCOPE_LAG_THRESHOLD: "90s" }).HOOKSCOPE_LAG_THRESHOLD).toBe(90_000);
    expect(() => parseEnv({ HOOKSCOPE_STUCK_SLA: "pricing=soon" })).toThrow(/HOOKSCOPE_STUCK_SLA: pricing: "soon" is not a duration/);
    expect(() => parseEnv({ HOOKSCOPE_STUCK_SLA: "done=1m" })).toThrow(/HOOKSCOPE_STUCK_SLA: unknown status "done"/);
    expect(() => parseEnv({ HOOKSCOPE_LAG_THRESHOLD: "5 minutes" })).toThrow(/HOOKSCOPE_LAG_THRESHOLD: "5 minutes" is not a duration/);
  });

  it("has retention, connection and metrics defaults", () => {
    expect(parseEnv({})).toMatchObject({
      HOOKSCOPE_RETENTION_REJECTED_DAYS: 7,
      HOOKSCOPE_RETENTION_INBOUND_DAYS: 30,
      HOOKSCOPE_RETENTION_ATTEMPTS_DAYS: 30,
      HOOKSCOPE_RETENTION_INTERVAL_MINUTES: 5,
      HOOKSCOPE_MAX_CONNECTIONS: 1024,
    });
    expect(parseEnv({}).HOOKSCOPE_METRICS_TOKEN).toBeUndefined();
    expect(() => parseEnv({ HOOKSCOPE_METRICS_TOKEN: "short" })).toThrow(/HOOKSCOPE_METRICS_TOKEN/);
    expect(() => parseEnv({ HOOKSCOPE_RETENTION_REJECTED_DAYS: "-1" })).toThrow(/HOOKSCOPE_RETENTION_REJECTED_DAYS/);
  });
});
