// Reading the stack's identifiers back: from AsgService's outputs, or from the state's values.
import { describe, expect, it } from "vitest";
import { outputsFromJson, outputsFromState } from "../../../src/infra/terraform/outputs.js";
import type { SynthesizedStack } from "../../../src/stack/synthesized.js";
import { GROUP, TEMPLATE, transcript } from "./transcripts.js";

const stack = { app: "demo", launchTemplate: { name: "roll-demo", address: TEMPLATE }, group: { name: "roll-demo", address: GROUP } } as SynthesizedStack;

describe("stack outputs", () => {
  it("reads the recorded `output -json` of the demo stack", () => {
    const outputs = outputsFromJson(transcript("apply-update", "output.out"))!;
    expect(outputs.launchTemplate).toMatchObject({ name: "roll-demo", latestVersion: 2, defaultVersion: 1 });
    expect(outputs.launchTemplate!.id).toMatch(/^lt-/);
    expect(outputs.group).toEqual({ name: "roll-demo", launchTemplateId: outputs.launchTemplate!.id, launchTemplateVersion: 1, desiredCapacity: 4 });
  });

  it("says so when the outputs are missing (no state yet, or a stack without AsgService)", () => {
    expect(outputsFromJson("{}")).toBeUndefined();
  });

  it("reads the same from the recorded state (`show -json`)", () => {
    const fromState = outputsFromState(transcript("apply-update", "show-state.out"), stack);
    expect(fromState).toEqual(outputsFromJson(transcript("apply-update", "output.out")));
    expect(outputsFromState('{"format_version":"1.0"}', stack)).toEqual({});
  });
});
