import { defineConfig } from "vitest/config";

const SEED = "test/helpers/fast-check-seed.ts";

// Three layers, each runnable alone (`npm run test:unit` ...): the folder says what a test needs.
export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"], setupFiles: [SEED] } },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          setupFiles: [SEED],
          testTimeout: 60_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: "interop",
          include: ["test/interop/**/*.test.ts"],
          setupFiles: [SEED],
          // Generous: PHP batches slow down a lot on a loaded 2-core machine; the bound is for hangs.
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
