import { ingest, outcomeToResponse, refuse } from "@/lib/intake/pipeline";
import { providers } from "@/lib/providers/registry";

export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  return outcomeToResponse(await ingest(providers.zerohash, req));
}

// Wrong methods are rejections like any other: logged with their reason (405, Allow: POST).
async function wrongMethod(req: Request) {
  return outcomeToResponse(await refuse(providers.zerohash, req.headers, 405, `method ${req.method} not allowed; use POST`));
}
export { wrongMethod as GET, wrongMethod as PUT, wrongMethod as PATCH, wrongMethod as DELETE };
