"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { ErrorState } from "@/components/ui";
import { isNotFound } from "@/lib/query/fetch";

/** "← Operations" above a detail page. */
export function BackLink({ href, label }: { href: string; label: string }) {
  return (
    <Link href={href} className="mb-2 inline-block text-sm text-indigo-700 hover:underline">
      ← {label}
    </Link>
  );
}

/**
 * A detail query that failed: a full-page "not found" for a 404 (with a way back to the list),
 * else the error with a retry under the back link.
 */
export function DetailLoadError({ query: { error, refetch }, list, notFound, errorTitle, heading }: {
  /** The failed query (its error, and refetch for "Retry"). */
  query: { error: unknown; refetch: () => unknown };
  /** The list page: href and its plural name ("Operations"). */
  list: { href: string; label: string };
  notFound: { testId: string; title: string; message: ReactNode };
  errorTitle: string;
  /** Page heading shown above the error. */
  heading?: string;
}) {
  if (isNotFound(error)) {
    return (
      <div data-testid={notFound.testId} className="mx-auto max-w-xl py-16 text-center">
        <h1 className="text-2xl font-semibold text-slate-900">{notFound.title}</h1>
        <p className="mt-2 text-sm text-slate-600">{notFound.message}</p>
        <Link href={list.href} className="mt-6 inline-block text-sm font-medium text-indigo-700 hover:underline">
          ← Back to {list.label.toLowerCase()}
        </Link>
      </div>
    );
  }
  return (
    <div>
      <BackLink href={list.href} label={list.label} />
      {heading ? <h1 className="mb-4 text-2xl font-semibold text-slate-900">{heading}</h1> : null}
      <ErrorState title={errorTitle} error={error} onRetry={() => void refetch()} />
    </div>
  );
}
