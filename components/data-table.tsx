"use client";

import type { InfiniteData, UseInfiniteQueryResult } from "@tanstack/react-query";
import { useRouter, useSearchParams } from "next/navigation";
import { Fragment, useMemo, useState, type ComponentPropsWithoutRef, type MouseEvent, type ReactNode } from "react";
import { NewRowsBanner } from "@/components/live";
import type { LiveFamily } from "@/lib/live/apply";
import { EmptyState, ErrorState, LoadMore, TableSkeleton, TableWrap, td, th } from "@/components/ui";
import { useSearchParamUpdater } from "@/components/use-search-param-updater";
import type { z } from "zod";
import { readFilters } from "@/lib/query/search-params";

/**
 * A list's filters read from the URL with its schema (lib/schemas; the route parses the same
 * parameters with the same schema): `filters` for the query, `raw` for the inputs (what the reader
 * typed, valid or not), `invalid` messages for the ones left out, `update(patch)` writing the URL.
 */
export function useUrlFilters<S extends z.ZodObject>(schema: S) {
  const searchParams = useSearchParams();
  const { filters, invalid } = useMemo(() => readFilters(schema, searchParams), [schema, searchParams]);
  const update = useSearchParamUpdater();
  const keys = Object.keys(schema.shape) as (keyof S["shape"] & string)[];
  const raw = Object.fromEntries(keys.map((k) => [k, searchParams.get(k)])) as Record<keyof S["shape"] & string, string | null>;
  const hasFilters = keys.some((k) => (raw[k] ?? "").trim() !== "");
  const clear = () => update(Object.fromEntries(keys.map((k) => [k, null])));
  return { filters, raw, invalid, update, hasFilters, clear };
}

export type InfiniteListQuery<T> = UseInfiniteQueryResult<InfiniteData<{ items: T[] }, unknown>, Error>;

/** All rows loaded so far, flattened across pages. */
export function useInfiniteRows<T>(query: InfiniteListQuery<T>): T[] {
  return useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
}

type ListStates = {
  /** Columns of the loading skeleton. */
  skeletonColumns?: number;
  errorTitle: string;
  emptyTitle: string;
  emptyDescription?: ReactNode;
  /** Live updates: announce new rows of this list above it ("N new"), inserted on click. */
  live?: LiveFamily;
};

/** Loading / error / empty states around an infinite list, then the rows and "Load more". */
export function InfiniteList<T>({
  query,
  skeletonColumns,
  errorTitle,
  emptyTitle,
  emptyDescription,
  live,
  children,
}: ListStates & { query: InfiniteListQuery<T>; children: (rows: T[]) => ReactNode }) {
  const rows = useInfiniteRows(query);
  if (query.isPending) return <TableSkeleton columns={skeletonColumns ?? 6} />;
  if (query.isError && rows.length === 0) {
    return <ErrorState title={errorTitle} error={query.error} onRetry={() => void query.refetch()} />;
  }
  const banner = live ? <NewRowsBanner family={live} onShow={() => query.refetch()} /> : null;
  if (rows.length === 0) {
    return (
      <>
        {banner}
        <EmptyState title={emptyTitle}>{emptyDescription}</EmptyState>
      </>
    );
  }
  return (
    <>
      {banner}
      {children(rows)}
      <LoadMore
        count={rows.length}
        hasNextPage={query.hasNextPage}
        isFetchingNextPage={query.isFetchingNextPage}
        onLoadMore={() => void query.fetchNextPage()}
        error={query.isFetchNextPageError ? query.error : undefined}
      />
    </>
  );
}

/** Expansion state of one row, handed to cells and row props. */
export type RowState = { expanded: boolean; toggle: () => void };

export type Column<T> = {
  header: ReactNode;
  /** Classes added to the header cell (after `th`). */
  headerClassName?: string;
  /** Classes added to the body cell (after `td`). */
  className?: string | ((row: T) => string | undefined);
  /** Body cell spanning this and the following columns (those are then not rendered for the row). */
  colSpan?: (row: T) => number;
  /** Extra attributes of the body cell (title, data-testid). */
  cellProps?: (row: T) => { title?: string; "data-testid"?: string };
  cell: (row: T, state: RowState) => ReactNode;
};

type RowProps = ComponentPropsWithoutRef<"tr"> & { [data: `data-${string}`]: string | undefined };

export type Expandable<T> = {
  render: (row: T) => ReactNode;
  /** Several rows open at once (default: opening one closes the other). */
  multiple?: boolean;
  rowTestId?: string;
  rowClassName?: string;
  cellClassName: string;
};

