import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["{lib,scripts,components,app}/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          // Against a real PostgreSQL: TEST_DATABASE_URL's server, or an embedded one of its own.
          name: "integration",
          include: ["{lib,scripts}/**/*.int.test.ts"],
          globalSetup: ["lib/testing/integration-global-setup.ts"],
          fileParallelism: false,
          // The tests' webhook receivers listen on 127.0.0.1, a loopback address webhooks go to only with this opt-in.
          env: { TRAILPROOF_WEBHOOK_PRIVATE: "1" },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
