"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { formatDateTime } from "@/components/format";
import { roleNote, useCan } from "@/components/me-context";
import { Badge } from "@/components/status-badge";
import { CopyableText, ErrorState, FieldLabel, PageHeader, Panel, TableSkeleton, TableWrap, inputClass, td, th } from "@/components/ui";
import { ApiError, fetchJson, sendJson } from "@/lib/query/fetch";
import { queryKeys } from "@/lib/query/keys";
import { apiKeysOptions, settingsOptions } from "@/lib/query/options";
import type { z } from "zod";
import type { createdApiKeySchema, destinationSchema, RelaySettings, revokedApiKeySchema, rotatedSecretSchema, signingSecretSchema, TestSendResponse } from "@/lib/schemas/settings";
import { DESCRIPTION_MAX } from "@/lib/schemas/relay";
import { ROLES } from "@/lib/auth/roles";
import { RetentionPanel } from "./retention-panel";

const primary = "rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-indigo-500 disabled:opacity-50";
const secondary = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50 disabled:opacity-50";

/** An action's error; when it needs a fresh sign-in, a link to sign in again and come back. */
function ActionError({ error, testId }: { error: Error; testId?: string }) {
  const reauth = error instanceof ApiError && error.code === "reauthentication_required";
  return (
    <p role="alert" data-testid={testId} className="text-sm text-rose-700">
      {error.message}
      {reauth ? (
        <>
          {" "}
          <a href="/login?next=/settings" data-testid="sign-in-again" className="font-medium text-indigo-700 underline">
            Sign in again
          </a>
        </>
      ) : null}
    </p>
  );
}

export function SettingsView() {
  const settings = useQuery(settingsOptions());
  const isAdmin = useCan("admin");
  return (
    <div className="space-y-6">
      <PageHeader title="Settings" description="Where Hookscope relays events, how they are signed, and who may call the API." />
      {settings.isPending ? (
        <TableSkeleton rows={4} columns={2} />
      ) : settings.isError ? (
        <ErrorState title="Could not load settings" error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <>
          <DestinationPanel settings={settings.data} />
          <TestPanel hasCallback={settings.data.callback_url !== null} />
          <SecretPanel masked={settings.data.signing_secret_masked} />
        </>
      )}
      {isAdmin ? <ApiKeysPanel /> : null}
      <RetentionPanel />
    </div>
  );
}

