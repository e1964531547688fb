import { getDb } from "@/lib/db";
import { relayRoute } from "@/lib/http/route";
import { currentSecret } from "@/lib/server/relay/secrets";

export const dynamic = "force-dynamic";

export const GET = relayRoute(async () => ({ signing_secret: await currentSecret(await getDb()) }));
