import { relayRoute } from "@/lib/http/route";
import { rotateSigningSecret } from "@/lib/server/relay/settings";

export const dynamic = "force-dynamic";

export const POST = relayRoute({ permission: "admin", keysOnly: true }, (ctx) => rotateSigningSecret(ctx));
