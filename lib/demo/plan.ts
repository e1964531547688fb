// `npm run demo`: its command line and how its receiver answers. Pure, so both are unit-tested.
import { createHash, randomBytes } from "node:crypto";
import { parseArgs } from "node:util";

export type DemoOptions = { port: number; rate: number; duration: number; failShare: number; goneShare: number; stuckShare: number };

export const DEMO_USAGE = `usage: npm run demo -- [options]

Starts the console on a scratch SQLite database (removed on exit) with a demo admin, a local
receiver as the callback URL that fails a share of deliveries, and the simulator feeding it.
Everything listens on this machine only. Ctrl-C stops it all.

  --port <n>          console port (default 3000)
  --rate <n>          simulated webhooks per second (default 5, at most 200)
  --duration <s>      how long the simulator sends (default 600); the console stays up after
  --fail <share>      share of delivery attempts the receiver answers 500 (default 0.2)
  --gone <share>      share of deliveries the receiver always answers 410 Gone (default 0.05)
  --stuck <share>     share of deliveries the receiver always answers 500, so they keep failing (default 0.05)
  -h, --help          this text`;

export type ParsedDemo = { ok: true; options: DemoOptions } | { ok: false; help: true } | { ok: false; help: false; message: string };

function num(name: string, v: string | undefined, fallback: number, min: number, max: number, integer = false): number {
  if (v === undefined) return fallback;
  const n = Number(v.endsWith("%") ? v.slice(0, -1) : v) / (v.endsWith("%") ? 100 : 1);
  if (v.trim() === "" || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) throw new Error(`--${name} must be ${integer ? "a whole number" : "a number"} from ${min} to ${max}, got "${v}"`);
  return n;
}

export function parseDemoArgs(argv: string[]): ParsedDemo {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { port: { type: "string" }, rate: { type: "string" }, duration: { type: "string" }, fail: { type: "string" }, gone: { type: "string" }, stuck: { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: true,
    });
    if (values.help) return { ok: false, help: true };
    if (positionals.length) throw new Error(`unexpected argument "${positionals[0]}"`);
    const options = {
      port: num("port", values.port, 3000, 1, 65535, true),
      rate: num("rate", values.rate, 5, 0.1, 200),
      duration: num("duration", values.duration, 600, 1, 86_400),
      failShare: num("fail", values.fail, 0.2, 0, 1),
      goneShare: num("gone", values.gone, 0.05, 0, 1),
      stuckShare: num("stuck", values.stuck, 0.05, 0, 1),
    };
    if (options.goneShare + options.stuckShare > 1) throw new Error("--gone and --stuck together cannot exceed 1");
    return { ok: true, options };
  } catch (e) {
    return { ok: false, help: false, message: (e as Error).message };
  }
}

/** A stable number in [0, 1) per webhook-id: the same delivery gets the same fate on every attempt. */
export function fateOf(webhookId: string): number {
  return createHash("sha256").update(webhookId).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * How the demo receiver answers: a fixed share of deliveries is Gone for good (they end under
 * Failed), another always gets 500 (they stay under Failing, climbing the schedule), a share of
 * the other attempts fails with 500 (briefly Failing until a retry gets through), the rest is 200.
 */
export function demoReply(webhookId: string | undefined, roll: number, o: Pick<DemoOptions, "failShare" | "goneShare" | "stuckShare">): { status: number; body: string } {
  const fate = webhookId ? fateOf(webhookId) : 1;
  if (fate < o.goneShare) return { status: 410, body: "gone: this demo receiver refuses this delivery for good" };
  if (fate < o.goneShare + o.stuckShare) return { status: 500, body: "demo receiver: this delivery always fails" };
  if (roll < o.failShare) return { status: 500, body: "demo receiver: simulated failure" };
  return { status: 200, body: "ok" };
}

/** Credentials made up for one demo run; printed, never stored beyond its scratch directory. */
export function demoSecrets() {
  const token = (n: number) => randomBytes(n).toString("base64url");
  return {
    adminEmail: "demo@hookscope.local",
    adminPassword: token(12),
    apiKey: `hs_demo_${token(18)}`,
    zerohashSecret: `zh_demo_${token(24)}`,
    pipai: { webhookId: "wh_demo", secret: `pp_demo_${token(24)}` },
  };
}
