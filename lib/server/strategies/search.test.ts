import { describe, expect, it } from "vitest";
import { INDEX_INTERVAL_MS, pauseAfterBatch } from "./search";

describe("the gram indexer's pause between batches", () => {
  it("keeps the batches to the duty share of the time", () => {
    // a fifth of the time: a 40 ms batch is followed by 160 ms of waiting
    expect(pauseAfterBatch(40, { duty: 0.2 })).toBeCloseTo(160);
    // a slower batch (a busy database) waits longer
    expect(pauseAfterBatch(100, { duty: 0.2 })).toBeCloseTo(400);
  });

  it("adds a fixed pause, and waits for nothing without either", () => {
    expect(pauseAfterBatch(5, { pauseMs: 100 })).toBe(100);
    expect(pauseAfterBatch(5, { pauseMs: 100, duty: 0.5 })).toBeCloseTo(105);
    expect(pauseAfterBatch(5, {})).toBe(0);
    expect(pauseAfterBatch(5, { duty: 1 })).toBe(0);
  });

  it("waits at most one indexing interval, however long the batch took", () => {
    expect(pauseAfterBatch(5_000, { duty: 0.2 })).toBe(INDEX_INTERVAL_MS);
  });

  it("refuses a duty outside (0, 1]", () => {
    expect(() => pauseAfterBatch(5, { duty: 0 })).toThrow(/duty/);
    expect(() => pauseAfterBatch(5, { duty: 1.5 })).toThrow(/duty/);
  });
});
