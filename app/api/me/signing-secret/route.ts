import { relayRoute } from "@/lib/http/route";
import { revealSigningSecret } from "@/lib/server/relay/settings";

export const dynamic = "force-dynamic";

export const GET = relayRoute({ permission: "admin", keysOnly: true }, (ctx) => revealSigningSecret(ctx));
