/**
 * zerohash fixtures (spec: providers.md §1). Bodies are exact strings because
 * signatures cover the exact bytes.
 */

/** Spec test vector: shared secret. */
export const ZH_VECTOR_SECRET = "zh_whsec_demo_7f3a91c2";
/** Spec test vector: x-zh-hook-timestamp (unix ms). */
export const ZH_VECTOR_TIMESTAMP = "1795000000000";
/** Spec test vector: the exact body (trade_strategy.operation.status_changed, status pricing). */
export const ZH_VECTOR_BODY =
  '{"id":"5b7e2c1a-9d44-4f0e-8a61-2c3d4e5f6a7b","strategy_id":"0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f","request_id":"9f8e7d6c-5b4a-4392-8c1d-0e9f8a7b6c5d","type":"enrollment","status":"pricing","status_reason":"","allocations":[{"underlying_currency":"BTC","weight":"0.6"},{"underlying_currency":"ETH","weight":"0.4"}],"created_at":"2026-11-20T09:15:00Z","updated_at":"2026-11-20T09:15:02Z"}';
/** Spec test vector: expected x-zh-hook-signature (HMAC over body + timestamp). */
export const ZH_VECTOR_SIGNATURE =
  "a3ea584e4e518da6c5743b45add13bbd24ce9982c671140fa7626219f89f317b";
/** Spec test vector: expected legacy x-zh-hook-signature-256 (HMAC over body only). */
export const ZH_VECTOR_SIGNATURE_LEGACY =
  "83cc9a565daf8fc619af61b8540e3bacc07f350151f9b9a20a4ff217a76a730e";

export const ZH_FIXTURE_STRATEGY_ID = "0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f";
export const ZH_FIXTURE_OPERATION_ID = "5b7e2c1a-9d44-4f0e-8a61-2c3d4e5f6a7b";
export const ZH_FIXTURE_EXECUTION_ID = "3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7";
export const ZH_FIXTURE_TRADER_ID = "7a6b5c4d-3e2f-4a1b-9c0d-e1f2a3b4c5d6";
export const ZH_FIXTURE_PARTICIPANT = "CUST01";

/** Execution settled with two executed buy instructions (enrollment 60/40 of 1000 USD). */
export const ZH_EXECUTION_SETTLED_BODY =
  '{"id":"3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7","strategy_id":"0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f","operation_id":"5b7e2c1a-9d44-4f0e-8a61-2c3d4e5f6a7b","trader_id":"7a6b5c4d-3e2f-4a1b-9c0d-e1f2a3b4c5d6","participant_code":"CUST01","account_label":"0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f","status":"settled","status_reason":"","instructions":[{"underlying_currency":"BTC","quoted_currency":"USD","side":"buy","amount":"600.00","amount_type":"notional","status":"executed","status_reason":"","price":"96250.12","quantity":"0.00623376","total_notional":"600.00","trade_ids":["b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e"],"executed_at":"2026-11-20T09:15:04.512Z"},{"underlying_currency":"ETH","quoted_currency":"USD","side":"buy","amount":"400.00","amount_type":"notional","status":"executed","status_reason":"","price":"3512.40","quantity":"0.11388224","total_notional":"400.00","trade_ids":["c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e6f"],"executed_at":"2026-11-20T09:15:04.733Z"}],"created_at":"2026-11-20T09:15:02Z","updated_at":"2026-11-20T09:15:05Z"}';

/** Execution at creation: awaiting_execution, instructions pending (empty until executed). */
export const ZH_EXECUTION_AWAITING_BODY =
  '{"id":"3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7","strategy_id":"0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f","operation_id":"5b7e2c1a-9d44-4f0e-8a61-2c3d4e5f6a7b","trader_id":"","participant_code":"CUST01","account_label":"","status":"awaiting_execution","status_reason":"","instructions":[{"underlying_currency":"BTC","quoted_currency":"USD","side":"buy","amount":"600.00","amount_type":"notional","status":"pending","status_reason":"","price":"","quantity":"","total_notional":"","trade_ids":[],"executed_at":""}],"created_at":"2026-11-20T09:15:02Z","updated_at":"2026-11-20T09:15:02Z"}';

/** Soft-rejected execution: only `rejected` is sent, no trader yet, account_label absent. */
export const ZH_EXECUTION_REJECTED_BODY =
  '{"id":"4f5a6b7c-8d9e-4f0a-b1c2-d3e4f5a6b7c8","strategy_id":"0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f","operation_id":"5b7e2c1a-9d44-4f0e-8a61-2c3d4e5f6a7b","trader_id":"","participant_code":"CUST02","status":"rejected","status_reason":"participant_not_approved","created_at":"2026-11-20T09:15:02Z","updated_at":"2026-11-20T09:15:03Z"}';

/** trade_strategy.trader.created after the successful enrollment above. */
export const ZH_TRADER_CREATED_BODY =
  '{"id":"7a6b5c4d-3e2f-4a1b-9c0d-e1f2a3b4c5d6","strategy_id":"0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f","participant_code":"CUST01","account_label":"0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f","auto_rebalance":true,"created_at":"2026-11-20T09:15:05Z","updated_at":"2026-11-20T09:15:05Z"}';
