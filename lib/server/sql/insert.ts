// Append-only inserts on the intake hot path as one plain INSERT each. Prisma's model `create`
// costs about 1.3 ms per call in the client engine, the same statement through $executeRaw about
// 0.5 ms (docs/decisions/0010-ingest-throughput.md). Quoted identifiers and bound values: the same
// text runs on SQLite and PostgreSQL. Columns left out take their database defaults.
import type { Delivery, Event, InboundRequest } from "@/lib/generated/sqlite/client";
import { Prisma } from "@/lib/generated/sqlite/client";
import type { Tx } from "@/lib/intake/types";

type Rows = { Event: Event; InboundRequest: InboundRequest; Delivery: Delivery };

export async function insertRow<T extends keyof Rows>(tx: Tx, table: T, row: Partial<Rows[T]> & { id: string }): Promise<void> {
  const entries = Object.entries(row).filter(([, v]) => v !== undefined);
  const columns = Prisma.raw(entries.map(([c]) => `"${c}"`).join(", "));
  await tx.$executeRaw`INSERT INTO ${Prisma.raw(`"${table}"`)} (${columns}) VALUES (${Prisma.join(entries.map(([, v]) => v))})`;
}
