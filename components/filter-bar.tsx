"use client";

import type { ReactNode } from "react";
import { DebouncedTextInput } from "@/components/debounced-text-input";
import { FieldLabel, inputClass } from "@/components/ui";
import { isoToLocalInput, localInputToIso } from "@/lib/query/search-params";

/** The search form above a list: a bordered bar; `className` sets its layout (grid columns, flex). */
export function FilterBar({ label, testId, className, children }: {
  label: string;
  testId?: string;
  className: string;
  children: ReactNode;
}) {
  return (
    <form
      role="search"
      aria-label={label}
      data-testid={testId}
      onSubmit={(e) => e.preventDefault()}
      className={`mb-4 gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm ${className}`}
    >
      {children}
    </form>
  );
}

export type SelectOption = string | { value: string; label: string };

/** A labelled <select> whose first option ("" = no filter) is `anyLabel`. */
export function SelectField({ id, label, testId, value, anyLabel, options, onChange, className }: {
  id: string;
  label: string;
  testId: string;
  value: string | null | undefined;
  anyLabel: string;
  options: readonly SelectOption[];
  onChange: (value: string) => void;
  className?: string;
}) {
  return (
    <div className={className}>
      <FieldLabel htmlFor={id}>{label}</FieldLabel>
      <select id={id} data-testid={testId} value={value ?? ""} onChange={(e) => onChange(e.target.value)} className={inputClass}>
        <option value="">{anyLabel}</option>
        {options.map((o) => {
          const { value: v, label: l } = typeof o === "string" ? { value: o, label: o } : o;
          return (
            <option key={v} value={v}>
              {l}
            </option>
          );
        })}
      </select>
    </div>
  );
}

/** A labelled debounced text filter (committed to the URL as the user types). */
export function TextField({ id, label, testId, value, placeholder, onChange, className, suggestions }: {
  id: string;
  label: string;
  testId: string;
  value: string | null;
  placeholder: string;
  onChange: (value: string) => void;
  className?: string;
  suggestions?: readonly string[];
}) {
  return (
    <div className={className}>
      <FieldLabel htmlFor={id}>{label}</FieldLabel>
      <DebouncedTextInput id={id} testId={testId} value={value ?? ""} placeholder={placeholder} onCommit={onChange} suggestions={suggestions} />
    </div>
  );
}

/** "<what> from/to (UTC)" datetime-local inputs bound to the `from`/`to` filters. */
export function TimeRangeFields({ what, from, to, onChange }: {
  what: string;
  from: Date | undefined;
  to: Date | undefined;
  onChange: (patch: Record<string, string | null>) => void;
}) {
  return (
    <>
      {([["from", from], ["to", to]] as const).map(([bound, value]) => (
        <div key={bound}>
          <FieldLabel htmlFor={`f-${bound}`}>
            {what} {bound} (UTC)
          </FieldLabel>
          <input
            id={`f-${bound}`}
            type="datetime-local"
            data-testid={`filter-${bound}`}
            value={isoToLocalInput(value)}
            onChange={(e) => onChange({ [bound]: localInputToIso(e.target.value) })}
            className={inputClass}
          />
        </div>
      ))}
    </>
  );
}

/**
 * Clears every filter (in its own bottom-aligned cell of the bar). `hideWhenInactive`: the button
 * shows only while a filter is set; otherwise it stays in place, disabled.
 */
export function ClearFiltersButton({ active, onClear, label = "Clear filters", hideWhenInactive = false }: {
  active: boolean;
  onClear: () => void;
  label?: string;
  hideWhenInactive?: boolean;
}) {
  return (
    <div className="flex items-end">
      {hideWhenInactive && !active ? null : (
        <button
          type="button"
          disabled={!active}
          onClick={onClear}
          className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100 disabled:opacity-40"
        >
          {label}
        </button>
      )}
    </div>
  );
}

/** The URL filters that were left out, and why (an id too short to be a prefix, an unknown value). */
export function IgnoredFilters({ invalid }: { invalid: Partial<Record<string, string>> }) {
  const entries = Object.entries(invalid).filter((e): e is [string, string] => e[1] !== undefined);
  if (entries.length === 0) return null;
  return (
    <div role="status" data-testid="ignored-filters" className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800">
      Not applied: {entries.map(([, message]) => message).join("; ")}.
    </div>
  );
}
