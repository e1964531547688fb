import { defineConfig } from "@playwright/test";

import { findChromium } from "./lib/testing/chromium";
import { E2E_API_KEY, E2E_PIPAI_SECRET, E2E_PIPAI_WEBHOOK_ID, E2E_PORT as PORT, E2E_SECRET } from "./e2e/constants";

// `npm test` checked (or installed) this one first: scripts/test-setup.ts
const chromium = findChromium();

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"]],
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: { executablePath: chromium && "path" in chromium ? chromium.path : "/usr/bin/chromium" },
    trace: "retain-on-failure",
  },
  projects: [
    { name: "api", testMatch: /api\/.*\.spec\.ts/ },
    { name: "ui", testMatch: /ui\/.*\.spec\.ts/ },
  ],
  webServer: {
    // A fresh SQLite file per run, migrations applied, the production build served by the
    // production server (scripts/serve.ts: intake on node:http, the rest through Next.js).
    command: `rm -rf .tmp/e2e && mkdir -p .tmp/e2e && npx tsx scripts/migrate.ts && npx next build && npx tsx scripts/serve.ts`,
    url: `http://127.0.0.1:${PORT}/api/health`,
    timeout: 480_000,
    reuseExistingServer: false,
    env: {
      PORT: String(PORT),
      DATABASE_URL: "file:./.tmp/e2e/hookscope.db",
      ZEROHASH_WEBHOOK_SECRETS: E2E_SECRET,
      PIPAI_WEBHOOK_SECRETS: `${E2E_PIPAI_WEBHOOK_ID}=${E2E_PIPAI_SECRET}`,
      NEXT_TELEMETRY_DISABLED: "1",
      HOOKSCOPE_WORKER_POLL_MS: "200",
      HOOKSCOPE_API_KEYS: E2E_API_KEY,
      HOOKSCOPE_SIGNIN_ATTEMPTS_PER_MINUTE: "1000",
      // the callback receiver of the tests listens on 127.0.0.1
      HOOKSCOPE_ALLOW_PRIVATE_CALLBACKS: "true",
    },
  },
});
