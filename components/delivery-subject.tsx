"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { shortId } from "@/components/format";
import type { DeliverySummary } from "@/lib/schemas/deliveries";

/**
 * Where the entity of a delivery lives in the console. Executions are shown on their operation's
 * page; traders on their own page.
 */
export function subjectHref(d: Pick<DeliverySummary, "subject" | "operation_id" | "strategy_id">): string | null {
  const s = d.subject;
  if (!s) return null;
  switch (s.kind) {
    case "operation":
      return `/operations/${encodeURIComponent(s.id)}`;
    case "execution":
      return d.operation_id ? `/operations/${encodeURIComponent(d.operation_id)}` : null;
    case "trader":
      return `/traders/${encodeURIComponent(s.id)}`;
    case "strategy":
      return `/strategies/${encodeURIComponent(s.id)}`;
  }
}

export function SubjectLink({ d, testId = "subject-link", full = false }: { d: Pick<DeliverySummary, "subject" | "operation_id" | "strategy_id">; testId?: string; full?: boolean }) {
  if (!d.subject) return <span className="text-slate-400">—</span>;
  const href = subjectHref(d);
  const label = (
    <>
      <span className="font-sans text-slate-500">{d.subject.kind}</span> {full ? d.subject.id : shortId(d.subject.id)}
    </>
  );
  if (!href) return <span className="font-mono text-xs" title={d.subject.id}>{label}</span>;
  return (
    <Link data-testid={testId} data-kind={d.subject.kind} href={href} title={`${d.subject.kind} ${d.subject.id}`} className="font-mono text-xs text-indigo-700 hover:underline">
      {label}
    </Link>
  );
}

/** The current time, refreshed every `everyMs`, so "next in 9 min" counts down on screen. */
export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}
