import { consoleRoute, jsonObjectBody } from "@/lib/http/route";
import { updateUser } from "@/lib/server/users/update";

export const dynamic = "force-dynamic";

export const PATCH = consoleRoute<{ id: string }>("admin", async (ctx, req, p) => ({ user: await updateUser(ctx, p.id, await jsonObjectBody(req)) }));
