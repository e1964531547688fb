import { relayRoute } from "@/lib/http/route";
import { sendTest } from "@/lib/server/relay/settings";

export const dynamic = "force-dynamic";

export const POST = relayRoute({ permission: "operate", keysOnly: true }, (ctx) => sendTest(ctx));
