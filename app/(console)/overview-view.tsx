"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import type { ReactNode } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDateTime } from "@/components/format";
import { Badge } from "@/components/status-badge";
import { ErrorState, PageHeader, Panel, TableSkeleton } from "@/components/ui";
import { fetchJson } from "@/lib/query/fetch";
import { OVERVIEW_RANGES, type Overview, type OverviewRange } from "@/lib/schemas/overview";

const COLORS = { accepted: "#10b981", duplicate: "#94a3b8", rejected: "#f59e0b", error: "#e11d48", delivered: "#10b981", failed: "#e11d48" };

function ms(v: number | null): string {
  if (v === null) return "—";
  if (v < 1000) return `${Math.round(v)} ms`;
  if (v < 120_000) return `${(v / 1000).toFixed(1)} s`;
  return `${Math.round(v / 60_000)} min`;
}

function age(iso: string | null, now: string): string {
  return iso ? ms(new Date(now).getTime() - new Date(iso).getTime()) : "—";
}

function tick(iso: string, range: OverviewRange): string {
  const d = new Date(iso);
  return range === "7d" ? `${d.getUTCMonth() + 1}/${d.getUTCDate()} ${String(d.getUTCHours()).padStart(2, "0")}h` : `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
}

function Tile({ label, value, sub, href, testId }: { label: string; value: ReactNode; sub?: ReactNode; href: string; testId: string }) {
  return (
    <Link href={href} data-testid={testId} className="block rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-indigo-300 focus:outline-none focus:ring-2 focus:ring-indigo-500">
      <div className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</div>
      <div className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">{value}</div>
      {sub ? <div className="mt-1 text-xs text-slate-500">{sub}</div> : null}
    </Link>
  );
}

export function OverviewView() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const range = (OVERVIEW_RANGES as readonly string[]).includes(params.get("range") ?? "") ? (params.get("range") as OverviewRange) : "24h";
  const q = useQuery({
    queryKey: ["console", "overview", range],
    queryFn: ({ signal }) => fetchJson<Overview>(`/api/console/overview?range=${range}`, { signal }),
    refetchInterval: 15_000,
  });
  const setRange = (r: OverviewRange) => router.replace(`${pathname}?range=${r}`, { scroll: false });

  return (
    <div className="space-y-6">
      <PageHeader title="Overview" description="What came in, what went out, and what needs attention.">
        <div role="group" aria-label="Time range" className="inline-flex rounded-lg border border-slate-200 bg-white p-1 shadow-sm">
          {OVERVIEW_RANGES.map((r) => (
            <button key={r} type="button" aria-pressed={r === range} data-testid={`range-${r}`} onClick={() => setRange(r)} className={`rounded-md px-3 py-1 text-sm font-medium ${r === range ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-100"}`}>
              {r}
            </button>
          ))}
        </div>
      </PageHeader>
      {q.isPending ? (
        <TableSkeleton rows={6} columns={4} />
      ) : q.isError ? (
        <ErrorState title="Could not load the overview" error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <OverviewBody o={q.data} />
      )}
    </div>
  );
}

