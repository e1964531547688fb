import type { ReactNode } from "react";

export type Tone = "neutral" | "info" | "progress" | "success" | "muted" | "warning" | "danger";

const TONE_CLASSES: Record<Tone, string> = {
  neutral: "bg-slate-100 text-slate-700 ring-slate-300",
  info: "bg-sky-50 text-sky-800 ring-sky-200",
  progress: "bg-indigo-50 text-indigo-800 ring-indigo-200",
  success: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  muted: "bg-zinc-100 text-zinc-600 ring-zinc-300",
  warning: "bg-amber-50 text-amber-800 ring-amber-200",
  danger: "bg-rose-50 text-rose-800 ring-rose-200",
};

/** Every status the console knows about. Unknown values fall back to a neutral badge, shown verbatim. */
const STATUS_TONES: Record<string, Tone> = {
  // operation
  validating: "info",
  pricing: "progress",
  settling: "progress",
  settled: "success",
  skipped: "muted",
  failed: "danger",
  // execution
  awaiting_execution: "progress",
  rejected: "danger",
  // delivery
  pending: "info",
  failing: "warning",
  delivered: "success",
  // strategy (PipAI lifecycle; zerohash strategies are "active")
  draft: "muted",
  deployed: "success",
  paused: "warning",
  stopped: "neutral",
  active: "info",
  unknown: "muted",
  // position / backtest / account alerts
  open: "progress",
  closed: "neutral",
  done: "success",
  balance_low: "warning",
  api_key_rotated: "info",
  // anomaly state (open is shared with positions above)
  acknowledged: "info",
  cleared: "muted",
  // inbound outcome
  accepted: "success",
  duplicate: "muted",
  error: "danger",
};

export function statusTone(status: string): Tone {
  return Object.hasOwn(STATUS_TONES, status) ? (STATUS_TONES[status] ?? "neutral") : "neutral";
}

export function toneClasses(tone: Tone): string {
  return TONE_CLASSES[tone];
}

export function StatusBadge({
  status,
  testId,
  title,
}: {
  status: string;
  testId?: string;
  title?: string;
}) {
  return (
    <span
      data-testid={testId}
      data-status={status}
      title={title}
      className={`inline-flex items-center whitespace-nowrap rounded-md px-2 py-0.5 font-mono text-xs font-medium ring-1 ring-inset ${TONE_CLASSES[statusTone(status)]}`}
    >
      {status === "" ? "(empty)" : status}
    </span>
  );
}

export function Badge({ tone = "neutral", children, title, testId }: {
  tone?: Tone;
  children: ReactNode;
  title?: string;
  testId?: string;
}) {
  return (
    <span
      data-testid={testId}
      title={title}
      className={`inline-flex items-center whitespace-nowrap rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONE_CLASSES[tone]}`}
    >
      {children}
    </span>
  );
}

export const SEVERITY_TONE: Record<string, Tone> = {
  info: "info",
  warning: "warning",
  critical: "danger",
};

export function SeverityBadge({ severity }: { severity: string }) {
  return <Badge tone={SEVERITY_TONE[severity] ?? "neutral"}>{severity}</Badge>;
}
