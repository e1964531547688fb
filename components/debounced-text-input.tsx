"use client";

import { useEffect, useState } from "react";
import { inputClass } from "./ui";

/**
 * Text input whose committed value lives elsewhere (the URL). Typing commits after a short
 * debounce, Enter commits immediately; external changes to `value` reset the draft.
 */
export function DebouncedTextInput({ id, value, onCommit, placeholder, delay = 400, testId, suggestions }: {
  id: string;
  value: string;
  onCommit: (value: string) => void;
  placeholder?: string;
  delay?: number;
  testId?: string;
  /** values offered in a drop-down (a <datalist>); any other text is still accepted */
  suggestions?: readonly string[];
}) {
  const [draft, setDraft] = useState(value);
  const [committed, setCommitted] = useState(value);
  if (committed !== value) {
    setCommitted(value);
    setDraft(value);
  }

  useEffect(() => {
    if (draft.trim() === value) return;
    const t = window.setTimeout(() => onCommit(draft.trim()), delay);
    return () => window.clearTimeout(t);
  }, [draft, value, delay, onCommit]);

  return (
    <>
    <input
      id={id}
      list={suggestions ? `${id}-suggestions` : undefined}
      type="search"
      data-testid={testId}
      value={draft}
      placeholder={placeholder}
      autoComplete="off"
      spellCheck={false}
      onChange={(e) => setDraft(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === "Enter" && draft.trim() !== value) onCommit(draft.trim());
      }}
      className={`${inputClass} font-mono`}
    />
    {suggestions ? (
      <datalist id={`${id}-suggestions`}>
        {suggestions.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
    ) : null}
    </>
  );
}
