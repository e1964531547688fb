import type { Actor, Ctx } from "@/lib/auth/actor";
import { FRESH_SIGN_IN_MS } from "@/lib/auth/roles";
import type { Me } from "@/lib/schemas/access";

/** The signed-in user (or key) as the console shows it; the UI hides what the role cannot do. */
export async function whoAmI(ctx: Ctx): Promise<Me> {
  return meOf(ctx.actor);
}

export function meOf(a: Actor): Me {
  return {
    kind: a.kind,
    label: a.label,
    role: a.role,
    fresh_until: a.signedInAt ? new Date(a.signedInAt.getTime() + FRESH_SIGN_IN_MS).toISOString() : null,
  };
}
