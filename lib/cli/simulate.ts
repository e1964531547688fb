// `npm run simulate -- --url http://localhost:3000 --rate 20 --duration 60`: realistic signed
// traffic against a local Hookscope (lib/simulate/traffic.ts makes it), a progress bar (cli-progress)
// on a terminal, and a closing summary. Exit 2 on bad options, 1 when the server never answered or
// accepted what it should have refused.
import "@/lib/load-env";
import { getEnv, type Env } from "@/lib/env";
import { parseSimulateArgs, USAGE } from "@/lib/simulate/args";
import { newTally, record, summary, type Answer, type AnswerBody } from "@/lib/simulate/stats";
import cliProgress from "cli-progress";
import { traffic, type SimRequest, type TrafficOptions } from "@/lib/simulate/traffic";

const MAX_IN_FLIGHT = 256;

function secretsFrom(env: Env): Pick<TrafficOptions, "zerohashSecret" | "pipai"> {
  const [subscription, secrets] = Object.entries(env.PIPAI_WEBHOOK_SECRETS.bySubscription)[0] ?? [];
  const pipai = subscription && secrets?.[0] ? { webhookId: subscription, secret: secrets[0] } : env.PIPAI_WEBHOOK_SECRETS.any[0] ? { webhookId: "wh_simulator", secret: env.PIPAI_WEBHOOK_SECRETS.any[0] } : undefined;
  return { zerohashSecret: env.ZEROHASH_WEBHOOK_SECRETS[0], pipai };
}

const parsed = parseSimulateArgs(process.argv.slice(2));
if (!parsed.ok) {
  if (parsed.help) {
    console.log(USAGE);
    process.exit(0);
  }
  console.error(`simulate: ${parsed.message}\n\n${USAGE}`);
  process.exit(2);
}
const opts = parsed.options;
let env: Env;
try {
  env = getEnv();
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}
const secrets = secretsFrom(env);
if (!secrets.zerohashSecret && !secrets.pipai) {
  console.error("simulate: no secret to sign with: set ZEROHASH_WEBHOOK_SECRETS and/or PIPAI_WEBHOOK_SECRETS (in the environment or .env) to what the server uses");
  process.exit(2);
}

const requests = traffic({ ...secrets, duplicates: opts.duplicates, drop: opts.drop, badSignatures: opts.badSignatures, stale: opts.stale, outOfOrder: opts.outOfOrder, seed: opts.seed, toleranceSeconds: env.WEBHOOK_TOLERANCE_SECONDS });
const tally = newTally();
const inFlight = new Set<Promise<void>>();
const base = opts.url.toString().replace(/\/$/, "");
const total = opts.count;
const tty = process.stdout.isTTY;
let stopped = false;
process.once("SIGINT", () => (stopped = true));

async function send(r: SimRequest): Promise<void> {
  const began = performance.now();
  let answer: Answer;
  try {
    const res = await fetch(base + r.path, { method: "POST", headers: r.headers, body: r.body, signal: AbortSignal.timeout(15_000) });
    const text = await res.text();
    let body: AnswerBody;
    try {
      body = JSON.parse(text) as AnswerBody;
    } catch {
      body = { error: text.slice(0, 80) || undefined };
    }
    answer = { status: res.status, body };
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause;
    answer = { networkError: cause?.code ?? (e as Error).name };
  }
  record(tally, r.kind, answer, performance.now() - began);
}

// a progress bar on a terminal only: piped output (CI, a log file) gets the summary alone
const bar = tty
  ? new cliProgress.SingleBar(
      { format: "[{bar}] {percentage}%  sent {sent}  accepted {accepted}  duplicates {duplicates}  rejected {rejected}  in flight {inflight}", barsize: 24, hideCursor: true },
      cliProgress.Presets.legacy,
    )
  : null;

function progress(elapsedS: number) {
  if (!bar) return;
  const done = total ? tally.sent / total : Math.min(1, elapsedS / opts.duration);
  const rejected = [...tally.rejected.values()].reduce((a, b) => a + b, 0);
  bar.update(Math.floor(done * 100), { sent: tally.sent, accepted: tally.accepted, duplicates: tally.duplicates, rejected, inflight: inFlight.size });
}

console.log(`simulate: ${opts.rate}/s to ${base} ${total ? `for ${total} requests` : `for ${opts.duration} s`} (seed ${opts.seed}; ${[secrets.zerohashSecret && "zerohash", secrets.pipai && `pipai as ${secrets.pipai.webhookId}`].filter(Boolean).join(", ")})`);
const start = performance.now();
bar?.start(100, 0, { sent: 0, accepted: 0, duplicates: 0, rejected: 0, inflight: 0 });
let issued = 0;
let lastProgress = 0;
for (;;) {
  const elapsedS = (performance.now() - start) / 1000;
  if (stopped || (total ? issued >= total : elapsedS >= opts.duration)) break;
  const due = Math.min(total ?? Infinity, Math.floor(elapsedS * opts.rate) + 1);
  while (issued < due && inFlight.size < MAX_IN_FLIGHT) {
    const r = requests.next().value as SimRequest;
    if (r.kind === "dropped") {
      tally.dropped++;
      continue;
    }
    issued++;
    const p = send(r).finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  if (elapsedS - lastProgress >= 0.2) {
    progress(elapsedS);
    lastProgress = elapsedS;
  }
  await new Promise((r) => setTimeout(r, Math.min(50, 1000 / opts.rate)));
}
await Promise.all(inFlight);
const elapsedS = (performance.now() - start) / 1000;
progress(elapsedS);
bar?.stop();
console.log(summary(tally, elapsedS));
const unanswered = [...tally.rejected.keys()].filter((k) => k.startsWith("no answer")).reduce((n, k) => n + tally.rejected.get(k)!, 0);
process.exit(stopped ? 130 : tally.unexpectedlyAccepted || (tally.sent > 0 && unanswered === tally.sent) ? 1 : 0);