function OverviewBody({ o }: { o: Overview }) {
  const total = (outcome: string) => o.inbound.by_provider.filter((r) => r.outcome === outcome).reduce((n, r) => n + r.count, 0);
  const providers = [...new Set(o.inbound.by_provider.map((r) => r.provider))].sort();
  const fromQuery = `from=${encodeURIComponent(o.from)}`;
  return (
    <>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Tile testId="tile-inbound" label={`Inbound (${o.range})`} value={total("accepted") + total("duplicate") + total("rejected") + total("error")} sub={`${total("accepted")} accepted · ${total("duplicate")} duplicate · ${total("rejected")} rejected`} href="/inbound" />
        <Tile
          testId="tile-success"
          label="Relay success rate"
          value={o.relay.success_rate === null ? "—" : `${(o.relay.success_rate * 100).toFixed(1)}%`}
          sub={`${o.relay.delivered_attempts} of ${o.relay.attempts} attempts delivered`}
          href={`/deliveries?status=failed&${fromQuery}`}
        />
        <Tile testId="tile-latency" label="Delivery latency" value={`${ms(o.relay.latency_ms.p50)} / ${ms(o.relay.latency_ms.p95)}`} sub={`p50 / p95, event to delivered (${o.relay.latency_ms.samples} deliveries)`} href={`/deliveries?status=delivered&${fromQuery}`} />
        <Tile testId="tile-backlog" label="Backlog" value={o.backlog.pending} sub={o.backlog.pending ? `pending; oldest waiting ${age(o.backlog.oldest_pending_at, o.to)}` : "nothing waiting"} href="/deliveries?status=pending" />
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <Panel title="Inbound requests by outcome" testId="chart-inbound">
          <div className="h-64 p-3">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={o.inbound.buckets}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="at" tickFormatter={(v: string) => tick(v, o.range)} fontSize={11} />
                <YAxis allowDecimals={false} fontSize={11} width={40} />
                <Tooltip labelFormatter={(v) => formatDateTime(String(v))} />
                <Legend />
                {(["accepted", "duplicate", "rejected", "error"] as const).map((k) => (
                  <Bar key={k} dataKey={k} stackId="a" fill={COLORS[k]} isAnimationActive={false} />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </div>
          <div className="flex flex-wrap gap-3 border-t border-slate-100 px-4 py-2 text-xs text-slate-600">
            {providers.map((p) => (
              <Link key={p} href={`/inbound?provider=${p}`} className="hover:underline">
                {p}: {o.inbound.by_provider.filter((r) => r.provider === p).map((r) => `${r.count} ${r.outcome}`).join(", ")}
              </Link>
            ))}
            <Link href="/inbound?outcome=rejected" className="ml-auto text-indigo-700 hover:underline">
              Rejected requests →
            </Link>
          </div>
        </Panel>
        <Panel title="Relay attempts" testId="chart-relay">
          <div className="h-64 p-3">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={o.relay.buckets}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="at" tickFormatter={(v: string) => tick(v, o.range)} fontSize={11} />
                <YAxis allowDecimals={false} fontSize={11} width={40} />
                <Tooltip labelFormatter={(v) => formatDateTime(String(v))} />
                <Legend />
                <Bar dataKey="delivered" stackId="a" fill={COLORS.delivered} isAnimationActive={false} />
                <Bar dataKey="failed" stackId="a" fill={COLORS.failed} isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <div className="flex border-t border-slate-100 px-4 py-2 text-xs">
            <Link href="/deliveries?status=failed" className="ml-auto text-indigo-700 hover:underline">
              Failed deliveries →
            </Link>
          </div>
        </Panel>
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <Panel title="Needs attention" testId="attention">
          <ul className="divide-y divide-slate-100 text-sm">
            <li className="flex items-center gap-3 px-4 py-2.5" data-testid="attention-destination">
              <Badge tone={o.attention.destination.state === "ok" ? "success" : o.attention.destination.state === "failing" ? "danger" : "warning"}>{o.attention.destination.state.replace("_", " ")}</Badge>
              <span>{o.attention.destination.detail}</span>
              <Link href="/settings" className="ml-auto text-indigo-700 hover:underline">
                Settings
              </Link>
            </li>
            <li className="px-4 py-2.5" data-testid="attention-stuck">
              <div className="flex items-center gap-2">
                <span className="font-medium" data-testid="stuck-total">
                  {o.attention.stuck_operations_total.toLocaleString("en-US")}
                  {o.attention.stuck_operations_capped ? "+" : ""} stuck operations
                </span>
                <Link href="/operations" className="ml-auto text-indigo-700 hover:underline">
                  Operations
                </Link>
              </div>
              {o.attention.stuck_operations.map((s) => (
                <Link key={s.id} href={`/operations/${s.id}`} className="mt-1 flex gap-2 font-mono text-xs text-slate-600 hover:underline">
                  <span>{s.id}</span>
                  <span>{s.status}</span>
                  <span className="ml-auto">since {formatDateTime(s.since)}</span>
                </Link>
              ))}
            </li>
            <li className="px-4 py-2.5" data-testid="attention-anomalies">
              <div className="flex items-center gap-2">
                <span className="font-medium">{o.attention.open_anomalies.total} open anomalies</span>
                <Link href="/anomalies?state=open" className="ml-auto text-indigo-700 hover:underline">
                  Anomalies
                </Link>
              </div>
              {o.attention.open_anomalies.by_rule.slice(0, 6).map((r) => (
                <Link key={r.rule} href={`/anomalies?state=open&rule=${encodeURIComponent(r.rule)}`} className="mt-1 flex gap-2 font-mono text-xs text-slate-600 hover:underline">
                  <span>{r.rule}</span>
                  <span className="ml-auto">{r.count}</span>
                </Link>
              ))}
            </li>
          </ul>
        </Panel>
        <div className="space-y-6">
          <Panel title="Rejections by reason" testId="rejections">
            {o.attention.rejections.length === 0 ? (
              <p className="px-4 py-3 text-sm text-slate-500">No rejected request in this range.</p>
            ) : (
              <ul className="divide-y divide-slate-100 text-sm">
                {o.attention.rejections.map((r) => (
                  <li key={r.reason} className="flex gap-3 px-4 py-2">
                    <span className="min-w-0 flex-1 break-words">{r.reason}</span>
                    <span className="tabular-nums text-slate-600">{r.count}</span>
                  </li>
                ))}
              </ul>
            )}
          </Panel>
          <Panel title="Provider lag (received − event time)" testId="provider-lag">
            {o.provider_lag_ms.length === 0 ? (
              <p className="px-4 py-3 text-sm text-slate-500">No timed event in this range.</p>
            ) : (
              <ul className="divide-y divide-slate-100 text-sm">
                {o.provider_lag_ms.map((l) => (
                  <li key={l.provider} className="flex gap-3 px-4 py-2">
                    <Link href={`/events?provider=${l.provider}`} className="font-medium hover:underline">
                      {l.provider}
                    </Link>
                    <span className="ml-auto tabular-nums">
                      p50 {ms(l.p50)} · p95 {ms(l.p95)}
                    </span>
                    <span className="text-xs text-slate-500">{l.samples} events</span>
                  </li>
                ))}
              </ul>
            )}
          </Panel>
        </div>
      </div>
    </>
  );
}
