// One small logger for what an operator watches in the terminal: the startup summary and one line
// per rejected webhook. HOOKSCOPE_LOG_LEVEL decides what reaches the terminal.
import { getEnv, type Env } from "./env";
import { sqlitePath } from "./db-url";

export type LogLevel = "error" | "warn" | "info" | "debug";
const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export type Logger = Record<LogLevel, (line: string) => void>;

/** `level` is read on every call, so a logger made at import time follows the environment. */
export function createLogger(level: () => LogLevel, write: (level: LogLevel, line: string) => void): Logger {
  const at = (l: LogLevel) => (line: string) => {
    if (RANK[l] <= RANK[level()]) write(l, line);
  };
  return { error: at("error"), warn: at("warn"), info: at("info"), debug: at("debug") };
}

export const log = createLogger(
  () => getEnv().HOOKSCOPE_LOG_LEVEL,
  (l, line) => (l === "error" || l === "warn" ? console.error(line) : console.log(line)),
);

/** The id in the rejection line is the one the provider got back in the answer's `id`. */
export function logRejectedWebhook(provider: string, reason: string, requestId: string | null): void {
  log.info(`[intake] rejected ${provider}: ${reason} (request ${requestId ?? "not logged"})`);
}

/** Where the data lives, without the password or the query string (which may carry one). */
export function describeDatabase(env: Pick<Env, "DATABASE_URL" | "dbProvider">): string {
  if (env.dbProvider === "sqlite") return `SQLite ${sqlitePath(env.DATABASE_URL)}`;
  const u = new URL(env.DATABASE_URL);
  const user = u.username ? `${decodeURIComponent(u.username)}@` : "";
  return `PostgreSQL ${user}${u.hostname}:${u.port || "5432"}/${decodeURIComponent(u.pathname.slice(1)) || "postgres"}`;
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The block printed once the server listens. Only counts and yes/no for anything secret: no
 * secret, key, password or callback URL (which may embed a token) ever appears in it.
 */
export function startupSummary(env: Env, facts: { consoleUrl: string; callbackUrlSet: boolean | null }): string {
  const pipai = env.PIPAI_WEBHOOK_SECRETS;
  const subscriptions = Object.keys(pipai.bySubscription).length;
  const pipaiLine =
    subscriptions === 0 && pipai.any.length === 0
      ? "not configured"
      : `${count(subscriptions, "subscription")}${pipai.any.length ? ` + ${count(pipai.any.length, "secret")} for any subscription` : ""}`;
  const zh = env.ZEROHASH_WEBHOOK_SECRETS.length;
  const callback = facts.callbackUrlSet === null ? "unknown (database not readable)" : facts.callbackUrlSet ? "set" : "not set (set it on Settings; events wait until then)";
  const rows: [string, string][] = [
    ["database", describeDatabase(env)],
    ["zerohash", `${count(zh, "HMAC secret")}, RSA key ${env.ZEROHASH_RSA_PUBLIC_KEYS.length ? "yes" : "no"}, legacy signatures ${env.ZEROHASH_ALLOW_LEGACY_SIGNATURES ? "on" : "off"}`],
    ["pipai", pipaiLine],
    ["API keys (env)", String(env.HOOKSCOPE_API_KEYS.length)],
    ["relay worker", env.HOOKSCOPE_WORKER === "on" ? "on (in this process)" : "off (run `npm run worker`)"],
    ["callback URL", callback],
    ["console", facts.consoleUrl],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return ["[hookscope] ready", ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)].join("\n");
}
