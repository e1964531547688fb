import Link from "next/link";
import type { ReactNode } from "react";
import { ConsoleNav } from "@/components/console-nav";
import { LiveProvider, LiveToggle } from "@/components/live";
import { MeProvider } from "@/components/me-context";
import { UserMenu } from "@/components/user-menu";
import { requirePageSession } from "@/lib/auth/page-session";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const me = await requirePageSession();
  return (
    <MeProvider me={me}>
      <LiveProvider>
      <div className="flex min-h-screen flex-col">
        <header className="sticky top-0 z-20 bg-slate-900 shadow">
          <div className="mx-auto flex h-14 max-w-screen-2xl items-center gap-6 px-4 sm:px-6">
            <Link href="/operations" className="flex shrink-0 items-center gap-2 text-white" data-testid="brand">
              <span aria-hidden className="grid size-7 place-items-center rounded-md bg-indigo-500 text-sm font-bold">
                H
              </span>
              <span className="text-base font-semibold tracking-tight">Hookscope</span>
            </Link>
            <ConsoleNav />
            <LiveToggle />
            <UserMenu />
          </div>
        </header>
        <main className="mx-auto w-full max-w-screen-2xl flex-1 px-4 py-6 sm:px-6">{children}</main>
      </div>
      </LiveProvider>
    </MeProvider>
  );
}
