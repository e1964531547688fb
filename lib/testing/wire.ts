// Integration tests read console answers through these: a 2xx body must match its zod schema
// (strict objects, so a missing or an extra field fails), with a readable message when not.
import { z } from "zod";
import { paths } from "@/lib/openapi/document";

/** The JSON body of a 2xx response parsed with `schema`; anything else throws with the body or zod's issues. */
export async function parseWith<S extends z.ZodType>(schema: S, res: Response, what = new URL(res.url || "http://localhost/").pathname): Promise<z.output<S>> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status}, expected a 2xx answer: ${text.slice(0, 500)}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${what}: the answer is not JSON: ${text.slice(0, 200)}`);
  }
  const r = schema.safeParse(body);
  if (!r.success) throw new Error(`${what}: the answer does not match its schema:\n${z.prettifyError(r.error)}`);
  return r.data;
}

type Documented = { responses?: Record<string, { content?: Record<string, { schema?: z.ZodType }> }> };

/** The 200 schema the OpenAPI document gives `method path` (a concrete path: /api/console/operations/abc). */
export function responseSchema(method: string, pathname: string): z.ZodType {
  // literal segments win over placeholders: /deliveries/counts before /deliveries/{id}
  const templates = Object.entries(paths).sort(([a], [b]) => a.split("{").length - b.split("{").length);
  for (const [template, item] of templates) {
    const re = new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`);
    if (!re.test(pathname)) continue;
    const op = (item as Record<string, Documented | undefined>)[method.toLowerCase()];
    const schema = op?.responses?.["200"]?.content?.["application/json"]?.schema;
    if (schema) return schema;
  }
  throw new Error(`no documented JSON answer for ${method} ${pathname}`);
}

/** A console answer that must be a 2xx, parsed with its route's documented schema. */
export function parseConsole(req: Request, res: Response) {
  const pathname = new URL(req.url).pathname;
  return parseWith(responseSchema(req.method, pathname), res, `${req.method} ${pathname}`);
}

/** The body of a console answer: a 2xx is parsed with the route's documented schema, an error is returned as is. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as Response.json(): each test reads the fields it checks
export async function consoleJson(req: Request, res: Response): Promise<{ status: number; body: any }> {
  if (!res.ok) return { status: res.status, body: await res.json() };
  return { status: res.status, body: await parseConsole(req, res) };
}
