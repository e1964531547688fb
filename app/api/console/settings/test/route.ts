import { relayRoute } from "@/lib/http/route";
import { testSendResponse } from "@/lib/server/relay/test-route";

export const dynamic = "force-dynamic";

export const POST = relayRoute(async () => testSendResponse(), { access: "console" });
