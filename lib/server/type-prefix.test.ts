import { describe, expect, it } from "vitest";
import { pageByTypes } from "./type-prefix";

type Row = { id: string; at: Date };
const row = (id: string, min: number): Row => ({ id, at: new Date(Date.UTC(2026, 10, 29, 12, min)) });

describe("pageByTypes", () => {
  it("merges the per-type pages newest first (id desc on ties) and cuts to the page size", async () => {
    const pages: Record<string, Row[]> = {
      "backtest.job_done": [row("d", 50), row("b", 30), row("a", 10)],
      "backtest.job_failed": [row("e", 40), row("c", 30)],
    };
    const asked: (string | null)[] = [];
    const out = await pageByTypes<Row>(Object.keys(pages), (r) => r.at, 4, async (t) => {
      asked.push(t);
      return pages[t!]!;
    });
    expect(asked).toEqual(["backtest.job_done", "backtest.job_failed"]);
    expect(out.map((r) => r.id)).toEqual(["d", "e", "c", "b"]);
  });

  it("runs the one range query when the types are unknown (too many under the prefix)", async () => {
    const asked: (string | null)[] = [];
    const out = await pageByTypes<Row>(null, (r) => r.at, 2, async (t) => {
      asked.push(t);
      return [row("x", 1)];
    });
    expect(asked).toEqual([null]);
    expect(out.map((r) => r.id)).toEqual(["x"]);
  });

  it("no type under the prefix: an empty page without a query", async () => {
    expect(await pageByTypes<Row>([], (r) => r.at, 5, async () => [row("never", 1)])).toEqual([]);
  });
});
