"use client";
// Checkbox selection of list rows for a bulk action (retry deliveries, acknowledge anomalies). The
// selection belongs to one filter: a new filter starts an empty one.
import { useState } from "react";

const EMPTY: ReadonlySet<string> = new Set();

/** The row and select-all checkboxes. */
export const checkboxClass = "h-4 w-4 rounded border-slate-300 text-indigo-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";

export type Selection = {
  selected: ReadonlySet<string>;
  toggle: (id: string) => void;
  /** select (or clear, when all are selected) every given row, at most `max` in all */
  toggleAll: (ids: string[]) => void;
  clear: () => void;
};

export function useRowSelection(filterKey: string, max: number): Selection {
  const [selection, setSelection] = useState<{ key: string; ids: ReadonlySet<string> }>({ key: filterKey, ids: new Set() });
  const selected = selection.key === filterKey ? selection.ids : EMPTY;
  const set = (f: (prev: ReadonlySet<string>) => Set<string>) => setSelection({ key: filterKey, ids: f(selected) });
  return {
    selected,
    toggle: (id) =>
      set((prev) => {
        const next = new Set(prev);
        if (next.has(id)) next.delete(id);
        else if (next.size < max) next.add(id);
        return next;
      }),
    toggleAll: (ids) =>
      set((prev) => {
        const all = ids.every((id) => prev.has(id));
        const next = new Set(prev);
        for (const id of ids) {
          if (all) next.delete(id);
          else if (next.size < max) next.add(id);
        }
        return next;
      }),
    clear: () => set(() => new Set()),
  };
}
