import type { Ctx } from "@/lib/auth/actor";
import type { UserView } from "@/lib/schemas/access";
import { userView, withLastSignIn } from "./view";

export async function listUsers(ctx: Pick<Ctx, "db">): Promise<UserView[]> {
  const rows = await ctx.db.user.findMany({ orderBy: [{ email: "asc" }], include: withLastSignIn });
  return rows.map(userView);
}
