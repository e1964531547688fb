import { consoleRoute } from "@/lib/http/route";
import { liveStream } from "@/lib/live/stream";

// a stream, never cached or prerendered
export const dynamic = "force-dynamic";

export const GET = consoleRoute("read", async (ctx, req) => liveStream(ctx, req));
