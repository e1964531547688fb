import { getDb } from "@/lib/db";
import { relayRoute } from "@/lib/http/route";
import { rotateSecret } from "@/lib/server/relay/secrets";

export const dynamic = "force-dynamic";

export const POST = relayRoute(async (_req, _ctx, env) => {
  const r = await rotateSecret(await getDb(), new Date(), env.HOOKSCOPE_SECRET_ROTATION_GRACE_HOURS);
  return { signing_secret: r.secret, previous_secret_expires_at: r.previous_expires_at };
});
