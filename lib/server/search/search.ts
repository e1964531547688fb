// Global search: any identifier the console knows jumps to its page. An exact match on any kind
// comes first; otherwise ids that start with what was typed are listed with their kind. Every
// lookup is an indexed equality or an indexed range (`>= q AND < q⁺`), so it stays cheap as the
// tables grow.
import type { Ctx } from "@/lib/auth/actor";
import type { SearchHit, SearchKind } from "@/lib/schemas/search";

const PER_KIND = 5;

/** The smallest string greater than every string that starts with `q` (in binary order). */
export function prefixUpperBound(q: string): string {
  const last = q.charCodeAt(q.length - 1);
  return q.slice(0, -1) + String.fromCharCode(last + 1);
}

type Finder = (ctx: Ctx, where: (field: string) => Record<string, unknown>) => Promise<SearchHit[]>;

/** `{ field: q }` as `{ field: { gte: q, lte: q } }` (the same rows); a range stays as it is. */
function asRange(where: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(where).map(([k, v]) => [k, typeof v === "string" ? { gte: v, lte: v } : v]));
}

const hit = (kind: SearchKind, id: string, href: string, detail: string | null = null): SearchHit => ({ kind, id, href, detail });
const enc = encodeURIComponent;

const FINDERS: Finder[] = [
  async (ctx, w) =>
    (await ctx.db.operation.findMany({ where: w("id"), take: PER_KIND, orderBy: { id: "asc" }, select: { id: true, status: true, type: true } })).map((o) =>
      hit("operation", o.id, `/operations/${enc(o.id)}`, `${o.type} · ${o.status}`),
    ),
  async (ctx, w) =>
    (await ctx.db.operation.findMany({ where: w("requestId"), take: PER_KIND, orderBy: { requestId: "asc" }, select: { id: true, requestId: true } })).map((o) =>
      hit("request_id", o.requestId, `/operations/${enc(o.id)}`, `operation ${o.id}`),
    ),
  async (ctx, w) =>
    (await ctx.db.execution.findMany({ where: w("id"), take: PER_KIND, orderBy: { id: "asc" }, select: { id: true, operationId: true, status: true } })).map((e) =>
      hit("execution", e.id, `/operations/${enc(e.operationId)}#execution-${enc(e.id)}`, `${e.status} · operation ${e.operationId}`),
    ),
  async (ctx, w) =>
    (await ctx.db.trader.findMany({ where: w("id"), take: PER_KIND, orderBy: { id: "asc" }, select: { id: true, participantCode: true } })).map((t) =>
      hit("trader", t.id, `/traders/${enc(t.id)}`, `participant ${t.participantCode}`),
    ),
  async (ctx, w) =>
    // many traders share a participant code (a platform's own participant enrolls in every
    // strategy), and SQLite's statistics then rate an equality on it as matching the whole table
    // and scan Trader for a code that is not there; a range on the same bounds is planned as the
    // index search it is
    (await ctx.db.trader.findMany({ where: asRange(w("participantCode")), take: PER_KIND, orderBy: { participantCode: "asc" }, select: { id: true, participantCode: true } })).map((t) =>
      hit("participant", t.participantCode, `/traders/${enc(t.id)}`, `trader ${t.id}`),
    ),
  async (ctx, w) =>
    (await ctx.db.strategy.findMany({ where: w("id"), take: PER_KIND, orderBy: { id: "asc" }, select: { id: true, name: true, provider: true } })).map((s) =>
      hit("strategy", s.id, `/strategies/${enc(s.id)}`, `${s.provider}${s.name ? ` · ${s.name}` : ""}`),
    ),
  async (ctx, w) =>
    (await ctx.db.event.findMany({ where: w("id"), take: PER_KIND, orderBy: { id: "asc" }, select: { id: true, type: true } })).map((e) => hit("event", e.id, `/events?q=${enc(e.id)}`, e.type)),
  async (ctx, w) =>
    (await ctx.db.event.findMany({ where: w("externalId"), take: PER_KIND, orderBy: { externalId: "asc" }, select: { externalId: true, type: true, provider: true } })).map((e) =>
      hit("notification", e.externalId, `/events?q=${enc(e.externalId)}`, `${e.provider} · ${e.type}`),
    ),
  async (ctx, w) =>
    (await ctx.db.delivery.findMany({ where: w("id"), take: PER_KIND, orderBy: { id: "asc" }, select: { id: true, status: true, eventType: true } })).map((d) =>
      hit("delivery", d.id, `/deliveries/${enc(d.id)}`, `${d.eventType} · ${d.status}`),
    ),
  async (ctx, w) =>
    (await ctx.db.inboundRequest.findMany({ where: w("id"), take: PER_KIND, orderBy: { id: "asc" }, select: { id: true, provider: true, outcome: true, externalId: true } })).map((r) =>
      hit("inbound_request", r.id, r.externalId ? `/events?q=${enc(r.externalId)}` : `/inbound?outcome=${enc(r.outcome)}`, `${r.provider} · ${r.outcome}`),
    ),
  async (ctx, w) =>
    (await ctx.db.position.findMany({ where: w("id"), take: PER_KIND, orderBy: { id: "asc" }, select: { id: true, strategyId: true } })).map((p) =>
      hit("position", p.id, `/strategies/${enc(p.strategyId)}`, `strategy ${p.strategyId}`),
    ),
  async (ctx, w) =>
    (await ctx.db.fill.findMany({ where: w("orderId"), take: PER_KIND, orderBy: { orderId: "asc" }, distinct: ["orderId"], select: { orderId: true, strategyId: true } })).map((f) =>
      hit("order", f.orderId, `/strategies/${enc(f.strategyId)}`, `strategy ${f.strategyId}`),
    ),
  async (ctx, w) =>
    (await ctx.db.backtest.findMany({ where: w("id"), take: PER_KIND, orderBy: { id: "asc" }, select: { id: true, status: true } })).map((b) => hit("backtest", b.id, `/backtests`, b.status)),
];

export async function search(ctx: Ctx, q: string): Promise<{ query: string; exact: SearchHit | null; hits: SearchHit[] }> {
  const exact = (await Promise.all(FINDERS.map((f) => f(ctx, (field) => ({ [field]: q }))))).flat();
  if (exact.length > 0) return { query: q, exact: exact[0]!, hits: exact };
  const upper = prefixUpperBound(q);
  const hits = (await Promise.all(FINDERS.map((f) => f(ctx, (field) => ({ [field]: { gte: q, lt: upper } }))))).flat();
  // the range is in the database's collation; keep only true prefixes
  return { query: q, exact: null, hits: hits.filter((h) => h.id.startsWith(q)) };
}
