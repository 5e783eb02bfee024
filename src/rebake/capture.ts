// The steps added after the template's provisioners, written as ordinary provisioner blocks so that
// the bake engine runs them like any other: a rebake's security-update step, and (on every bake) the
// package manifest printed between marker lines. A tap on the event stream collects the manifest lines
// and keeps them out of the reporter (a full package list is evidence, not progress).

import { randomBytes } from "node:crypto";
import type { EventSink } from "../engine/events.js";
import type { ImageTemplate, ProvisionerConfig } from "../template/types.js";
import { MANIFEST_COMMAND, parseManifest, type PackageEntry } from "./manifest.js";

export interface ManifestTap {
  /** Forwards every event except the manifest's own output lines. */
  emit: EventSink;
  /** The manifest printed by the capture step; empty until that step ran. */
  packages(): PackageEntry[];
  /** True once the end marker was seen: the listing is complete. */
  complete(): boolean;
}

function shellBlock(file: string, inline: string[]): ProvisionerConfig {
  // Positions point at the app's policy: that is where a failing step is written.
  const position = { file, line: 1, column: 1 };
  return { type: "shell", name: "", position, fields: { inline }, fieldPositions: { inline: position } };
}

/** A fresh marker per bake, so that nothing a script prints can pass for the manifest's boundaries. */
export function newMarker(): string {
  return `roll-manifest-${randomBytes(8).toString("hex")}`;
}

/** The app's security-update step, as a provisioner whose errors point at the app's policy. */
export function securityProvisioners(securityUpdate: string, policyFile: string): ProvisionerConfig[] {
  return [shellBlock(policyFile, [securityUpdate])];
}

/** The manifest capture: the package list between two marker lines. */
export function manifestProvisioners(options: { marker: string; file: string }): ProvisionerConfig[] {
  return [shellBlock(options.file, [`echo ${options.marker}-begin`, MANIFEST_COMMAND, `echo ${options.marker}-end`])];
}

/** The template with the rebake's steps appended to the build the bake runs (the first with a source). */
export function withRebakeSteps(template: ImageTemplate, steps: ProvisionerConfig[]): ImageTemplate {
  const index = template.builds.findIndex((build) => build.sources.length > 0);
  if (index === -1) return template;
  const builds = template.builds.map((build, i) => (i === index ? { ...build, provisioners: [...build.provisioners, ...steps] } : build));
  return { ...template, builds };
}

export function manifestTap(forward: EventSink, marker: string): ManifestTap {
  const lines: string[] = [];
  let state: "before" | "inside" | "done" = "before";
  return {
    emit(event) {
      if (event.type === "output" && event.stream === "stdout") {
        const line = event.line.trim();
        if (line === `${marker}-begin`) {
          state = "inside";
          lines.length = 0;
          return;
        }
        if (line === `${marker}-end` && state === "inside") {
          state = "done";
          return;
        }
        if (state === "inside") {
          lines.push(event.line);
          return;
        }
      }
      forward(event);
    },
    packages: () => parseManifest(lines.join("\n")),
    complete: () => state === "done",
  };
}
