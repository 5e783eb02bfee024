// The Terraform end-to-end journey on its own (see vitest.config.ts for why it is not in `npm test`).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/e2e/terraform-journey.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  },
});
