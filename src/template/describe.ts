// The short view of a template that `roll validate --json` prints.

import type { ImageTemplate } from "./types.js";

export interface BuildDescription {
  name: string;
  provisioners: { type: string; line: number }[];
}

export function describeBuilds(template: ImageTemplate): BuildDescription[] {
  return template.builds.map((build) => ({
    name: build.name,
    provisioners: build.provisioners.map((provisioner) => ({ type: provisioner.type, line: provisioner.position.line })),
  }));
}
