// A service-verb context for tests: the CLI actor (admin) unless another is given.
import { cliActor, type Actor, type Ctx } from "@/lib/auth/actor";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";

export async function testCtx(over: { actor?: Actor; now?: Date } = {}): Promise<Ctx> {
  return { db: await getDb(), actor: over.actor ?? cliActor("test"), env: getEnv(), now: over.now ?? new Date() };
}