function DestinationPanel({ settings }: { settings: RelaySettings }) {
  const queryClient = useQueryClient();
  const isAdmin = useCan("admin");
  const canOperate = useCan("operate");
  const [url, setUrl] = useState(settings.callback_url ?? "");
  const [description, setDescription] = useState(settings.description);
  const save = useMutation({
    mutationFn: () => sendJson<z.infer<typeof destinationSchema>>("/api/console/settings", "PATCH", { callback_url: url.trim() === "" ? null : url.trim(), description }),
    onSuccess: (data) => queryClient.setQueryData(queryKeys.settings.destination(), (old: RelaySettings | undefined) => (old ? { ...old, ...data } : old)),
  });
  const pause = useMutation({
    mutationFn: (paused: boolean) => sendJson<z.infer<typeof destinationSchema>>("/api/console/settings/pause", "POST", { paused }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.settings.destination() }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const dirty = url !== (settings.callback_url ?? "") || description !== settings.description;

  return (
    <Panel
      title="Destination"
      testId="destination"
      actions={
        <div className="flex items-center gap-2">
          {settings.paused ? <Badge tone="warning" testId="paused-badge">paused</Badge> : settings.callback_url ? <Badge tone="success">active</Badge> : <Badge tone="muted">no callback URL</Badge>}
          <button type="button" data-testid="toggle-pause" className={secondary} disabled={pause.isPending || !canOperate} title={canOperate ? undefined : roleNote("operate")} onClick={() => pause.mutate(!settings.paused)}>
            {settings.paused ? "Resume deliveries" : "Pause deliveries"}
          </button>
        </div>
      }
    >
      <form onSubmit={submit} noValidate className="space-y-4 p-4">
        {settings.paused ? (
          <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            Deliveries are paused: new events queue up as pending and are sent, in order, once you resume. Nothing is dropped.
          </p>
        ) : null}
        <div>
          <FieldLabel htmlFor="callback-url">Callback URL</FieldLabel>
          <input id="callback-url" data-testid="callback-url" type="url" readOnly={!isAdmin} value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://ops.example/hooks" className={`${inputClass} font-mono`} />
          <p className="mt-1 text-xs text-slate-500">Absolute http(s) URL. Leave empty to stop sending (deliveries wait as pending).</p>
        </div>
        <div>
          <FieldLabel htmlFor="description">Description</FieldLabel>
          <textarea id="description" data-testid="description" readOnly={!isAdmin} value={description} onChange={(e) => setDescription(e.target.value)} rows={2} className={inputClass} />
          <p className={`mt-1 text-xs ${description.length > DESCRIPTION_MAX ? "text-rose-700" : "text-slate-500"}`}>
            {description.length} / {DESCRIPTION_MAX}
          </p>
        </div>
        <div className="flex items-center gap-3">
          {isAdmin ? (
            <button type="submit" data-testid="save-destination" className={primary} disabled={save.isPending || !dirty}>
              {save.isPending ? "Saving…" : "Save"}
            </button>
          ) : (
            <p className="text-sm text-slate-500">{roleNote("admin")} to change the destination.</p>
          )}
          {save.isError ? <ActionError error={save.error} testId="destination-error" /> : null}
          {save.isSuccess && !dirty ? <p data-testid="destination-saved" className="text-sm text-emerald-700">Saved.</p> : null}
          {pause.isError ? <p role="alert" className="text-sm text-rose-700">{pause.error.message}</p> : null}
        </div>
      </form>
    </Panel>
  );
}

function TestPanel({ hasCallback }: { hasCallback: boolean }) {
  const queryClient = useQueryClient();
  const canOperate = useCan("operate");
  const test = useMutation({
    mutationFn: async (): Promise<TestSendResponse> => {
      // a receiver's refusal is a result to show, not an error; only a 400 (no URL) throws
      const res = await fetch("/api/console/settings/test", { method: "POST", headers: { accept: "application/json", "content-type": "application/json" }, body: "{}" });
      const body = (await res.json()) as TestSendResponse & { error?: string };
      if (res.status !== 200) throw new Error(body.error ?? `HTTP ${res.status}`);
      return body;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.deliveries.all() }),
  });
  const r = test.data;
  return (
    <Panel title="Test webhook" testId="test-webhook">
      <div className="flex flex-wrap items-center gap-4 p-4">
        <button type="button" data-testid="send-test" className={primary} disabled={test.isPending || !hasCallback || !canOperate} title={canOperate ? undefined : roleNote("operate")} onClick={() => test.mutate()}>
          {test.isPending ? "Sending…" : "Send test webhook"}
        </button>
        {!hasCallback ? <p className="text-sm text-slate-500">Set a callback URL first.</p> : null}
        {test.isError ? <p role="alert" data-testid="test-result" className="text-sm text-rose-700">{test.error.message}</p> : null}
        {r ? (
          <div data-testid="test-result" data-success={String(r.success)} className="flex flex-wrap items-center gap-3 text-sm">
            <Badge tone={r.success ? "success" : "danger"}>{r.success ? "delivered" : "failed"}</Badge>
            <span>
              HTTP <strong data-testid="test-status-code">{r.status_code ?? "—"}</strong>
            </span>
            <span>
              <strong data-testid="test-response-time">{r.response_time_ms}</strong> ms
            </span>
            {r.error && r.status_code === undefined ? <span data-testid="test-error" className="text-rose-700">{r.error}</span> : null}
            <a href={`/deliveries/${r.delivery_id}`} className="text-indigo-700 hover:underline">View in log</a>
          </div>
        ) : null}
      </div>
      <p className="px-4 pb-4 text-xs text-slate-500">Sends a signed <code>webhook.test</code> event now (even while paused). It is logged as a test delivery and not retried.</p>
    </Panel>
  );
}

function SecretPanel({ masked }: { masked: string }) {
  const queryClient = useQueryClient();
  const isAdmin = useCan("admin");
  const [revealed, setRevealed] = useState<string | null>(null);
  const [rotatedUntil, setRotatedUntil] = useState<string | null>(null);
  const reveal = useMutation({
    mutationFn: () => fetchJson<z.infer<typeof signingSecretSchema>>("/api/console/settings/signing-secret", { cache: "no-store" }),
    onSuccess: (d) => setRevealed(d.signing_secret),
  });
  const rotate = useMutation({
    mutationFn: () => sendJson<z.infer<typeof rotatedSecretSchema>>("/api/console/settings/signing-secret/rotate", "POST"),
    onSuccess: (d) => {
      setRevealed(d.signing_secret);
      setRotatedUntil(d.previous_secret_expires_at);
      void queryClient.invalidateQueries({ queryKey: queryKeys.settings.destination() });
    },
  });
  return (
    <Panel title="Signing secret" testId="signing-secret">
      <div className="space-y-3 p-4">
        <p className="text-sm text-slate-600">
          Every delivery carries <code>webhook-id</code>, <code>webhook-timestamp</code> and <code>webhook-signature</code> (Standard Webhooks). Verify them with this secret and any Standard Webhooks library.
        </p>
        <div className="flex flex-wrap items-center gap-3">
          {revealed ? <CopyableText value={revealed} label="signing secret" testId="secret-value" /> : <code data-testid="secret-masked" className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs">{masked}</code>}
          {!isAdmin ? (
            <span className="text-sm text-slate-500">{roleNote("admin")} to reveal or rotate the secret.</span>
          ) : revealed ? (
            <button type="button" className={secondary} onClick={() => setRevealed(null)}>Hide</button>
          ) : (
            <button type="button" data-testid="reveal-secret" className={secondary} disabled={reveal.isPending} onClick={() => reveal.mutate()}>Reveal</button>
          )}
          {isAdmin ? (
          <button
            type="button"
            data-testid="rotate-secret"
            className={secondary}
            disabled={rotate.isPending}
            onClick={() => {
              if (window.confirm("Create a new signing secret? The current one keeps signing for the grace period.")) rotate.mutate();
            }}
          >
            {rotate.isPending ? "Rotating…" : "Rotate"}
          </button>
          ) : null}
        </div>
        {rotatedUntil ? (
          <p data-testid="rotation-note" className="text-sm text-amber-800">
            New secret active. The previous one keeps signing (both signatures are sent) until {formatDateTime(rotatedUntil)}; update your receiver before then.
          </p>
        ) : null}
        {reveal.isError ? <ActionError error={reveal.error} /> : null}
        {rotate.isError ? <ActionError error={rotate.error} /> : null}
        {isAdmin ? <p className="text-xs text-slate-500">Revealing or rotating needs a sign-in within the last 15 minutes; each is recorded in the audit log.</p> : null}
      </div>
    </Panel>
  );
}

function ApiKeysPanel() {
  const queryClient = useQueryClient();
  const keys = useQuery(apiKeysOptions());
  const [name, setName] = useState("");
  const [role, setRole] = useState<(typeof ROLES)[number]>("viewer");
  const [expiresIn, setExpiresIn] = useState("90d");
  const [created, setCreated] = useState<{ key: string; name: string } | null>(null);
  const create = useMutation({
    mutationFn: () => sendJson<z.infer<typeof createdApiKeySchema>>("/api/console/settings/api-keys", "POST", { name, role, expires_in: expiresIn || null }),
    onSuccess: (d) => {
      setCreated({ key: d.key, name: d.api_key.name });
      setName("");
      void queryClient.invalidateQueries({ queryKey: queryKeys.settings.apiKeys() });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => sendJson<z.infer<typeof revokedApiKeySchema>>(`/api/console/settings/api-keys/${encodeURIComponent(id)}/revoke`, "POST"),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.settings.apiKeys() }),
  });
  return (
    <Panel title="API keys" testId="api-keys">
      <div className="space-y-4 p-4">
        <p className="text-sm text-slate-600">
          Keys for <code>Authorization: Bearer …</code> on <code>/api/me</code> and <code>/api/webhooks</code>. Keys in <code>HOOKSCOPE_API_KEYS</code> also work and are not listed.
        </p>
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <div className="w-64">
            <FieldLabel htmlFor="key-name">Name</FieldLabel>
            <input id="key-name" data-testid="key-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. ops scripts" className={inputClass} />
          </div>
          <div>
            <FieldLabel htmlFor="key-role">Role</FieldLabel>
            <select id="key-role" data-testid="key-role" value={role} onChange={(e) => setRole(e.target.value as typeof role)} className={inputClass}>
              {ROLES.map((r) => (
                <option key={r} value={r}>{r}</option>
              ))}
            </select>
          </div>
          <div>
            <FieldLabel htmlFor="key-expiry">Expires</FieldLabel>
            <select id="key-expiry" data-testid="key-expiry" value={expiresIn} onChange={(e) => setExpiresIn(e.target.value)} className={inputClass}>
              <option value="30d">in 30 days</option>
              <option value="90d">in 90 days</option>
              <option value="365d">in a year</option>
              <option value="">never</option>
            </select>
          </div>
          <button type="submit" data-testid="create-key" className={primary} disabled={create.isPending || name.trim() === ""}>
            Create key
          </button>
          {create.isError ? <p role="alert" className="text-sm text-rose-700">{create.error.message}</p> : null}
        </form>
        {created ? (
          <div data-testid="new-key" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
            <p className="font-medium text-amber-900">Key “{created.name}” created. Copy it now: it is shown only once.</p>
            <div className="mt-2 flex items-center gap-3">
              <CopyableText value={created.key} label="API key" testId="new-key-value" />
              <button type="button" className={secondary} onClick={() => setCreated(null)}>Done</button>
            </div>
          </div>
        ) : null}
        {keys.isPending ? (
          <TableSkeleton rows={2} columns={5} />
        ) : keys.isError ? (
          <ErrorState title="Could not load API keys" error={keys.error} onRetry={() => void keys.refetch()} />
        ) : keys.data.api_keys.length === 0 ? (
          <p className="text-sm text-slate-500">No stored keys yet.</p>
        ) : (
          <TableWrap>
            <table className="min-w-full divide-y divide-slate-200">
              <thead className="bg-slate-50">
                <tr>
                  <th className={th}>Name</th>
                  <th className={th}>Key</th>
                  <th className={th}>Role</th>
                  <th className={th}>Created</th>
                  <th className={th}>Expires</th>
                  <th className={th}>Last used</th>
                  <th className={th}>State</th>
                  <th className={th}><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {keys.data.api_keys.map((k) => (
                  <tr key={k.id} data-testid="api-key-row">
                    <td className={td}>{k.name}</td>
                    <td className={`${td} font-mono text-xs`}>{k.prefix}…</td>
                    <td className={td}>{k.role}</td>
                    <td className={`${td} tabular-nums`}>{formatDateTime(k.created_at)}</td>
                    <td className={`${td} tabular-nums`}>{k.expires_at ? formatDateTime(k.expires_at) : "never"}</td>
                    <td className={`${td} tabular-nums`}>{k.last_used_at ? formatDateTime(k.last_used_at) : "never"}</td>
                    <td className={td}>{k.revoked_at ? <Badge tone="muted">revoked</Badge> : k.expires_at && new Date(k.expires_at) <= new Date() ? <Badge tone="muted">expired</Badge> : <Badge tone="success">active</Badge>}</td>
                    <td className={td}>
                      {k.revoked_at ? null : (
                        <button
                          type="button"
                          data-testid="revoke-key"
                          className="text-sm font-medium text-rose-700 hover:underline disabled:opacity-50"
                          disabled={revoke.isPending}
                          onClick={() => {
                            if (window.confirm(`Revoke “${k.name}”? Scripts using it stop working at once.`)) revoke.mutate(k.id);
                          }}
                        >
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </div>
    </Panel>
  );
}
