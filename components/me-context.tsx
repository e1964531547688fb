"use client";

import { createContext, useContext, type ReactNode } from "react";
import { can, type Permission } from "@/lib/auth/roles";
import type { Me } from "@/lib/schemas/access";

const MeContext = createContext<Me | null>(null);

export function MeProvider({ me, children }: { me: Me; children: ReactNode }) {
  return <MeContext.Provider value={me}>{children}</MeContext.Provider>;
}

export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error("useMe outside the console layout");
  return me;
}

/** Whether the signed-in role holds `permission`: the UI hides or disables what it cannot do. */
export function useCan(permission: Permission): boolean {
  return can(useMe().role, permission);
}

/** The note shown in place of an action the role cannot take. */
export function roleNote(permission: Permission): string {
  return permission === "admin" ? "Needs the admin role" : "Needs the operator role";
}
