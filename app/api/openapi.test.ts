// The OpenAPI document is valid OpenAPI 3.1 and lists every API route with every method it exports.
import fs from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { openApiDocument, paths } from "@/lib/openapi/document";

const API = path.resolve(import.meta.dirname);
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
/** better-auth's own endpoints are its contract, not ours. */
const NOT_DOCUMENTED = new Set(["/api/auth/[...all]"]);

function routes(dir: string): { path: string; methods: string[] }[] {
  const out: { path: string; methods: string[] }[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...routes(p));
    else if (e.name === "route.ts") {
      const src = fs.readFileSync(p, "utf8");
      const rel = "/api/" + path.relative(API, dir).split(path.sep).join("/");
      out.push({ path: rel, methods: METHODS.filter((m) => new RegExp(`export (const|async function|function) ${m}\\b`).test(src)) });
    }
  }
  return out;
}

describe("OpenAPI document", () => {
  const doc = openApiDocument();

  it("is valid OpenAPI 3.1", async () => {
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe("3.1.0");
  });

  it("documents every route and method under app/api", () => {
    const found = routes(API).filter((r) => !NOT_DOCUMENTED.has(r.path));
    expect(found.length).toBeGreaterThan(30);
    const missing: string[] = [];
    for (const r of found) {
      const key = r.path.replace(/\[([^\]]+)\]/g, "{$1}");
      const item = (doc.paths ?? {})[key] as Record<string, unknown> | undefined;
      // the intake routes also answer other methods with a logged 405: only POST is their contract
      const methods = key === "/api/webhooks/zerohash" || key === "/api/webhooks/pipai" ? ["POST"] : r.methods;
      for (const m of methods) if (!item?.[m.toLowerCase()]) missing.push(`${m} ${key}`);
    }
    expect(missing).toEqual([]);
  });

  it("describes every console answer with its closed schema, not an open object", () => {
    type S = { $ref?: string; additionalProperties?: unknown; anyOf?: S[]; oneOf?: S[] };
    const components = (doc.components?.schemas ?? {}) as Record<string, S>;
    const resolve = (x: S): S => (x.$ref ? components[x.$ref.split("/").at(-1)!]! : x);
    const closed = (x: S): boolean => {
      const r = resolve(x);
      const alternatives = r.anyOf ?? r.oneOf;
      return alternatives ? alternatives.every(closed) : r.additionalProperties === false;
    };
    const open: string[] = [];
    for (const [key, item] of Object.entries(doc.paths ?? {})) {
      if (!key.startsWith("/api/console/") || key === "/api/console/stream") continue;
      for (const [method, op] of Object.entries(item as Record<string, { responses?: Record<string, { content?: Record<string, { schema?: S }> }> }>)) {
        const schema = op.responses?.["200"]?.content?.["application/json"]?.schema;
        if (!schema || !closed(schema)) open.push(`${method.toUpperCase()} ${key}`);
      }
    }
    expect(open).toEqual([]);
  });

  // The document's JSON Schema shows what the server sends (an output-side z.object is written with
  // additionalProperties false too), so it cannot tell an open schema from a strict one; the input
  // side can: integration tests parse answers with these schemas, and only a strict object fails on
  // a field the schema does not know (decision 0021).
  it("answers every console route with strict objects all the way down", () => {
    type J = { type?: unknown; properties?: Record<string, J>; additionalProperties?: unknown; items?: J | J[]; anyOf?: J[]; oneOf?: J[]; allOf?: J[]; $defs?: Record<string, J> };
    const openAt = (j: J, at: string, out: string[]) => {
      if (j.properties && j.additionalProperties !== false) out.push(at || "(root)");
      for (const [k, v] of Object.entries(j.properties ?? {})) openAt(v, `${at}.${k}`, out);
      for (const v of [j.items ?? []].flat()) openAt(v, `${at}[]`, out);
      for (const v of [...(j.anyOf ?? []), ...(j.oneOf ?? []), ...(j.allOf ?? [])]) openAt(v, at, out);
      for (const [k, v] of Object.entries(j.$defs ?? {})) openAt(v, `${at}$${k}`, out);
    };
    const open: string[] = [];
    for (const [key, item] of Object.entries(paths)) {
      if (!key.startsWith("/api/console/") || key === "/api/console/stream") continue;
      for (const [method, op] of Object.entries(item as Record<string, { responses?: Record<string, { content?: Record<string, { schema?: z.ZodType }> }> }>)) {
        const schema = op.responses?.["200"]?.content?.["application/json"]?.schema;
        if (!schema) continue;
        const found: string[] = [];
        openAt(z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as J, "", found);
        for (const at of found) open.push(`${method.toUpperCase()} ${key} ${at}`);
      }
    }
    expect(open).toEqual([]);
  });
});
