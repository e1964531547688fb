// What a newcomer needs to send the first webhook: where providers post, which secrets are set
// (counts only: a value never leaves the server), and the simulator command.
import type { Ctx } from "@/lib/auth/actor";
import { hostnameOf } from "@/lib/http/origin";
import type { Setup } from "@/lib/schemas/settings";
import { getDestination } from "@/lib/server/relay/destination";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** `origin`: the console's address as the request reached it; HOOKSCOPE_PUBLIC_URL wins when set. */
export async function getSetup(ctx: Ctx, origin: string): Promise<Setup> {
  const { env } = ctx;
  const base = env.HOOKSCOPE_PUBLIC_URL ?? origin;
  const pipai = env.PIPAI_WEBHOOK_SECRETS;
  const destination = await getDestination(ctx.db);
  return {
    base_url: base,
    base_url_from: env.HOOKSCOPE_PUBLIC_URL ? ("HOOKSCOPE_PUBLIC_URL" as const) : ("request" as const),
    webhook_urls: { zerohash: `${base}/api/webhooks/zerohash`, pipai: `${base}/api/webhooks/pipai` },
    secrets: {
      zerohash_hmac: env.ZEROHASH_WEBHOOK_SECRETS.length,
      zerohash_rsa_keys: env.ZEROHASH_RSA_PUBLIC_KEYS.length,
      pipai_subscriptions: Object.keys(pipai.bySubscription).length,
      pipai_any: pipai.any.length,
    },
    callback_url_set: Boolean(destination.callbackUrl),
    // the simulator only sends to this machine, so the command names a loopback address
    simulate_command: `npm run simulate -- --url ${LOOPBACK.has(hostnameOf(new URL(origin).host) ?? "") ? origin : `http://localhost:${env.PORT}`} --rate 20 --duration 60`,
  };
}
