// The Terraform end-to-end journey on its own (see vitest.config.ts for why it is not in `npm test`).
// It names its engine in every call, so the base config's ROLL_INFRA=direct does not reach it.
import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

export default defineConfig({ test: { ...base.test, include: ["test/e2e/terraform-journey.test.ts"], exclude: [] } });
