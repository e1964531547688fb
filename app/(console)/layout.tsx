import Link from "next/link";
import type { ReactNode } from "react";
import { ConsoleNav } from "@/components/console-nav";
import { GlobalSearch } from "@/components/global-search";
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
        <a
          href="#main"
          data-testid="skip-link"
          className="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium text-indigo-700 shadow focus:not-sr-only focus:fixed focus:left-4 focus:top-2 focus:z-50"
        >
          Skip to main content
        </a>
        <header className="sticky top-0 z-20 bg-slate-900 shadow">
          <div className="mx-auto flex h-14 max-w-screen-2xl items-center gap-3 px-4 sm:px-6 md:gap-4">
            <Link href="/" className="flex shrink-0 items-center gap-2 text-white" data-testid="brand">
              <span aria-hidden className="grid size-7 place-items-center rounded-md bg-indigo-500 text-sm font-bold">
                H
              </span>
              {/* the wordmark gives way to the Menu, Live and Sign out buttons on a phone; the link keeps its name */}
              <span className="sr-only text-base font-semibold tracking-tight sm:not-sr-only">Hookscope</span>
            </Link>
            <ConsoleNav />
            <GlobalSearch />
            <LiveToggle />
            <UserMenu />
          </div>
        </header>
        <main id="main" tabIndex={-1} className="mx-auto w-full max-w-screen-2xl flex-1 px-4 py-6 outline-none sm:px-6">{children}</main>
      </div>
      </LiveProvider>
    </MeProvider>
  );
}
