// The operator's single destination row: callback URL, description, paused.
import type { Db, Tx } from "@/lib/db";

const ID = "default";

export type Destination = { callbackUrl: string | null; description: string; paused: boolean; updatedAt: Date | null };

export async function getDestination(db: Db | Tx): Promise<Destination> {
  const row = await db.relayDestination.findUnique({ where: { id: ID } });
  return row ?? { callbackUrl: null, description: "", paused: false, updatedAt: null };
}

export async function updateDestination(
  db: Db,
  patch: { callbackUrl?: string | null; description?: string; paused?: boolean },
): Promise<Destination> {
  // upsert on the fixed id: two first writes cannot create two rows
  return db.relayDestination.upsert({
    where: { id: ID },
    create: { id: ID, callbackUrl: patch.callbackUrl ?? null, description: patch.description ?? "", paused: patch.paused ?? false },
    update: patch,
  });
}

export function destinationView(d: Destination) {
  return {
    callback_url: d.callbackUrl,
    description: d.description,
    paused: d.paused,
    updated_at: d.updatedAt?.toISOString() ?? null,
  };
}
