"use client";

import { useState } from "react";
import { useMe } from "@/components/me-context";

export function UserMenu() {
  const me = useMe();
  const [busy, setBusy] = useState(false);
  const signOut = async () => {
    setBusy(true);
    await fetch("/api/auth/sign-out", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }).catch(() => null);
    window.location.assign("/login");
  };
  return (
    <div className="ml-auto flex shrink-0 items-center gap-3 text-sm">
      <span className="hidden text-slate-300 md:inline" data-testid="signed-in-as">
        {me.label} <span className="rounded bg-white/10 px-1.5 py-0.5 text-xs text-slate-200">{me.role}</span>
      </span>
      <button
        type="button"
        onClick={() => void signOut()}
        disabled={busy}
        className="rounded-md px-2.5 py-1.5 font-medium text-slate-300 hover:bg-white/10 hover:text-white disabled:opacity-50"
      >
        Sign out
      </button>
    </div>
  );
}
