// Which Chromium Playwright drives: CHROMIUM_PATH, then Debian's /usr/bin/chromium, then a
// `chromium` (or `chromium-browser`) on PATH. The test set-up (scripts/test-setup.ts) and
// playwright.config.ts both ask here, so the browser the set-up checked is the one the tests use.
import fs from "node:fs";
import path from "node:path";

export type ChromiumChoice = { path: string; from: string } | { error: string };

const executable = (p: string) => {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
};

export function findChromium(env: Record<string, string | undefined> = process.env, isExecutable: (p: string) => boolean = executable): ChromiumChoice | null {
  const wanted = env.CHROMIUM_PATH?.trim();
  if (wanted) return isExecutable(wanted) ? { path: wanted, from: "CHROMIUM_PATH" } : { error: `CHROMIUM_PATH=${wanted} is not an executable file` };
  if (isExecutable("/usr/bin/chromium")) return { path: "/usr/bin/chromium", from: "/usr/bin/chromium" };
  for (const name of ["chromium", "chromium-browser"]) {
    for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
      const p = path.join(dir, name);
      if (isExecutable(p)) return { path: p, from: "PATH" };
    }
  }
  return null;
}
