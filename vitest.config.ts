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
    // ROLL_INFRA=direct: Terraform is roll's default engine wherever a binary is found, but each
    // terraform command starts the 700 MB AWS provider (seconds each). The general tests prove the
    // pipeline with the direct applier; the Terraform path has its own files (test/infra/terraform,
    // test/e2e/terraform-*.test.ts) that ask for it explicitly.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ROLL_INFRA: "direct" },
  },
});
