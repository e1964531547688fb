import { ingest, outcomeToResponse } from "@/lib/intake/pipeline";
import { providers } from "@/lib/providers/registry";

export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  return outcomeToResponse(await ingest(providers.pipai, req));
}
