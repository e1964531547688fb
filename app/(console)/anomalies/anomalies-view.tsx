"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useLayoutEffect, useRef, useState } from "react";
import { InfiniteDataTable, useInfiniteRows, useUrlFilters, type Column } from "@/components/data-table";
import { ClearFiltersButton, FilterBar, IgnoredFilters, SelectField, TimeRangeFields } from "@/components/filter-bar";
import { formatDateTime, shortId } from "@/components/format";
import { roleNote, useCan } from "@/components/me-context";
import { checkboxClass, useRowSelection, type Selection } from "@/components/row-selection";
import { SeverityBadge, StatusBadge } from "@/components/status-badge";
import { FilterTabs } from "@/components/tabs";
import { PageHeader } from "@/components/ui";
import { acknowledgeAnomalies, anomaliesListOptions, anomalyKeys } from "@/lib/query/anomalies";
import { ANOMALY_ENTITY_KINDS, ANOMALY_PROVIDERS, ANOMALY_RULES, anomalyFilters, type AnomalyView } from "@/lib/schemas/anomalies";

const ACK_MAX_IDS = 500;
const NOTE_MAX = 1000;

const STATE_TABS = [
  { value: "all", label: "All", title: "Every anomaly, open or not" },
  { value: "open", label: "Open", title: "Still holds, nobody acknowledged it yet" },
  { value: "acknowledged", label: "Acknowledged", title: "Still holds, an operator has seen it" },
  { value: "cleared", label: "Cleared", title: "No longer holds: the entity moved on or a later event resolved it" },
] as const;

function anomalyColumns(selection: Selection | undefined, shownIds: string[]): Column<AnomalyView>[] {
  const selectable = shownIds;
  const all = selection !== undefined && selectable.length > 0 && selectable.every((id) => selection.selected.has(id));
  const some = selection !== undefined && selectable.some((id) => selection.selected.has(id));
  const pick: Column<AnomalyView>[] = selection
    ? [
        {
          header: (
            <input
              type="checkbox"
              data-testid="select-all-rows"
              aria-label={all ? "Clear the selection" : "Select every unacknowledged anomaly shown"}
              className={checkboxClass}
              checked={all}
              ref={(el) => {
                if (el) el.indeterminate = some && !all;
              }}
              disabled={selectable.length === 0}
              onChange={() => selection.toggleAll(selectable)}
            />
          ),
          headerClassName: "w-8",
          className: "w-8",
          cell: (a) =>
            a.acknowledged_at === null ? (
              <input
                type="checkbox"
                data-testid="select-row"
                aria-label={`Select anomaly ${a.rule} on ${a.entity_kind} ${shortId(a.entity_id)}`}
                className={checkboxClass}
                checked={selection.selected.has(a.id)}
                onChange={() => selection.toggle(a.id)}
              />
            ) : null,
        },
      ]
    : [];
  return [
    ...pick,
    { header: "Raised", className: "tabular-nums", cell: (a) => formatDateTime(a.raised_at) },
    { header: "Rule", className: "font-mono text-xs", cellProps: () => ({ "data-testid": "anomaly-rule" }), cell: (a) => a.rule },
    { header: "Severity", cell: (a) => <SeverityBadge severity={a.severity} /> },
    {
      header: "State",
      cell: (a) => (
        // whitespace and width on the block: the cell's own nowrap would make the note one long line
        <div className={`space-y-1 whitespace-normal ${a.acknowledged_at ? "w-56" : ""}`}>
          <StatusBadge status={a.state} testId="anomaly-state" title={a.cleared_at ? `cleared ${formatDateTime(a.cleared_at)}` : undefined} />
          {a.acknowledged_at ? (
            <p data-testid="anomaly-note" className="text-xs text-slate-600 [overflow-wrap:anywhere]" title={`acknowledged ${formatDateTime(a.acknowledged_at)} by ${a.acknowledged_by ?? "?"}`}>
              {a.note} {a.acknowledged_by ? <span className="text-slate-400">— {a.acknowledged_by}</span> : null}
            </p>
          ) : null}
        </div>
      ),
    },
    {
      header: "Entity",
      cell: (a) => (
        <Link href={a.href} title={`${a.provider} ${a.entity_kind} ${a.entity_id}`} data-testid="anomaly-entity" className="text-indigo-700 hover:underline">
          <span className="text-slate-500">{a.entity_kind}</span> <span className="font-mono text-xs font-medium">{shortId(a.entity_id)}</span>
        </Link>
      ),
    },
    {
      header: "Message",
      cellProps: (a) => ({ title: a.message }),
      // a fixed-width block: a table cell's max-width does not stop the column growing to the text
      cell: (a) => <div className="line-clamp-2 w-64 whitespace-normal [overflow-wrap:anywhere] 2xl:w-96">{a.message}</div>,
    },
  ];
}

