import { checkHealth } from "@/lib/server/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const h = await checkHealth();
  return Response.json(h, { status: h.status === "ok" ? 200 : 503 });
}
