import Link from "next/link";

export const metadata = { title: "Not found" };

/** Unknown console URLs (the catch-all page calls notFound()) and ids a page cannot find. */
export default function ConsoleNotFound() {
  return (
    <div data-testid="not-found" className="mx-auto max-w-xl py-16 text-center">
      <p className="text-sm font-semibold text-indigo-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">Page not found</h1>
      <p className="mt-2 text-sm text-slate-600">There is no console page at this address. The menu above leads to every list.</p>
      <div className="mt-6 flex justify-center gap-3">
        <Link href="/operations" className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500">
          Operations
        </Link>
        <Link href="/events" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50">
          Find an event by id
        </Link>
      </div>
    </div>
  );
}