export function AnomaliesView() {
  const { filters, invalid, update, hasFilters } = useUrlFilters(anomalyFilters);
  const query = useInfiniteQuery(anomaliesListOptions(filters));
  const rows = useInfiniteRows(query);
  const canOperate = useCan("operate");
  const selection = useRowSelection(JSON.stringify(filters), ACK_MAX_IDS);
  const [noting, setNoting] = useState(false);
  const queryClient = useQueryClient();
  const ack = useMutation({
    mutationFn: (note: string) => acknowledgeAnomalies({ ids: [...selection.selected], note }),
    onSuccess: () => {
      setNoting(false);
      selection.clear();
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: anomalyKeys.all() }),
  });
  const unacknowledged = rows.filter((a) => a.acknowledged_at === null).map((a) => a.id);
  const { state, ...rest } = filters;

  return (
    <div>
      <PageHeader title="Anomalies" description="What the lifecycle rules found wrong, from the event that raised it until it cleared; newest first." />

      <FilterTabs
        label="Anomaly state"
        testId="state-tabs"
        selected={state ?? "all"}
        onSelect={(v) => update({ state: v === "all" ? null : v })}
        tabs={STATE_TABS.map((t) => ({ ...t, testId: `state-tab-${t.value}` }))}
      />

      <FilterBar label="Filter anomalies" className="grid grid-cols-2 md:grid-cols-3 xl:grid-cols-[repeat(5,minmax(0,1fr))_auto]">
        <SelectField id="f-rule" label="Rule" testId="filter-rule" value={filters.rule} anyLabel="Any rule" options={ANOMALY_RULES} onChange={(v) => update({ rule: v })} />
        <SelectField id="f-provider" label="Provider" testId="filter-provider" value={filters.provider} anyLabel="Both" options={ANOMALY_PROVIDERS} onChange={(v) => update({ provider: v })} />
        <SelectField id="f-kind" label="Entity" testId="filter-entity-kind" value={filters.entity_kind} anyLabel="Any entity" options={ANOMALY_ENTITY_KINDS} onChange={(v) => update({ entity_kind: v })} />
        <TimeRangeFields what="Raised" from={filters.from} to={filters.to} onChange={update} />
        <ClearFiltersButton active={Object.values(rest).some((v) => v !== undefined)} onClear={() => update({ rule: null, provider: null, entity_kind: null, from: null, to: null })} />
      </FilterBar>

      <IgnoredFilters invalid={invalid} />

      {canOperate ? (
        <div data-testid="bulk-bar" className="mb-3 flex min-h-9 flex-wrap items-center gap-3 text-sm">
          <span data-testid="selected-count" className="text-slate-600">
            {selection.selected.size === 0 ? "Select anomalies to acknowledge them with a note." : `${selection.selected.size} selected`}
          </span>
          {selection.selected.size > 0 ? (
            <>
              <button type="button" data-testid="acknowledge" onClick={() => setNoting(true)} className="rounded-md bg-indigo-600 px-3 py-1.5 font-medium text-white shadow-sm hover:bg-indigo-500">
                Acknowledge
              </button>
              <button type="button" onClick={selection.clear} className="rounded-md px-2 py-1.5 font-medium text-slate-600 hover:bg-slate-100">
                Clear
              </button>
            </>
          ) : null}
          {ack.isSuccess && !noting ? (
            <span data-testid="acknowledge-result" role="status" className="text-slate-600">
              {ack.data.acknowledged} acknowledged{ack.data.skipped.length ? `, ${ack.data.skipped.length} already were` : ""}
            </span>
          ) : null}
        </div>
      ) : (
        <p data-testid="acknowledge-role-note" className="mb-3 text-sm text-slate-500">
          Acknowledging anomalies: {roleNote("operate").toLowerCase()}.
        </p>
      )}

      <InfiniteDataTable
        query={query}
        live="anomalies"
        columns={anomalyColumns(canOperate ? selection : undefined, unacknowledged)}
        rowKey={(a) => a.id}
        rowTestId="anomaly-row"
        tableTestId="anomalies-table"
        rowHref={(a) => a.href}
        rowProps={(a) => ({ "data-state": a.state, "data-id": a.id, className: `cursor-pointer ${selection.selected.has(a.id) ? "bg-indigo-50/60" : "hover:bg-slate-50"}` })}
        errorTitle="Could not load anomalies"
        emptyTitle="No anomalies"
        emptyDescription={hasFilters ? "No anomaly matches these filters." : "Nothing the rules flag: every entity looks consistent and on time."}
      />

      {noting ? (
        <NoteDialog
          count={selection.selected.size}
          pending={ack.isPending}
          error={ack.isError ? ack.error.message : null}
          onCancel={() => {
            setNoting(false);
            ack.reset();
          }}
          onSubmit={(note) => ack.mutate(note)}
        />
      ) : null}
    </div>
  );
}

