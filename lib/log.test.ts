import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";
import { createLogger, describeDatabase, startupSummary, type LogLevel } from "./log";

describe("createLogger", () => {
  const levels: LogLevel[] = ["error", "warn", "info", "debug"];
  const seen = (level: LogLevel) => {
    const out: string[] = [];
    const logger = createLogger(() => level, (l, line) => out.push(`${l}:${line}`));
    for (const l of levels) logger[l](l);
    return out;
  };

  it("writes the chosen level and everything more severe, nothing chattier", () => {
    expect(seen("error")).toEqual(["error:error"]);
    expect(seen("warn")).toEqual(["error:error", "warn:warn"]);
    expect(seen("info")).toEqual(["error:error", "warn:warn", "info:info"]);
    expect(seen("debug")).toEqual(["error:error", "warn:warn", "info:info", "debug:debug"]);
  });

  it("follows a level that changes after it was made", () => {
    let level: LogLevel = "error";
    const out: string[] = [];
    const logger = createLogger(() => level, (_l, line) => out.push(line));
    logger.info("hidden");
    level = "info";
    logger.info("shown");
    expect(out).toEqual(["shown"]);
  });

  it("defaults to info and refuses an unknown level by name", () => {
    expect(parseEnv({}).HOOKSCOPE_LOG_LEVEL).toBe("info");
    expect(parseEnv({ HOOKSCOPE_LOG_LEVEL: "debug" }).HOOKSCOPE_LOG_LEVEL).toBe("debug");
    expect(() => parseEnv({ HOOKSCOPE_LOG_LEVEL: "verbose" })).toThrow(/HOOKSCOPE_LOG_LEVEL/);
  });
});

describe("startupSummary", () => {
  const PEM = "-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEsecretkeymaterial\\n-----END PUBLIC KEY-----";
  const secrets = ["zh_secret_current_0001", "zh_secret_previous_0002", "pipai_whsec_alpha", "pipai_whsec_beta", "pipai_bare_secret", "hsk_apikey_one", "hsk_apikey_two", "pgpassw0rd", "secretkeymaterial"];

  it("says what is configured with counts, never a secret value", () => {
    const env = parseEnv({
      DATABASE_URL: "postgresql://hook:pgpassw0rd@db.internal:6543/hookscope?password=pgpassw0rd",
      ZEROHASH_WEBHOOK_SECRETS: "zh_secret_current_0001,zh_secret_previous_0002",
      ZEROHASH_RSA_PUBLIC_KEY: PEM,
      ZEROHASH_ALLOW_LEGACY_SIGNATURES: "true",
      PIPAI_WEBHOOK_SECRETS: "wh_1=pipai_whsec_alpha,wh_1=pipai_whsec_beta,wh_2=pipai_whsec_beta,pipai_bare_secret",
      HOOKSCOPE_API_KEYS: "hsk_apikey_one,hsk_apikey_two",
      HOOKSCOPE_WORKER: "off",
    });
    const text = startupSummary(env, { consoleUrl: "http://localhost:3000", callbackUrlSet: true });
    for (const s of secrets) expect(text).not.toContain(s);
    expect(text).toContain("database        PostgreSQL hook@db.internal:6543/hookscope");
    expect(text).toContain("zerohash        2 HMAC secrets, RSA key yes, legacy signatures on");
    expect(text).toContain("pipai           2 subscriptions + 1 secret for any subscription");
    expect(text).toContain("API keys (env)  2");
    expect(text).toContain("relay worker    off (run `npm run worker`)");
    expect(text).toContain("callback URL    set");
    expect(text).toContain("console         http://localhost:3000");
  });

  it("describes an unconfigured SQLite install", () => {
    const text = startupSummary(parseEnv({}), { consoleUrl: "http://localhost:3000", callbackUrlSet: false });
    expect(text).toMatch(/database {8}SQLite \/.*\/data\/hookscope\.db/);
    expect(text).toContain("0 HMAC secrets, RSA key no, legacy signatures off");
    expect(text).toContain("pipai           not configured");
    expect(text).toContain("relay worker    on (in this process)");
    expect(text).toContain("callback URL    not set");
  });

  it("names a PostgreSQL database without user or port the way it defaults", () => {
    expect(describeDatabase(parseEnv({ DATABASE_URL: "postgres://db.internal/hs" }))).toBe("PostgreSQL db.internal:5432/hs");
  });
});
