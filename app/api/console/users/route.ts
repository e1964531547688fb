import { consoleRoute, jsonObjectBody } from "@/lib/http/route";
import { createUser } from "@/lib/server/users/create";
import { listUsers } from "@/lib/server/users/list";

export const dynamic = "force-dynamic";

export const GET = consoleRoute("admin", async (ctx) => ({ users: await listUsers(ctx) }));
export const POST = consoleRoute("admin", async (ctx, req) => ({ user: await createUser(ctx, await jsonObjectBody(req)) }));
