"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { fetchJson, withQuery } from "@/lib/query/fetch";
import { KIND_LABEL, type SearchResult } from "@/lib/schemas/search";

/** The header's search box: Ctrl/Cmd-K focuses it; Enter on an exact id jumps to its page. */
export function GlobalSearch() {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState("");
  const [q, setQ] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k") {
        e.preventDefault();
        input.current?.focus();
        input.current?.select();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  useEffect(() => {
    const t = window.setTimeout(() => setQ(text.trim()), 250);
    return () => window.clearTimeout(t);
  }, [text]);

  const result = useQuery({
    queryKey: ["console", "search", q],
    queryFn: ({ signal }) => fetchJson<SearchResult>(withQuery("/api/console/search", { q }), { signal }),
    enabled: q.length >= 3,
    staleTime: 10_000,
  });
  const hits = q.length >= 3 ? (result.data?.hits ?? []) : [];

  const go = (href: string) => {
    setOpen(false);
    setText("");
    router.push(href);
  };

  const onKeyDown = async (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Escape") {
      setOpen(false);
      input.current?.blur();
    } else if (e.key === "ArrowDown") {
      e.preventDefault();
      setActive((a) => Math.min(a + 1, Math.max(hits.length - 1, 0)));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === "Enter") {
      e.preventDefault();
      const typed = text.trim();
      if (typed.length < 3) return;
      // Enter must not wait for the debounce: ask now for exactly what was typed
      const r = typed === q && result.data ? result.data : await fetchJson<SearchResult>(withQuery("/api/console/search", { q: typed })).catch(() => null);
      const target = r?.exact ?? r?.hits[active] ?? (r?.hits.length === 1 ? r.hits[0] : undefined);
      if (target) go(target.href);
      else setOpen(true);
    }
  };

  return (
    <div className="relative hidden w-64 shrink-0 lg:block" role="search">
      <label htmlFor="global-search" className="sr-only">
        Search any id
      </label>
      <input
        ref={input}
        id="global-search"
        data-testid="global-search"
        type="search"
        autoComplete="off"
        spellCheck={false}
        value={text}
        placeholder="Search any id…  Ctrl K"
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => window.setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => void onKeyDown(e)}
        aria-controls="global-search-results"
        aria-expanded={open && q.length >= 3}
        className="w-full rounded-md border border-white/10 bg-white/10 px-3 py-1.5 font-mono text-sm text-white placeholder:font-sans placeholder:text-slate-400 focus:bg-white focus:text-slate-900 focus:outline-none"
      />
      {open && q.length >= 3 ? (
        <ul id="global-search-results" data-testid="global-search-results" role="listbox" className="absolute right-0 z-30 mt-1 max-h-96 w-96 overflow-y-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg">
          {result.isPending ? (
            <li className="px-3 py-2 text-slate-500">Searching…</li>
          ) : result.isError ? (
            <li className="px-3 py-2 text-rose-700">{result.error.message}</li>
          ) : hits.length === 0 ? (
            <li className="px-3 py-2 text-slate-500">No id starts with “{q}”.</li>
          ) : (
            hits.map((h, i) => (
              <li key={`${h.kind}:${h.id}`} role="option" aria-selected={i === active}>
                <button
                  type="button"
                  data-testid="search-hit"
                  data-kind={h.kind}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => go(h.href)}
                  className={`flex w-full flex-col items-start px-3 py-1.5 text-left ${i === active ? "bg-indigo-50" : "hover:bg-slate-50"}`}
                >
                  <span className="flex w-full items-baseline gap-2">
                    <span className="shrink-0 text-xs font-medium uppercase tracking-wide text-slate-500">{KIND_LABEL[h.kind]}</span>
                    <span className="truncate font-mono text-slate-900">{h.id}</span>
                  </span>
                  {h.detail ? <span className="truncate text-xs text-slate-500">{h.detail}</span> : null}
                </button>
              </li>
            ))
          )}
        </ul>
      ) : null}
    </div>
  );
}
