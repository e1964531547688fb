// Where a delivery stands in its retry schedule, as one short line for rows and the detail page:
// "attempt 5 of 10 · next in 9 min". Pure, so the wording is unit-tested.
import type { DeliverySummary } from "@/lib/schemas/deliveries";

type Progress = Pick<DeliverySummary, "console_status" | "attempts" | "schedule_attempts" | "max_attempts" | "next_attempt_at">;

/** "in 45 s", "in 9 min", "in 2 h", "in 1 d"; "now" once due. Rounded up so "in 0 min" never shows. */
export function dueIn(ms: number): string {
  if (ms <= 0) return "now";
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `in ${s} s`;
  const min = Math.ceil(ms / 60_000);
  if (min < 60) return `in ${min} min`;
  const h = Math.ceil(ms / 3_600_000);
  if (h < 24) return `in ${h} h`;
  return `in ${Math.ceil(ms / 86_400_000)} d`;
}

export function progressText(d: Progress, nowMs: number): string {
  const next = d.next_attempt_at === null ? null : dueIn(Date.parse(d.next_attempt_at) - nowMs);
  switch (d.console_status) {
    case "failing":
      return `attempt ${d.schedule_attempts} of ${d.max_attempts} · next ${next === "now" ? "due now" : (next ?? "not scheduled")}`;
    case "pending":
      return next === null ? "queued" : next === "now" ? "queued · due now" : `queued · first attempt ${next}`;
    case "delivered":
      return d.attempts === 1 ? "delivered on the first attempt" : `delivered after ${d.attempts} attempts`;
    case "failed":
      return `gave up at attempt ${d.schedule_attempts} of ${d.max_attempts}`;
  }
}
