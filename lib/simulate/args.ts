// Command line of `npm run simulate`: parsed with node:util parseArgs, checked, or a usage message.
import { parseArgs } from "node:util";

export type SimulateOptions = {
  url: URL;
  rate: number;
  /** Seconds; ignored when `count` is set. */
  duration: number;
  count: number | null;
  outOfOrder: boolean;
  duplicates: number;
  drop: number;
  badSignatures: number;
  stale: number;
  seed: number;
};

export const USAGE = `usage: npm run simulate -- [options]

Sends realistic, correctly signed zerohash and PipAI webhooks to a local Hookscope, signed with the
secrets configured in the environment or .env (ZEROHASH_WEBHOOK_SECRETS, PIPAI_WEBHOOK_SECRETS).

  --url <url>             Hookscope to send to, on this machine only (default http://localhost:$PORT or :3000)
  --rate <n>              requests per second (default 10, at most 1000)
  --duration <seconds>    how long to send (default 30)
  --count <n>             send this many requests instead of running for a duration
  --out-of-order          deliver each story's events shuffled
  --duplicates <share>    redeliver this share of events (0..1 or a percentage like 10%)
  --drop <share>          never send this share of events (gaps the console should show)
  --bad-signatures <share> sign this share with a wrong secret (rejected, 401)
  --stale <share>         sign this share with a timestamp outside the replay window (rejected, 401)
  --seed <n>              replay the same traffic (default: random)
  -h, --help              this text`;

export type Parsed = { ok: true; options: SimulateOptions } | { ok: false; help: true } | { ok: false; help: false; message: string };

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

function share(name: string, v: string | undefined): number {
  if (v === undefined) return 0;
  const percent = v.endsWith("%");
  const n = Number(percent ? v.slice(0, -1) : v);
  const value = percent ? n / 100 : n;
  if (v.trim() === "" || !Number.isFinite(value) || value < 0 || value > 1) throw new Error(`--${name} must be a share between 0 and 1 (or 0% to 100%), got "${v}"`);
  return value;
}

function positive(name: string, v: string | undefined, fallback: number, max: number, integer = false): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n) || n <= 0 || n > max || (integer && !Number.isInteger(n))) {
    throw new Error(`--${name} must be a ${integer ? "whole " : ""}number above 0 and at most ${max}, got "${v}"`);
  }
  return n;
}

export function parseSimulateArgs(argv: string[], env: Record<string, string | undefined> = process.env, randomSeed = () => Math.floor(Math.random() * 2 ** 31)): Parsed {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        url: { type: "string" },
        rate: { type: "string" },
        duration: { type: "string" },
        count: { type: "string" },
        "out-of-order": { type: "boolean" },
        duplicates: { type: "string" },
        drop: { type: "string" },
        "bad-signatures": { type: "string" },
        stale: { type: "string" },
        seed: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) return { ok: false, help: true };
    if (positionals.length) throw new Error(`unexpected argument "${positionals[0]}"`);
    let url: URL;
    try {
      url = new URL(values.url ?? `http://localhost:${env.PORT || 3000}`);
    } catch {
      throw new Error(`--url is not a URL: "${values.url}"`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`--url must be http or https, got ${url.protocol}`);
    // a load generator with valid signatures is for your own machine, not someone else's server
    if (!LOOPBACK.has(url.hostname)) throw new Error(`--url must be on this machine (localhost, 127.0.0.1 or [::1]), got ${url.hostname}`);
    const badSignatures = share("bad-signatures", values["bad-signatures"]);
    const stale = share("stale", values.stale);
    if (badSignatures + stale > 1) throw new Error("--bad-signatures and --stale together cannot exceed 1");
    const seed = values.seed === undefined ? randomSeed() : Number(values.seed);
    if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed must be a whole number, got "${values.seed}"`);
    return {
      ok: true,
      options: {
        url,
        rate: positive("rate", values.rate, 10, 1000),
        duration: positive("duration", values.duration, 30, 86_400),
        count: values.count === undefined ? null : positive("count", values.count, 0, 10_000_000, true),
        outOfOrder: values["out-of-order"] ?? false,
        duplicates: share("duplicates", values.duplicates),
        drop: share("drop", values.drop),
        badSignatures,
        stale,
        seed,
      },
    };
  } catch (e) {
    return { ok: false, help: false, message: (e as Error).message };
  }
}
