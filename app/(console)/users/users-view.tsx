"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { formatDateTime } from "@/components/format";
import { useMe } from "@/components/me-context";
import { Badge } from "@/components/status-badge";
import { ErrorState, FieldLabel, PageHeader, Panel, TableSkeleton, TableWrap, inputClass, td, th } from "@/components/ui";
import { ROLES, type Role } from "@/lib/auth/roles";
import { sendJson } from "@/lib/query/fetch";
import { usersOptions } from "@/lib/query/options";
import type { z } from "zod";
import type { userAnswerSchema, UserView } from "@/lib/schemas/access";

const primary = "rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-indigo-500 disabled:opacity-50";
const link = "text-sm font-medium text-indigo-700 hover:underline disabled:opacity-50";

const ROLE_HELP: Record<Role, string> = {
  viewer: "reads everything except secrets",
  operator: "also retries deliveries, sends test webhooks, pauses and resumes",
  admin: "also changes settings, secrets, API keys and users, and reads the audit log",
};

export function UsersView() {
  const users = useQuery(usersOptions());
  return (
    <div className="space-y-6">
      <PageHeader title="Users" description="Who can sign in to the console, and with which role. Every change is recorded in the audit log." />
      <CreateUserPanel />
      <Panel title="All users" testId="users">
        {users.isPending ? (
          <TableSkeleton rows={3} columns={5} />
        ) : users.isError ? (
          <ErrorState title="Could not load users" error={users.error} onRetry={() => void users.refetch()} />
        ) : (
          <UsersTable users={users.data.users} />
        )}
      </Panel>
      <dl className="grid gap-2 text-sm text-slate-600 sm:grid-cols-3">
        {ROLES.map((r) => (
          <div key={r}>
            <dt className="font-medium text-slate-800">{r}</dt>
            <dd>{ROLE_HELP[r]}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function CreateUserPanel() {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [password, setPassword] = useState("");
  const create = useMutation({
    mutationFn: () => sendJson<z.infer<typeof userAnswerSchema>>("/api/console/users", "POST", { email, role, password }),
    onSuccess: () => {
      setEmail("");
      setPassword("");
      void queryClient.invalidateQueries({ queryKey: usersOptions().queryKey });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Panel title="Add a user" testId="create-user">
      <form onSubmit={submit} noValidate className="flex flex-wrap items-end gap-3 p-4">
        <div className="w-72">
          <FieldLabel htmlFor="new-email">Email</FieldLabel>
          <input id="new-email" data-testid="new-user-email" type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} className={inputClass} />
        </div>
        <div>
          <FieldLabel htmlFor="new-role">Role</FieldLabel>
          <select id="new-role" data-testid="new-user-role" value={role} onChange={(e) => setRole(e.target.value as Role)} className={inputClass}>
            {ROLES.map((r) => (
              <option key={r} value={r}>{r}</option>
            ))}
          </select>
        </div>
        <div className="w-64">
          <FieldLabel htmlFor="new-password">Initial password</FieldLabel>
          <input id="new-password" data-testid="new-user-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} className={inputClass} />
        </div>
        <button type="submit" data-testid="create-user-submit" className={primary} disabled={create.isPending || email.trim() === "" || password === ""}>
          {create.isPending ? "Adding…" : "Add user"}
        </button>
        {create.isError ? <p role="alert" className="w-full text-sm text-rose-700">{create.error.message}</p> : null}
        {create.isSuccess ? <p data-testid="user-created" className="w-full text-sm text-emerald-700">Added {create.data.user.email}. Give them the initial password over a separate channel.</p> : null}
        <p className="w-full text-xs text-slate-500">At least 12 characters. The password is stored as a scrypt hash; nobody can read it back.</p>
      </form>
    </Panel>
  );
}

function UsersTable({ users }: { users: UserView[] }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const update = useMutation({
    mutationFn: (v: { id: string; body: { role?: Role; disabled?: boolean } }) => sendJson<z.infer<typeof userAnswerSchema>>(`/api/console/users/${encodeURIComponent(v.id)}`, "PATCH", v.body),
    onSettled: () => queryClient.invalidateQueries({ queryKey: usersOptions().queryKey }),
  });
  return (
    <div>
      {update.isError ? <p role="alert" className="px-4 pt-3 text-sm text-rose-700">{update.error.message}</p> : null}
      <TableWrap>
        <table className="min-w-full divide-y divide-slate-200">
          <thead className="bg-slate-50">
            <tr>
              <th className={th}>Email</th>
              <th className={th}>Role</th>
              <th className={th}>State</th>
              <th className={th}>Last sign-in</th>
              <th className={th}>Created</th>
              <th className={th}><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {users.map((u) => (
              <tr key={u.id} data-testid="user-row" data-email={u.email}>
                <td className={td}>
                  {u.email}
                  {u.email === me.label ? <span className="ml-2 text-xs text-slate-500">(you)</span> : null}
                </td>
                <td className={td}>
                  <label className="sr-only" htmlFor={`role-${u.id}`}>Role of {u.email}</label>
                  <select id={`role-${u.id}`} data-testid="user-role" value={u.role} disabled={update.isPending} onChange={(e) => update.mutate({ id: u.id, body: { role: e.target.value as Role } })} className="rounded-md border border-slate-300 px-2 py-1 text-sm">
                    {ROLES.map((r) => (
                      <option key={r} value={r}>{r}</option>
                    ))}
                  </select>
                </td>
                <td className={td}>{u.disabled ? <Badge tone="muted">disabled</Badge> : <Badge tone="success">enabled</Badge>}</td>
                <td className={`${td} tabular-nums`}>{u.last_sign_in_at ? formatDateTime(u.last_sign_in_at) : "never"}</td>
                <td className={`${td} tabular-nums`}>{formatDateTime(u.created_at)}</td>
                <td className={td}>
                  <button
                    type="button"
                    data-testid="toggle-user"
                    className={link}
                    disabled={update.isPending}
                    onClick={() => {
                      if (u.disabled || window.confirm(`Disable ${u.email}? They are signed out at once.`)) update.mutate({ id: u.id, body: { disabled: !u.disabled } });
                    }}
                  >
                    {u.disabled ? "Enable" : "Disable"}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </div>
  );
}
