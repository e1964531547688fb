"use client";
// A panel opened by a button (the mobile nav, the user menu): closed again by following a link and
// by Escape. `within`, when given, is the element holding the button and the panel: a click outside
// it closes the panel, and Escape pressed inside it gives focus back to `button`, since focus on a
// link of the panel would be lost with the panel.
import { usePathname } from "next/navigation";
import { useEffect, useId, useState, type RefObject } from "react";

export function useDisclosure(opts: { within?: RefObject<HTMLElement | null>; button?: RefObject<HTMLElement | null> } = {}) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const [openedAt, setOpenedAt] = useState(pathname);
  const panelId = useId();
  // following a link closes the panel (adjusting state during render, not in an effect)
  if (openedAt !== pathname) {
    setOpenedAt(pathname);
    setOpen(false);
  }
  const { within, button } = opts;
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      if (within?.current?.contains(document.activeElement)) button?.current?.focus();
      setOpen(false);
    };
    const onClick = (e: MouseEvent) => {
      if (within?.current && !within.current.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener("keydown", onKey);
    if (within) window.addEventListener("mousedown", onClick);
    return () => {
      window.removeEventListener("keydown", onKey);
      if (within) window.removeEventListener("mousedown", onClick);
    };
  }, [open, within, button]);
  return { open, setOpen, panelId };
}
