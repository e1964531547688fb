"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useCan } from "@/components/me-context";

const NAV = [
  { href: "/", label: "Overview" },
  { href: "/strategies", label: "Strategies" },
  { href: "/operations", label: "Operations" },
  { href: "/traders", label: "Traders" },
  { href: "/backtests", label: "Backtests" },
  { href: "/alerts", label: "Alerts" },
  { href: "/events", label: "Events" },
  { href: "/inbound", label: "Inbound log" },
  { href: "/deliveries", label: "Deliveries" },
  { href: "/settings", label: "Settings" },
  { href: "/api-docs", label: "API" },
  { href: "/users", label: "Users", admin: true },
  { href: "/audit", label: "Audit log", admin: true },
] as const;

export function ConsoleNav() {
  const pathname = usePathname();
  const isAdmin = useCan("admin");
  return (
    <nav aria-label="Main" className="flex gap-1 overflow-x-auto">
      {NAV.filter((item) => !("admin" in item) || isAdmin).map((item) => {
        const active = item.href === "/" ? pathname === "/" : pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <Link
            key={item.href}
            href={item.href}
            data-testid={`nav-${item.href.slice(1) || "overview"}`}
            aria-current={active ? "page" : undefined}
            className={`shrink-0 whitespace-nowrap rounded-md px-3 py-1.5 text-sm font-medium transition-colors ${
              active ? "bg-white/15 text-white" : "text-slate-300 hover:bg-white/10 hover:text-white"
            }`}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
