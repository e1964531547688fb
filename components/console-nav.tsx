"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useDisclosure } from "@/components/use-disclosure";

const NAV = [
  { href: "/", label: "Overview" },
  { href: "/strategies", label: "Strategies" },
  { href: "/operations", label: "Operations" },
  { href: "/traders", label: "Traders" },
  { href: "/backtests", label: "Backtests" },
  { href: "/alerts", label: "Alerts" },
  { href: "/events", label: "Events" },
  { href: "/inbound", label: "Inbound" },
  { href: "/deliveries", label: "Deliveries" },
  { href: "/anomalies", label: "Anomalies" },
] as const;
// Settings, API, Users and the audit log are in the user menu (components/user-menu.tsx).

/**
 * The main navigation: inline from 768 px (md), scrolling sideways when the links do not fit;
 * below that a Menu button opens it as a panel under the header, so the page keeps its width.
 */
export function ConsoleNav() {
  const pathname = usePathname();
  const { open, setOpen, panelId } = useDisclosure();

  const items = NAV;
  const link = (item: (typeof NAV)[number], mobile: boolean) => {
    const active = item.href === "/" ? pathname === "/" : pathname === item.href || pathname.startsWith(`${item.href}/`);
    const name = item.href.slice(1) || "overview";
    return (
      <Link
        key={item.href}
        href={item.href}
        data-testid={mobile ? `mobile-nav-${name}` : `nav-${name}`}
        aria-current={active ? "page" : undefined}
        className={`shrink-0 whitespace-nowrap rounded-md px-2.5 text-sm font-medium transition-colors ${mobile ? "block py-2.5" : "py-1.5"} ${
          active ? "bg-white/15 text-white" : "text-slate-300 hover:bg-white/10 hover:text-white"
        }`}
      >
        {item.label}
      </Link>
    );
  };

  return (
    <>
      <nav aria-label="Main" className="hidden min-w-0 flex-1 gap-0.5 overflow-x-auto md:flex">
        {items.map((item) => link(item, false))}
      </nav>
      <button
        type="button"
        data-testid="nav-menu-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        className="flex items-center gap-2 rounded-md px-2.5 py-1.5 text-sm font-medium text-slate-200 hover:bg-white/10 hover:text-white md:hidden"
      >
        <svg aria-hidden viewBox="0 0 20 20" className="size-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
          {open ? <path d="M5 5l10 10M15 5L5 15" /> : <path d="M3 6h14M3 10h14M3 14h14" />}
        </svg>
        Menu
      </button>
      {open ? (
        <nav id={panelId} aria-label="Main" data-testid="mobile-nav" className="absolute inset-x-0 top-14 z-30 border-t border-white/10 bg-slate-900 px-4 pb-4 pt-2 shadow-lg md:hidden">
          <div className="grid grid-cols-2 gap-1">{items.map((item) => link(item, true))}</div>
        </nav>
      ) : null}
    </>
  );
}
