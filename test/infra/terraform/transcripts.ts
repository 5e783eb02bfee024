// Paths to the recorded terraform transcripts (test/fixtures/terraform; see record.ts there) and a
// helper to read one.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

export const FIXTURES = resolve(import.meta.dirname, "../../fixtures/terraform");
export const FAKE_TERRAFORM = resolve(FIXTURES, "fake-terraform.mjs");

export function transcript(scenario: string, file: string): string {
  return readFileSync(resolve(FIXTURES, scenario, file), "utf8");
}

/** The demo stack's addresses, as synthesized (and as recorded). */
export const TEMPLATE = "aws_launch_template.service_launch-template_CDD6BC09";
export const GROUP = "aws_autoscaling_group.service_group_A399C41F";
