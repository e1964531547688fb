import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadDotEnv } from "./load-env";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function dotEnv(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hookscope-dotenv-"));
  dirs.push(dir);
  const file = path.join(dir, ".env");
  fs.writeFileSync(file, text);
  return file;
}

describe("loadDotEnv", () => {
  it("fills unset variables and leaves the real environment alone, even an empty value", () => {
    const file = dotEnv(`DATABASE_URL=file:./from-dotenv.db\nPORT=4000\n# comment\nZEROHASH_WEBHOOK_SECRETS="a,b"\nHOOKSCOPE_API_KEYS=k1\n`);
    const target: Record<string, string | undefined> = { PORT: "5000", HOOKSCOPE_API_KEYS: "" };
    expect(loadDotEnv(file, target).sort()).toEqual(["DATABASE_URL", "ZEROHASH_WEBHOOK_SECRETS"]);
    expect(target).toEqual({ DATABASE_URL: "file:./from-dotenv.db", PORT: "5000", ZEROHASH_WEBHOOK_SECRETS: "a,b", HOOKSCOPE_API_KEYS: "" });
  });

  it("does nothing without a .env file", () => {
    const target = { A: "1" };
    expect(loadDotEnv(path.join(os.tmpdir(), "hookscope-no-such-dir", ".env"), target)).toEqual([]);
    expect(target).toEqual({ A: "1" });
  });
});
