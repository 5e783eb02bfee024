// The short view of a template that `roll validate --json` prints.

import type { ImageTemplate } from "./types.js";

export interface BuildDescription {
  name: string;
  provisioners: { type: string; line: number }[];
}

export function describeBuilds(template: ImageTemplate): BuildDescription[] {
  return template.builds.map((build) => ({
    name: build.name,
    // A provisioner that reads source.* is one copy per source: listed once, as written.
    provisioners: build.provisioners
      .filter((provisioner, index, all) => all.findIndex((other) => other.position === provisioner.position) === index)
      .map((provisioner) => ({ type: provisioner.type, line: provisioner.position.line })),
  }));
}
