/** P2002 from either adapter (the driver-adapter path reports it the same way for SQLite and PostgreSQL). */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string } | null;
  if (err?.code === "P2002") return true;
  return /Unique constraint failed|unique constraint|UNIQUE constraint failed/i.test(err?.message ?? "");
}
