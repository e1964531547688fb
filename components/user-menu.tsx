"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useRef, useState } from "react";
import { useDisclosure } from "@/components/use-disclosure";
import { useCan, useMe } from "@/components/me-context";

/** Set-up and admin pages: kept out of the main nav (so it fits at 1440 px) in the user's menu. */
const ADMIN_LINKS = [
  { href: "/settings", label: "Settings" },
  { href: "/api-docs", label: "API" },
  { href: "/users", label: "Users", admin: true },
  { href: "/audit", label: "Audit log", admin: true },
] as const;

export function UserMenu() {
  const me = useMe();
  const isAdmin = useCan("admin");
  const pathname = usePathname();
  const [busy, setBusy] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const { open, setOpen, panelId } = useDisclosure({ within: root, button });

  const signOut = async () => {
    setBusy(true);
    await fetch("/api/auth/sign-out", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }).catch(() => null);
    window.location.assign("/login");
  };
  const links = ADMIN_LINKS.filter((l) => !("admin" in l) || isAdmin);
  return (
    <div ref={root} className="relative ml-auto shrink-0 text-sm">
      <button
        ref={button}
        type="button"
        data-testid="user-menu-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        className="flex items-center gap-1.5 rounded-md px-2 py-1.5 text-slate-300 hover:bg-white/10 hover:text-white"
      >
        <span aria-hidden className="grid size-6 place-items-center rounded-full bg-indigo-500 text-xs font-semibold uppercase text-white">
          {me.label.slice(0, 1)}
        </span>
        {/* the full name only where the header has room; the menu always shows it */}
        <span className="sr-only 2xl:not-sr-only" data-testid="signed-in-as">
          {me.label}
        </span>
        <span className="hidden rounded bg-white/10 px-1.5 py-0.5 text-xs text-slate-200 2xl:inline">{me.role}</span>
        <span className="sr-only">: account, settings and administration</span>
        <svg aria-hidden viewBox="0 0 20 20" className="size-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
          <path d="M5 8l5 5 5-5" />
        </svg>
      </button>
      {open ? (
        <div id={panelId} data-testid="user-menu" className="absolute right-0 top-10 z-30 w-64 rounded-md bg-white py-1 shadow-lg ring-1 ring-slate-900/10">
          <p className="border-b border-slate-100 px-3 py-2 text-xs text-slate-500">
            Signed in as <span className="font-medium text-slate-800 [overflow-wrap:anywhere]">{me.label}</span> ({me.role})
          </p>
          <nav aria-label="Settings and administration" className="py-1">
            {links.map((l) => {
              const active = pathname === l.href || pathname.startsWith(`${l.href}/`);
              return (
                <Link
                  key={l.href}
                  href={l.href}
                  data-testid={`nav-${l.href.slice(1)}`}
                  aria-current={active ? "page" : undefined}
                  className={`block px-3 py-2 text-slate-700 hover:bg-slate-100 ${active ? "font-semibold" : ""}`}
                >
                  {l.label}
                </Link>
              );
            })}
          </nav>
          <button
            type="button"
            onClick={() => void signOut()}
            disabled={busy}
            className="block w-full border-t border-slate-100 px-3 py-2 text-left font-medium text-slate-700 hover:bg-slate-100 disabled:opacity-50"
          >
            Sign out
          </button>
        </div>
      ) : null}
    </div>
  );
}
