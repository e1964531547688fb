import type { InboundFilters, OperationFilters, TraderFilters } from "./filters";

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
  },
  inbound: {
    all: () => [...queryKeys.all, "inbound"] as const,
    list: (filters: InboundFilters) => [...queryKeys.inbound.all(), "list", filters] as const,
  },
};
