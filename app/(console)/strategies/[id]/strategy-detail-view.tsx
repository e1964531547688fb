"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { BackLink, DetailLoadError } from "@/components/detail-states";
import { EntityDeliveriesPanel } from "@/components/entity-deliveries";
import { OperationsTable, TradersTable } from "@/components/entity-tables";
import { DeliveryList, NextRetryText, RelayDeliveryLink } from "@/components/provider-deliveries";
import { formatDateTime, orDash } from "@/components/format";
import { JsonBlock } from "@/components/json-block";
import { PnlText } from "@/components/pnl";
import { Badge, SeverityBadge, StatusBadge } from "@/components/status-badge";
import { CopyableText, Panel, TableSkeleton, TableWrap, td, th } from "@/components/ui";
import { strategyDetailOptions } from "@/lib/query/options";
import type { ConsoleEvent } from "@/lib/schemas/events";
import type { PositionState, StrategyAnomaly, StrategyTransition } from "@/lib/lifecycle/strategy";

const LIST = { href: "/strategies", label: "Strategies" };

const None = ({ children }: { children: string }) => <p className="p-4 text-sm text-slate-500">{children}</p>;

export function StrategyDetailView({ id }: { id: string }) {
  const query = useQuery(strategyDetailOptions(id));

  if (query.isPending) return <TableSkeleton rows={6} columns={4} />;
  if (query.isError) {
    return (
      <DetailLoadError
        query={query}
        list={LIST}
        errorTitle="Could not load this strategy"
        notFound={{
          testId: "strategy-not-found",
          title: "Strategy not found",
          message: (
            <>
              No event for strategy <code className="font-mono">{id}</code> has been received.
            </>
          ),
        }}
      />
    );
  }

  const { strategy: s, transitions, positions, pnl, orders, fills, errors, anomalies, events, operations, traders } = query.data;
  const open = positions.filter((p) => p.status === "open");
  const closed = positions.filter((p) => p.status === "closed");

  return (
    <div className="space-y-6">
      <div>
        <BackLink {...LIST} />
        <div className="flex flex-wrap items-center gap-3">
          <h1 data-testid="strategy-name" className="text-2xl font-semibold tracking-tight text-slate-900">{s?.name ?? id}</h1>
          {s ? <StatusBadge status={s.status} testId="strategy-status" /> : null}
          {s ? <Badge tone="neutral">{s.provider}</Badge> : null}
          {s?.dry_run ? <Badge tone="info">dry run</Badge> : null}
        </div>
      </div>

      <Panel title="Overview">
        <dl className="grid grid-cols-[max-content_minmax(0,1fr)] items-center gap-x-4 gap-y-2 p-4 text-sm md:grid-cols-[max-content_minmax(0,1fr)_max-content_minmax(0,1fr)]">
          <dt className="text-slate-500">Strategy id</dt>
          <dd><CopyableText value={id} label="strategy id" testId="strategy-id" /></dd>
          <dt className="text-slate-500">Capital</dt>
          <dd data-testid="strategy-capital" className="font-mono tabular-nums">{orDash(s?.capital)}</dd>
          <dt className="text-slate-500">Leverage</dt>
          <dd className="tabular-nums">{s?.leverage == null ? "—" : `${s.leverage}×`}</dd>
          <dt className="text-slate-500">Deployed</dt>
          <dd className="tabular-nums">{formatDateTime(s?.deployed_at)}</dd>
          <dt className="text-slate-500">Created</dt>
          <dd className="tabular-nums">{formatDateTime(s?.created_at)}</dd>
          <dt className="text-slate-500">Last event</dt>
          <dd className="tabular-nums">{formatDateTime(s?.updated_at)}</dd>
          <dt className="text-slate-500">Realized PnL</dt>
          <dd><PnlText value={pnl.realized} testId="strategy-pnl" /></dd>
          <dt className="text-slate-500">Events</dt>
          <dd className="tabular-nums">{s?.event_count ?? events.length}</dd>
          <dt className="text-slate-500">Last error</dt>
          <dd data-testid="strategy-last-error" className={s?.last_error ? "text-rose-800" : "text-slate-400"}>{s?.last_error ? `${s.last_error.error_code}: ${s.last_error.message}` : "—"}</dd>
        </dl>
      </Panel>

      {anomalies.length > 0 ? (
        <Panel title={`Anomalies (${anomalies.length})`} testId="anomalies">
          <AnomalyList anomalies={anomalies} />
        </Panel>
      ) : null}

      {s?.provider === "zerohash" || operations.length > 0 || traders.length > 0 ? (
        <>
          <p className="rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-600 shadow-sm">
            zerohash sends no strategy lifecycle: this strategy is known through its operations and traders.
          </p>
          <Panel
            title={`Operations (${operations.length}${operations.length >= 100 ? "+" : ""})`}
            testId="strategy-operations"
            actions={
              <Link href={`/operations?strategy_id=${encodeURIComponent(id)}`} className="text-sm font-medium text-indigo-700 hover:underline">
                All in operations →
              </Link>
            }
          >
            {operations.length === 0 ? <None>No operation received.</None> : <div className="p-4"><OperationsTable rows={operations} testId="strategy-operations-table" /></div>}
          </Panel>
          <Panel
            title={`Traders (${traders.length}${traders.length >= 100 ? "+" : ""})`}
            testId="strategy-traders"
            actions={
              <Link href={`/traders?strategy_id=${encodeURIComponent(id)}`} className="text-sm font-medium text-indigo-700 hover:underline">
                All in traders →
              </Link>
            }
          >
            {traders.length === 0 ? <None>No trader created yet.</None> : <div className="p-4"><TradersTable rows={traders} testId="strategy-traders-table" /></div>}
          </Panel>
        </>
      ) : null}

      <Panel title="Status timeline" testId="status-timeline">
        {transitions.length === 0 ? <None>No lifecycle event received.</None> : <Timeline transitions={transitions} />}
      </Panel>

      <Panel title={`Open positions (${open.length})`} testId="open-positions">
        {open.length === 0 ? <None>No open position.</None> : <PositionsTable positions={open} closed={false} />}
      </Panel>

      <Panel
        title={`Closed positions (${closed.length})`}
        testId="closed-positions"
        actions={
          <span className="text-sm text-slate-600">
            Total realized PnL <PnlText value={pnl.realized} testId="closed-pnl-total" />
          </span>
        }
      >
        {closed.length === 0 ? <None>No closed position.</None> : <PositionsTable positions={closed} closed />}
      </Panel>

      <Panel title={`Orders & fills (${orders.length} orders, ${fills.length} fills)`} testId="fills">
        {fills.length === 0 ? (
          <None>No fill received.</None>
        ) : (
          <div className="space-y-4 p-4">
            <TableWrap>
              <table data-testid="orders-table" className="min-w-full divide-y divide-slate-200">
                <thead className="bg-slate-50">
                  <tr>
                    {["Order", "Symbol", "Side", "Type", "Fills", "Filled qty", "Avg price", "Last fill"].map((h) => (
                      <th key={h} scope="col" className={th}>{h}</th>
                    ))}
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {orders.map((o) => (
                    <tr key={o.order_id} data-testid="order-row">
                      <td className={`${td} font-mono text-xs`}>{o.order_id}</td>
                      <td className={td}>{o.symbol}</td>
                      <td className={td}>{o.side}</td>
                      <td className={td}>{orDash(o.type)}</td>
                      <td className={td}>
                        {o.fill_count} {o.partial ? <Badge tone="info">partial fills</Badge> : null}
                      </td>
                      <td className={`${td} font-mono tabular-nums`}>{o.filled_qty}</td>
                      <td className={`${td} font-mono tabular-nums`}>{o.avg_price}</td>
                      <td className={`${td} tabular-nums`}>{formatDateTime(o.last_filled_at)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <TableWrap>
              <table data-testid="fills-table" className="min-w-full divide-y divide-slate-200">
                <thead className="bg-slate-50">
                  <tr>
                    {["Filled at", "Order", "Side", "Price", "Qty", "Event"].map((h) => (
                      <th key={h} scope="col" className={th}>{h}</th>
                    ))}
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {fills.map((f) => (
                    <tr key={f.event_id} data-testid="fill-row">
                      <td className={`${td} tabular-nums`}>{formatDateTime(f.filled_at)}</td>
                      <td className={`${td} font-mono text-xs`}>{f.order_id}</td>
                      <td className={td}>{f.side}</td>
                      <td className={`${td} font-mono tabular-nums`}>{f.price}</td>
                      <td className={`${td} font-mono tabular-nums`}>{f.qty}</td>
                      <td className={`${td} font-mono text-xs text-slate-500`}>{f.event_id}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </div>
        )}
      </Panel>

      <Panel title={`Errors (${errors.length})`} testId="errors">
        {errors.length === 0 ? (
          <None>No error reported.</None>
        ) : (
          <ul className="divide-y divide-slate-100">
            {errors.map((e) => (
              <li key={e.event_id} data-testid="error-row" className="px-4 py-3 text-sm">
                <span className="font-mono font-medium text-rose-800">{e.error_code}</span> {e.message}
                <span className="ml-2 tabular-nums text-xs text-slate-500">{formatDateTime(e.at)}</span>
              </li>
            ))}
          </ul>
        )}
      </Panel>

      <EntityDeliveriesPanel strategyId={id} />

      <Panel title={`Raw events & provider deliveries (${events.length})`} testId="raw-events">
        <RawEvents events={events} />
      </Panel>
    </div>
  );
}

function Timeline({ transitions }: { transitions: StrategyTransition[] }) {
  return (
    <ol data-testid="timeline" className="divide-y divide-slate-100">
      {transitions.map((t) => (
        <li key={t.event_id} data-testid="timeline-row" data-applied={t.applied} className={`flex flex-wrap items-center gap-3 px-4 py-2.5 text-sm ${t.applied || !t.anomaly ? "" : "bg-rose-50"}`}>
          <span className="w-48 shrink-0 tabular-nums text-slate-600">{formatDateTime(t.at)}</span>
          <span className="text-slate-400">{t.from ?? "∅"} →</span>
          <StatusBadge status={t.status} />
          {t.applied ? null : t.anomaly ? <Badge tone="danger">not applied</Badge> : <Badge tone="muted" title="Same status again: recorded, nothing changes">repeat</Badge>}
          {t.detail ? <span className="text-slate-600">{t.detail}</span> : null}
          {t.anomaly ? <span className="text-xs text-rose-800">{t.anomaly.message}</span> : null}
          <span className="ml-auto font-mono text-xs text-slate-400" title={`received ${formatDateTime(t.received_at)}`}>{t.event_id}</span>
        </li>
      ))}
    </ol>
  );
}

function PositionsTable({ positions, closed }: { positions: PositionState[]; closed: boolean }) {
  const cols = closed ? ["Position", "Symbol", "Side", "Qty", "Entry", "Exit", "Leverage", "PnL", "Opened", "Closed"] : ["Position", "Symbol", "Side", "Qty", "Entry", "Leverage", "Opened"];
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200">
        <thead className="bg-slate-50">
          <tr>{cols.map((h) => <th key={h} scope="col" className={th}>{h}</th>)}</tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {positions.map((p) => (
            <tr key={p.id} data-testid="position-row" data-position-id={p.id}>
              <td className={`${td} font-mono text-xs`}>
                {p.id}
                {p.anomalies.map((a, i) => (
                  <span key={i} className="ml-1"><Badge tone="warning" title={a.message}>{a.code}</Badge></span>
                ))}
              </td>
              <td className={td}>{p.symbol}</td>
              <td className={td}><Badge tone={p.side === "long" ? "success" : p.side === "short" ? "danger" : "neutral"}>{p.side}</Badge></td>
              <td className={`${td} font-mono tabular-nums`}>{closed && p.exit_qty ? p.exit_qty : p.qty}</td>
              <td className={`${td} font-mono tabular-nums`}>{p.entry_price}</td>
              {closed ? <td className={`${td} font-mono tabular-nums`}>{orDash(p.exit_price)}</td> : null}
              <td className={`${td} tabular-nums`}>{p.leverage === null ? "—" : `${p.leverage}×`}</td>
              {closed ? <td className={td}><PnlText value={p.pnl} testId="position-pnl" /></td> : null}
              <td className={`${td} tabular-nums`}>{formatDateTime(p.opened_at)}</td>
              {closed ? <td className={`${td} tabular-nums`}>{formatDateTime(p.closed_at)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AnomalyList({ anomalies }: { anomalies: StrategyAnomaly[] }) {
  return (
    <ul className="divide-y divide-slate-100">
      {anomalies.map((a, i) => (
        <li key={`${a.code}-${i}`} data-testid="anomaly" className="flex flex-wrap items-center gap-2 px-4 py-2.5 text-sm">
          <SeverityBadge severity={a.severity} />
          <span className="font-mono text-xs text-slate-600">{a.code}</span>
          <span className="text-slate-800">{a.message}</span>
        </li>
      ))}
    </ul>
  );
}

function RawEvents({ events }: { events: ConsoleEvent[] }) {
  if (events.length === 0) return <None>No event.</None>;
  return (
    <ul className="divide-y divide-slate-100">
      {events.map((e) => (
        <li key={e.id} data-testid="raw-event" className="px-4 py-3">
          <details>
            <summary className="flex cursor-pointer flex-wrap items-center gap-3 text-sm">
              <span className="font-mono text-xs font-medium text-slate-900">{e.type}</span>
              {e.status ? <StatusBadge status={e.status} /> : null}
              <span className="tabular-nums text-slate-600" title="event time">{formatDateTime(e.event_time)}</span>
              <span className="font-mono text-xs text-slate-500">{e.external_id}</span>
              <span className="ml-auto text-xs text-slate-500">
                {e.deliveries.length} provider {e.deliveries.length === 1 ? "attempt" : "attempts"}
              </span>
            </summary>
            <div className="mt-3 grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
              <div className="space-y-2 text-sm">
                <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Provider attempts</h3>
                <DeliveryList deliveries={e.deliveries} inbound={{ provider: e.provider, notificationId: e.external_id }} />
                <NextRetryText next={e.next_retry} />
                <RelayDeliveryLink delivery={e.relay_delivery} />
                <p className="text-xs text-slate-500">Received {formatDateTime(e.received_at)}</p>
              </div>
              <JsonBlock text={e.payload} />
            </div>
          </details>
        </li>
      ))}
    </ul>
  );
}