/** A modal asking why: the note is stored with each acknowledged anomaly and in the audit log. */
function NoteDialog({ count, pending, error, onCancel, onSubmit }: { count: number; pending: boolean; error: string | null; onCancel: () => void; onSubmit: (note: string) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [note, setNote] = useState("");
  const id = useId();
  useLayoutEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    // closed before React removes it (a layout cleanup runs first): close() gives focus back to the
    // button that opened it, while an open dialog just removed leaves the keyboard user on <body>
    return () => {
      if (d?.open) d.close();
    };
  }, []);
  const trimmed = note.trim();
  return (
    <dialog
      ref={ref}
      aria-labelledby={`${id}-title`}
      data-testid="acknowledge-dialog"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      className="m-auto w-full max-w-lg rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40"
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (trimmed) onSubmit(trimmed);
        }}
        className="space-y-3 p-5"
      >
        <h2 id={`${id}-title`} className="text-base font-semibold text-slate-900">
          Acknowledge {count} {count === 1 ? "anomaly" : "anomalies"}
        </h2>
        <label htmlFor={`${id}-note`} className="block text-sm text-slate-700">
          Note (why it needs no further action, or who is on it)
        </label>
        <textarea
          id={`${id}-note`}
          data-testid="acknowledge-note"
          required
          autoFocus
          maxLength={NOTE_MAX}
          rows={4}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500"
        />
        <p className="text-xs tabular-nums text-slate-500">
          {note.length}/{NOTE_MAX}
        </p>
        {error ? (
          <p role="alert" className="text-sm text-rose-700">
            {error}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <button type="button" onClick={onCancel} className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100">
            Cancel
          </button>
          <button type="submit" data-testid="acknowledge-submit" disabled={pending || trimmed === ""} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-indigo-500 disabled:opacity-50">
            {pending ? "Acknowledging…" : "Acknowledge"}
          </button>
        </div>
      </form>
    </dialog>
  );
}
