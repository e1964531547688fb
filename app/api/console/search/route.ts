import { consoleRoute, searchParams } from "@/lib/http/route";
import { searchQuery } from "@/lib/schemas/search";
import { search } from "@/lib/server/search/search";

export const dynamic = "force-dynamic";

export const GET = consoleRoute("read", (ctx, req) => search(ctx, searchQuery.parse(searchParams(req)).q));
