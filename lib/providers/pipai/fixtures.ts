/**
 * PipAI fixtures (spec: providers.md §2). Bodies are exact strings because signatures cover the
 * exact bytes.
 */
import type { PipaiType } from "./schema";

export const PIPAI_VECTOR_SECRET = "pipai_whsec_demo_Q2w9Lk4Zr8";
export const PIPAI_VECTOR_TIMESTAMP = "1795000123456";
export const PIPAI_VECTOR_BODY =
  '{"id":"evt_3fa9c07b1d","type":"strategy.position_closed","created_at":"2026-11-20T09:20:00.000Z","data":{"strategy_id":"strat_41c9e2","position_id":"pos_7d20aa","symbol":"ETHUSDT","side":"short","entry_price":"3120.00","exit_price":"3051.50","qty":"1.2","exit_qty":"1.2","pnl":"82.20","leverage":2,"opened_at":"2026-11-20T08:01:12.004Z","closed_at":"2026-11-20T09:19:58.510Z"}}';
export const PIPAI_VECTOR_SIGNATURE = "f2b9a9288dfdef9c4b9059c2d25f043d6ebea149d3f02210d7d91958a295817e";

/** One valid `data` per documented type (strategy strat_41c9e2). */
export const PIPAI_SAMPLE_DATA: Record<PipaiType, Record<string, unknown>> = {
  "strategy.created": { strategy_id: "strat_41c9e2", name: "ETH mean reversion", status: "draft" },
  "strategy.deployed": { strategy_id: "strat_41c9e2", name: "ETH mean reversion", capital: "10000.00", leverage: 2, deployed_at: "2026-11-20T08:00:00.000Z", dry_run: false },
  "strategy.paused": { strategy_id: "strat_41c9e2", status: "paused" },
  "strategy.stopped": { strategy_id: "strat_41c9e2", status: "stopped" },
  "strategy.position_opened": { strategy_id: "strat_41c9e2", position_id: "pos_7d20aa", symbol: "ETHUSDT", side: "short", entry_price: "3120.00", qty: "1.2", leverage: 2, opened_at: "2026-11-20T08:01:12.004Z" },
  "strategy.position_closed": { strategy_id: "strat_41c9e2", position_id: "pos_7d20aa", symbol: "ETHUSDT", side: "short", entry_price: "3120.00", exit_price: "3051.50", qty: "1.2", exit_qty: "1.2", pnl: "82.20", leverage: 2, opened_at: "2026-11-20T08:01:12.004Z", closed_at: "2026-11-20T09:19:58.510Z" },
  "strategy.order_filled": { strategy_id: "strat_41c9e2", order_id: "ord_91ab33", symbol: "ETHUSDT", side: "sell", type: "limit", price: "3120.00", qty: "0.7", filled_at: "2026-11-20T08:01:11.900Z" },
  "strategy.error": { strategy_id: "strat_41c9e2", error_code: "exchange_unreachable", message: "Binance API timed out 3 times" },
  "backtest.job_done": { job_id: "bt_5c1e07", metrics: { total_return: "0.184", sharpe: "1.92", max_drawdown: "-0.071", win_rate: "0.57", total_trades: 143, profit_factor: "1.66" } },
  "backtest.job_failed": { job_id: "bt_5c1e08", error_code: "insufficient_history", message: "not enough candles for ETHUSDT 1m" },
  "account.balance_low": { asset: "USDT", balance: "412.50", threshold: "500.00" },
  "account.api_key_rotated": { key_id: "key_8f2a", rotated_at: "2026-11-20T10:00:00.000Z" },
};

export function pipaiBody(id: string, type: string, createdAt: string, data: unknown): string {
  return JSON.stringify({ id, type, created_at: createdAt, data });
}
