"use client";

import { useRef, type KeyboardEvent, type ReactNode } from "react";
import { rovingTarget } from "./roving";

export type Tab<V extends string> = {
  value: V;
  label: string;
  testId?: string;
  /** a tooltip saying what the tab holds */
  title?: string;
  /** the selected tab's colours, when not the default dark */
  activeClassName?: string;
  /** shown after the label (a count, say) */
  extra?: (active: boolean) => ReactNode;
};

/**
 * A row of tabs that set a filter: one Tab stop (roving tabindex), arrow keys and Home/End move
 * between tabs and select them, as the WAI-ARIA tabs pattern describes. With no tab selected
 * (a filter set from the URL that no tab stands for) the first tab takes the Tab stop.
 */
export function FilterTabs<V extends string>({ label, tabs, selected, onSelect, testId }: {
  label: string;
  tabs: readonly Tab<V>[];
  selected: V | null;
  onSelect: (value: V) => void;
  testId?: string;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const current = tabs.findIndex((t) => t.value === selected);
  const stop = current === -1 ? 0 : current;
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    const next = rovingTarget(e.key, i, tabs.length);
    if (next === null) return;
    e.preventDefault();
    refs.current[next]?.focus();
    onSelect(tabs[next]!.value);
  };
  return (
    <div role="tablist" aria-label={label} data-testid={testId} className="mb-3 inline-flex max-w-full flex-wrap rounded-lg border border-slate-200 bg-white p-1 shadow-sm">
      {tabs.map((t, i) => {
        const active = i === current;
        return (
          <button
            key={t.value}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            aria-selected={active}
            tabIndex={i === stop ? 0 : -1}
            data-testid={t.testId}
            title={t.title}
            onClick={() => onSelect(t.value)}
            onKeyDown={(e) => onKeyDown(e, i)}
            className={`inline-flex items-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-600 ${
              active ? (t.activeClassName ?? "bg-slate-900 text-white") : "text-slate-600 hover:bg-slate-100"
            }`}
          >
            {t.label}
            {t.extra?.(active)}
          </button>
        );
      })}
    </div>
  );
}
