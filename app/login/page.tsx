import { adminExists, safeNext } from "@/lib/auth/login-page";
import { LoginForm } from "./login-form";

export const metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = safeNext((await searchParams).next);
  const ready = await adminExists();
  return (
    <main className="grid min-h-screen place-items-center bg-slate-100 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2">
          <span aria-hidden className="grid size-8 place-items-center rounded-md bg-indigo-500 text-sm font-bold text-white">
            H
          </span>
          <span className="text-lg font-semibold tracking-tight text-slate-900">Hookscope</span>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="mb-4 text-base font-semibold text-slate-900">Sign in to the console</h1>
          <LoginForm next={next} />
        </div>
        {!ready && (
          <div className="mt-4 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" data-testid="no-admin">
            <p className="font-medium">No admin account exists yet.</p>
            <p className="mt-1">
              Set <code>HOOKSCOPE_ADMIN_EMAIL</code> and <code>HOOKSCOPE_ADMIN_PASSWORD</code> and restart, or run{" "}
              <code className="break-all">npm run hookscope -- users create --email you@example.com --role admin</code> on the server.
            </p>
          </div>
        )}
      </div>
    </main>
  );
}
