import { consoleRoute } from "@/lib/http/route";
import { whoAmI } from "@/lib/server/users/me";

export const dynamic = "force-dynamic";

export const GET = consoleRoute("read", (ctx) => whoAmI(ctx));
