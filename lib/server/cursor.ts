import { AppError } from "@/lib/errors";

/** Keyset cursor over (timestamp desc, id desc): stable under concurrent inserts. */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");
}

export function decodeCursor(cursor: string | undefined): { at: Date; id: string } | null {
  if (!cursor) return null;
  const [iso, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const at = new Date(iso ?? "");
  if (!id || Number.isNaN(at.getTime())) throw new AppError("bad_request", "invalid cursor");
  return { at, id };
}

export function page<T>(rows: T[], limit: number, key: (r: T) => { at: Date; id: string }) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const next = rows.length > limit && last ? key(last) : null;
  return { items, next_cursor: next ? encodeCursor(next.at, next.id) : null };
}

type After<K extends string> = { [P in K]: { lt: Date } } | ({ [P in K]: Date } & { id: { lt: string } });

/**
 * The keyset query parts for a list ordered by (`key` desc, id desc): `after` goes into the
 * where clause (rows strictly after the cursor; spread it, it only holds an `AND`), `take` asks for one row more than the page so
 * `page()` can tell whether another page follows.
 */
export function keyset<K extends string>(key: K, q: { cursor?: string | undefined; limit: number }) {
  const c = decodeCursor(q.cursor);
  // `key <= at` on its own, beside the OR: a bound both databases seek the index to, so a deep
  // page starts at the cursor instead of walking the index from the newest row
  const after: { AND?: [{ [P in K]: { lte: Date } }, { OR: After<K>[] }] } = c
    ? { AND: [{ [key]: { lte: c.at } } as { [P in K]: { lte: Date } }, { OR: [{ [key]: { lt: c.at } } as After<K>, { [key]: c.at, id: { lt: c.id } } as After<K>] }] }
    : {};
  const orderBy = [{ [key]: "desc" } as { [P in K]: "desc" }, { id: "desc" as const }];
  return { after, orderBy, take: q.limit + 1 };
}

/**
 * One page of a list keyed by a non-null timestamp column: `find` runs the query with the
 * keyset parts (spread `k.after` into its where clause, pass `k.orderBy` and `k.take`).
 */
export async function keysetPage<K extends string, R extends { id: string } & { [P in K]: Date }>(
  key: K,
  q: { cursor?: string | undefined; limit: number },
  find: (k: ReturnType<typeof keyset<K>>) => Promise<R[]>,
) {
  const rows = await find(keyset(key, q));
  return page(rows, q.limit, (r) => ({ at: r[key], id: r.id }));
}
