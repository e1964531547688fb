import type { Strategy } from "@/lib/generated/sqlite/client";
import type { StrategySummary } from "@/lib/schemas/strategies";

export function strategySummary(s: Strategy): StrategySummary {
  return {
    id: s.id,
    provider: s.provider,
    name: s.name,
    status: s.status,
    capital: s.capital,
    leverage: s.leverage,
    deployed_at: s.deployedAt?.toISOString() ?? null,
    dry_run: s.dryRun,
    last_error: s.lastErrorCode !== null ? { error_code: s.lastErrorCode, message: s.lastErrorMessage ?? "", at: s.lastErrorAt?.toISOString() ?? null } : null,
    created_at: s.createdAt?.toISOString() ?? null,
    updated_at: s.updatedAt?.toISOString() ?? null,
    first_received_at: s.firstReceivedAt.toISOString(),
    last_received_at: s.lastReceivedAt.toISOString(),
    event_count: s.eventCount,
    realized_pnl: s.realizedPnl,
    open_positions: s.openPositions,
    closed_positions: s.closedPositions,
    fill_count: s.fillCount,
    anomaly_count: s.anomalyCount,
    anomalies: JSON.parse(s.anomalies) as StrategySummary["anomalies"],
  };
}
