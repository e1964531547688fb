import { relayRoute } from "@/lib/http/route";
import { revokeKey } from "@/lib/server/relay/settings";

export const dynamic = "force-dynamic";

export const POST = relayRoute<{ id: string }>({ permission: "admin" }, (ctx, _req, p) => revokeKey(ctx, p.id));
