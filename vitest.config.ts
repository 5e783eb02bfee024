import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx", "sandbox/test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Most tests wait on sandbox instances, refreshes and SSH rather than compute: two files at a time
    // on this 2-core machine halves the suite's wall time (vitest's default here is one).
    maxWorkers: 2,
    // The SDK's notice that its 2027 releases need Node 22 says nothing about this pinned install.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  },
});
