/**
 * `column starts with prefix` as a range, `prefix <= column < prefix + U+FFFF`: a plain btree
 * range on both databases. Prisma's `startsWith` becomes LIKE, which SQLite runs case-insensitively
 * without the index, and which PostgreSQL indexes only under the C collation or text_pattern_ops.
 * The range is exact for ids in byte order (SQLite's BINARY, PostgreSQL's C/C.UTF-8 collation);
 * lib/server/prefix.int.test.ts checks results and plans on both.
 */
export function prefixRange(prefix: string): { gte: string; lt: string } {
  return { gte: prefix, lt: `${prefix}\uffff` };
}

/** `undefined` (no filter) when there is no prefix, so it can sit in a Prisma where object. */
export const optionalPrefix = (prefix: string | undefined) => (prefix === undefined ? undefined : prefixRange(prefix));
