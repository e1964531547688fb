"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { startTransition, useEffect } from "react";

/**
 * A rendering error in any console page: a message and a retry inside the console layout (the nav
 * stays usable), instead of a blank page.
 */
export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  useEffect(() => {
    console.error(error);
  }, [error]);
  const retry = () =>
    startTransition(() => {
      // a server component may have failed too: fetch it again, then re-render the segment
      router.refresh();
      reset();
    });
  return (
    <div role="alert" data-testid="page-error" className="mx-auto max-w-xl py-16 text-center">
      <h1 className="text-2xl font-semibold text-slate-900">This page could not be shown</h1>
      <p className="mt-2 text-sm text-slate-600">
        Something went wrong while rendering it. Retrying often helps; if it does not, the error below tells the team where to look.
      </p>
      <p className="mt-4 break-words rounded-md border border-rose-200 bg-rose-50 px-3 py-2 font-mono text-xs text-rose-800">
        {error.message || "Unknown error"}
        {error.digest ? ` (digest ${error.digest})` : ""}
      </p>
      <div className="mt-6 flex justify-center gap-3">
        <button
          type="button"
          onClick={retry}
          className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          Retry
        </button>
        <Link href="/operations" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50">
          Go to operations
        </Link>
      </div>
    </div>
  );
}
