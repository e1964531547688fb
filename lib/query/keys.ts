// List keys hold the filters as their list's schema parsed them (lib/schemas): the same URL, in any
// parameter order or spelling the schema normalises, is the same key.
import type { AuditFilters } from "@/lib/schemas/access";
import type { AlertFilters, BacktestFilters, EventFilters, InboundFilters, OperationFilters, StrategyFilters, TraderFilters } from "@/lib/schemas/console";
import type { DeliveryFilters } from "@/lib/schemas/relay";

export const queryKeys = {
  all: ["console"] as const,
  operations: {
    all: () => [...queryKeys.all, "operations"] as const,
    list: (filters: OperationFilters) => [...queryKeys.operations.all(), "list", filters] as const,
    detail: (id: string) => [...queryKeys.operations.all(), "detail", id] as const,
  },
  traders: {
    all: () => [...queryKeys.all, "traders"] as const,
    list: (filters: TraderFilters) => [...queryKeys.traders.all(), "list", filters] as const,
    detail: (id: string) => [...queryKeys.traders.all(), "detail", id] as const,
  },
  inbound: {
    all: () => [...queryKeys.all, "inbound"] as const,
    list: (filters: InboundFilters) => [...queryKeys.inbound.all(), "list", filters] as const,
    detail: (id: string) => [...queryKeys.inbound.all(), "detail", id] as const,
  },
  deliveries: {
    all: () => [...queryKeys.all, "deliveries"] as const,
    list: (filters: DeliveryFilters) => [...queryKeys.deliveries.all(), "list", filters] as const,
    detail: (id: string) => [...queryKeys.deliveries.all(), "detail", id] as const,
    counts: (filters: Omit<DeliveryFilters, "status">) => [...queryKeys.deliveries.all(), "counts", filters] as const,
  },
  settings: {
    all: () => [...queryKeys.all, "settings"] as const,
    destination: () => [...queryKeys.settings.all(), "destination"] as const,
    apiKeys: () => [...queryKeys.settings.all(), "api-keys"] as const,
  },
  strategies: {
    all: () => [...queryKeys.all, "strategies"] as const,
    list: (filters: StrategyFilters) => [...queryKeys.strategies.all(), "list", filters] as const,
    detail: (id: string) => [...queryKeys.strategies.all(), "detail", id] as const,
  },
  events: {
    all: () => [...queryKeys.all, "events"] as const,
    list: (filters: EventFilters) => [...queryKeys.events.all(), "list", filters] as const,
  },
  backtests: {
    all: () => [...queryKeys.all, "backtests"] as const,
    list: (filters: BacktestFilters) => [...queryKeys.backtests.all(), "list", filters] as const,
  },
  alerts: {
    all: () => [...queryKeys.all, "alerts"] as const,
    list: (filters: AlertFilters) => [...queryKeys.alerts.all(), "list", filters] as const,
  },
  audit: {
    all: () => [...queryKeys.all, "audit"] as const,
    list: (filters: AuditFilters) => [...queryKeys.audit.all(), "list", filters] as const,
  },
};
