"use client";

import { useQuery } from "@tanstack/react-query";
import { ErrorState, PageHeader, Panel, TableSkeleton } from "@/components/ui";
import { fetchJson } from "@/lib/query/fetch";

type Schema = { type?: string | string[]; enum?: unknown[]; $ref?: string };
type Param = { name: string; in: string; required?: boolean; schema?: Schema };
type Operation = { summary?: string; description?: string; tags?: string[]; parameters?: Param[]; requestBody?: unknown; responses?: Record<string, { description?: string }>; security?: unknown[] };
type Doc = { info: { title: string; description?: string }; paths: Record<string, Record<string, Operation>> };

const METHOD_TONE: Record<string, string> = { get: "bg-sky-100 text-sky-800", post: "bg-emerald-100 text-emerald-800", patch: "bg-amber-100 text-amber-800", put: "bg-amber-100 text-amber-800", delete: "bg-rose-100 text-rose-800" };
const TAG_TITLE: Record<string, string> = { webhooks: "Webhook intake (public, signed by the providers)", relay: "Relay API (API key)", console: "Console API (session or API key)", health: "Health (public)" };

const typeOf = (s?: Schema) => (s?.enum ? s.enum.map(String).join(" | ") : Array.isArray(s?.type) ? s.type.join(" | ") : (s?.type ?? (s?.$ref ? s.$ref.split("/").pop() : "any")));

/** The OpenAPI document rendered as a reference: every route, its parameters and its answers. */
export function ApiDocsView() {
  const q = useQuery({ queryKey: ["console", "openapi"], queryFn: ({ signal }) => fetchJson<Doc>("/api/openapi.json", { signal }), staleTime: Infinity });
  return (
    <div className="space-y-6">
      <PageHeader title="API reference" description="Generated from the same zod schemas the routes validate with.">
        <a href="/api/openapi.json" className="text-sm font-medium text-indigo-700 hover:underline" data-testid="openapi-json">
          openapi.json
        </a>
      </PageHeader>
      {q.isPending ? (
        <TableSkeleton rows={6} columns={3} />
      ) : q.isError ? (
        <ErrorState title="Could not load the API document" error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        Object.entries(TAG_TITLE).map(([tag, title]) => {
          const ops = Object.entries(q.data.paths).flatMap(([path, item]) => Object.entries(item).filter(([, op]) => op.tags?.includes(tag)).map(([method, op]) => ({ path, method, op })));
          if (ops.length === 0) return null;
          return (
            <Panel key={tag} title={title} testId={`api-${tag}`}>
              <ul className="divide-y divide-slate-100">
                {ops.map(({ path, method, op }) => (
                  <li key={`${method} ${path}`} className="px-4 py-3" data-testid="api-operation">
                    <div className="flex flex-wrap items-baseline gap-2">
                      <span className={`rounded px-1.5 py-0.5 font-mono text-xs font-semibold uppercase ${METHOD_TONE[method] ?? "bg-slate-100"}`}>{method}</span>
                      <code className="break-all font-mono text-sm text-slate-900">{path}</code>
                      <span className="text-sm text-slate-600">{op.summary}</span>
                    </div>
                    {op.description ? <p className="mt-1 text-xs text-slate-500">{op.description}</p> : null}
                    {op.parameters?.length ? (
                      <p className="mt-1 text-xs text-slate-600">
                        {op.parameters.map((p) => (
                          <span key={`${p.in}:${p.name}`} className="mr-3 inline-block">
                            <code className="font-mono">{p.name}</code>
                            <span className="text-slate-400"> ({p.in}{p.required ? ", required" : ""}): {typeOf(p.schema)}</span>
                          </span>
                        ))}
                      </p>
                    ) : null}
                    <p className="mt-1 text-xs text-slate-500">
                      {Object.entries(op.responses ?? {})
                        .map(([code, r]) => `${code} ${r.description ?? ""}`.trim())
                        .join(" · ")}
                    </p>
                  </li>
                ))}
              </ul>
            </Panel>
          );
        })
      )}
    </div>
  );
}
