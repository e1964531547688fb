import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["lib/**/*.test.ts", "app/**/*.test.ts", "components/**/*.test.ts"], exclude: ["**/*.int.test.ts", "node_modules/**"] },
      },
      {
        resolve: { alias },
        test: {
          name: "int-sqlite",
          include: ["**/*.int.test.ts"],
          exclude: ["node_modules/**"],
          // tests call receivers on 127.0.0.1 (lib/testing/receiver.ts)
          env: { HOOKSCOPE_TEST_DB: "sqlite", HOOKSCOPE_ALLOW_PRIVATE_CALLBACKS: "true" },
          globalSetup: ["./lib/testing/global-db.ts"],
          setupFiles: ["./lib/testing/setup-db.ts"],
          testTimeout: 20000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "int-postgres",
          include: ["**/*.int.test.ts"],
          exclude: ["node_modules/**"],
          // tests call receivers on 127.0.0.1 (lib/testing/receiver.ts)
          env: { HOOKSCOPE_TEST_DB: "postgres", HOOKSCOPE_ALLOW_PRIVATE_CALLBACKS: "true" },
          globalSetup: ["./lib/testing/global-db.ts"],
          setupFiles: ["./lib/testing/setup-db.ts"],
          testTimeout: 20000,
        },
      },
    ],
  },
});
