import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

export default tseslint.config(
  { ignores: ["node_modules", ".next", "lib/generated", "test-results", "playwright-report", "next-env.d.ts", ".tmp", "data"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // lib/lifecycle is pure: no framework, no database.
    files: ["lib/lifecycle/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["next", "next/*", "@prisma/*", "react"] }],
    },
  },
  {
    // Routes and pages parse, call one service verb and map its result: the database stays behind
    // lib/server and lib/auth, where the context { db, actor } is built and roles are checked.
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "@/lib/db", message: "Call a service verb (lib/server/...) through the route wrapper; routes never touch the database." }],
          patterns: [
            { group: ["@/lib/server/sql", "@/lib/server/sql/*", "@/lib/generated/*", "@prisma/*"], message: "Routes never touch the database: call a service verb." },
          ],
        },
      ],
    },
  },
);