export type DataTableProps<T> = {
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  rowTestId: string;
  tableTestId: string;
  /** Extra attributes of a body row (data-*, aria-*, onClick, className). */
  rowProps?: (row: T, state: RowState) => RowProps;
  expandable?: Expandable<T>;
  /**
   * The row's page: a click anywhere on the row opens it (Ctrl/Cmd-click in a new tab). The row
   * keeps its own link (usually the id in the first cells) for the keyboard and screen readers.
   * Without it, a click on an expandable row opens or closes it.
   */
  rowHref?: (row: T) => string;
};

/** Clicks on the row's own controls, or ending a text selection, are not row clicks. */
function isRowClick(e: MouseEvent<HTMLTableRowElement>): boolean {
  if (e.defaultPrevented || e.button !== 0) return false;
  if ((e.target as Element).closest("a, button, input, select, textarea, summary, label, [role=button]")) return false;
  return !(window.getSelection()?.toString() ?? "");
}

const join = (base: string, extra: string | undefined) => (extra ? `${base} ${extra}` : base);

function useExpanded(multiple: boolean) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = (key: string) =>
    setExpanded((prev) => {
      const next = new Set(multiple ? prev : []);
      if (prev.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  return { expanded, toggle };
}

/**
 * A whole table row as a link: a click anywhere but on the row's own controls (or the end of a
 * text selection) opens `href`, Ctrl/Cmd-click in a new tab. The row's id link stays the
 * keyboard's way in. Returns false when the click was not the row's.
 */
export function useRowNavigation() {
  const router = useRouter();
  return (href: string | undefined, e: MouseEvent<HTMLTableRowElement>): boolean => {
    if (!isRowClick(e)) return false;
    if (href === undefined) return true;
    if (e.ctrlKey || e.metaKey) window.open(href, "_blank", "noopener");
    else router.push(href);
    return true;
  };
}

export function DataTable<T>({ rows, columns, rowKey, rowTestId, tableTestId, rowProps, expandable, rowHref }: DataTableProps<T>) {
  const { expanded, toggle } = useExpanded(expandable?.multiple ?? false);
  const navigate = useRowNavigation();
  const onRowClick = (row: T, state: RowState) => (e: MouseEvent<HTMLTableRowElement>) => {
    const href = rowHref?.(row);
    if (navigate(href, e) && href === undefined) state.toggle();
  };
  const clickable = rowHref !== undefined || expandable !== undefined;
  return (
    <TableWrap>
      <table data-testid={tableTestId} className="min-w-full divide-y divide-slate-200">
        <thead className="bg-slate-50">
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" className={join(th, c.headerClassName)}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => {
            const key = rowKey(row);
            const state: RowState = { expanded: expanded.has(key), toggle: () => toggle(key) };
            const cells: ReactNode[] = [];
            for (let i = 0; i < columns.length; i++) {
              const c = columns[i]!;
              const span = c.colSpan?.(row) ?? 1;
              const extra = typeof c.className === "function" ? c.className(row) : c.className;
              cells.push(
                <td key={i} colSpan={span > 1 ? span : undefined} className={join(td, extra)} {...c.cellProps?.(row)}>
                  {c.cell(row, state)}
                </td>,
              );
              i += span - 1;
            }
            return (
              <Fragment key={key}>
                <tr
                  data-testid={rowTestId}
                  className={clickable ? "cursor-pointer hover:bg-slate-50" : "hover:bg-slate-50"}
                  onClick={clickable ? onRowClick(row, state) : undefined}
                  {...rowProps?.(row, state)}
                >
                  {cells}
                </tr>
                {expandable && state.expanded ? (
                  <tr data-testid={expandable.rowTestId} className={expandable.rowClassName}>
                    <td colSpan={columns.length} className={expandable.cellClassName}>
                      {expandable.render(row)}
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** An infinite query rendered as a table, with its loading, error, empty and "Load more" states. */
export function InfiniteDataTable<T>({ query, ...props }: ListStates & Omit<DataTableProps<T>, "rows"> & { query: InfiniteListQuery<T> }) {
  const { skeletonColumns, errorTitle, emptyTitle, emptyDescription, live, ...table } = props;
  return (
    <InfiniteList query={query} skeletonColumns={skeletonColumns ?? table.columns.length} errorTitle={errorTitle} emptyTitle={emptyTitle} emptyDescription={emptyDescription} live={live}>
      {(rows) => <DataTable rows={rows} {...table} />}
    </InfiniteList>
  );
}
