import { beforeEach, describe, expect, it, vi } from "vitest";

const db = vi.hoisted(() => ({ query: (): Promise<unknown> => Promise.resolve([]) }));
vi.mock("@/lib/db", () => ({
  dbProvider: () => "postgres",
  getDb: async () => ({ $queryRawUnsafe: () => db.query() }),
}));

const { checkHealth, HEALTH_PROBE_TIMEOUT_MS } = await import("./health");

beforeEach(() => {
  db.query = () => Promise.resolve([]);
});

describe("checkHealth", () => {
  it("answers within its bound when the database never answers, and says the database is unresponsive", async () => {
    db.query = () => new Promise(() => {});
    const started = performance.now();
    const h = await checkHealth(200);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(h).toMatchObject({ status: "degraded", database: { provider: "postgres", reachable: false, error: "unresponsive" } });
  });

  it("keeps the default bound under the 2 s health promise", () => {
    expect(HEALTH_PROBE_TIMEOUT_MS).toBeLessThan(2000);
  });

  it("reports a failing database by error class only, and a healthy one as ok", async () => {
    db.query = () => Promise.reject(Object.assign(new Error("connect ECONNREFUSED postgres://user:pw@h/db"), { code: "ECONNREFUSED" }));
    const down = await checkHealth(200);
    expect(down).toMatchObject({ status: "degraded", database: { reachable: false, error: "ECONNREFUSED" } });
    expect(JSON.stringify(down)).not.toContain("pw");
    db.query = () => Promise.resolve([]);
    expect(await checkHealth(200)).toMatchObject({ status: "ok", database: { reachable: true } });
  });
});
