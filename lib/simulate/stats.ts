// What the simulator saw, tallied from the server's answers, and the closing summary.
import type { Kind } from "./traffic";

export type AnswerBody = { duplicate?: boolean; error?: string } | null;
export type Answer = { status: number; body: AnswerBody } | { networkError: string };

export type Tally = {
  sent: number;
  accepted: number;
  duplicates: number;
  /** Events the generator dropped on purpose (never sent). */
  dropped: number;
  rejected: Map<string, number>;
  latenciesMs: number[];
  /** Requests made to be rejected (bad signature, stale) that were accepted: a server problem. */
  unexpectedlyAccepted: number;
};

export const newTally = (): Tally => ({ sent: 0, accepted: 0, duplicates: 0, dropped: 0, rejected: new Map(), latenciesMs: [], unexpectedlyAccepted: 0 });

export function record(t: Tally, kind: Kind, answer: Answer, latencyMs: number): void {
  t.sent++;
  t.latenciesMs.push(latencyMs);
  let reason: string | null = null;
  if ("networkError" in answer) reason = `no answer: ${answer.networkError}`;
  else if (answer.status === 200 && answer.body?.duplicate) t.duplicates++;
  else if (answer.status === 200) t.accepted++;
  else reason = `${answer.status} ${answer.body?.error ?? "(no reason given)"}`;
  if (reason) t.rejected.set(reason, (t.rejected.get(reason) ?? 0) + 1);
  if (!reason && (kind === "bad-signature" || kind === "stale")) t.unexpectedlyAccepted++;
}

/** Nearest-rank percentile of a list of numbers; NaN when empty. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const ms = (n: number) => (Number.isNaN(n) ? "-" : `${n.toFixed(1)} ms`);

export function summary(t: Tally, elapsedS: number): string {
  const rejectedTotal = [...t.rejected.values()].reduce((a, b) => a + b, 0);
  const lines = [
    `sent        ${t.sent} in ${elapsedS.toFixed(1)} s (${(t.sent / Math.max(elapsedS, 0.001)).toFixed(1)}/s)${t.dropped ? `; ${t.dropped} dropped on purpose, not sent` : ""}`,
    `accepted    ${t.accepted}`,
    `duplicates  ${t.duplicates}`,
    `rejected    ${rejectedTotal}`,
    ...[...t.rejected.entries()].sort((a, b) => b[1] - a[1]).map(([reason, n]) => `  ${String(n).padStart(6)}  ${reason}`),
    `latency     p50 ${ms(percentile(t.latenciesMs, 50))}, p99 ${ms(percentile(t.latenciesMs, 99))}`,
  ];
  if (t.unexpectedlyAccepted) lines.push(`WARNING     ${t.unexpectedlyAccepted} request(s) signed to be rejected were accepted`);
  return lines.join("\n");
}
