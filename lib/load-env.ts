// Imported first by every entry point (npm start, the worker, the CLI, migrations, the Prisma
// config, the bench, the simulator): a `.env` in the working directory fills in what the real
// environment leaves unset. Next.js reads `.env` by itself, but only once the server is already
// running; the scripts that pick and migrate the database come earlier, so they need this.
import fs from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";

/** The names it set; a variable already in `target` (even empty) is never overwritten. */
export function loadDotEnv(file = path.resolve(process.cwd(), ".env"), target: Record<string, string | undefined> = process.env): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new Error(`could not read ${file}: ${(e as Error).message}`);
  }
  const set: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (value === undefined || target[name] !== undefined) continue;
    target[name] = value;
    set.push(name);
  }
  return set;
}

loadDotEnv();
