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
