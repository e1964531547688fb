import type { EventFilters } from "@/lib/query/filters";

type ParamReader = { get(name: string): string | null };

const text = (v: string | null): string | null => {
  const t = v?.trim() ?? "";
  return t === "" ? null : t;
};
const isoDate = (v: string | null): string | null => {
  const t = text(v);
  if (t === null) return null;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
};

export function parseEventSearchParams(params: ParamReader): EventFilters {
  const provider = params.get("provider");
  return {
    provider: provider === "pipai" || provider === "zerohash" ? provider : null,
    type: text(params.get("type")),
    q: text(params.get("q")),
    from: isoDate(params.get("from")),
    to: isoDate(params.get("to")),
  };
}
