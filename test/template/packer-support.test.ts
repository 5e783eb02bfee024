// docs/packer-support.md is what roll promises: each "accepted, not run" type validates with a warning,
// each listed function exists, and the amazon-ebs field rows match what validate accepts.

import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sourceSchemas } from "../../src/template/schema/index.js";
import { MINIMAL_BUILD, MINIMAL_SOURCE, check } from "./helpers.js";

const doc = readFileSync(path.resolve(import.meta.dirname, "../../docs/packer-support.md"), "utf8");
const row = (prefix: string) => {
  const line = doc.split("\n").find((text) => text.startsWith(`| ${prefix}`));
  if (!line) throw new Error(`no row starting "${prefix}"`);
  return [...line.split("|")[1]!.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
};
const acceptedRow = (prefix: string) => {
  const line = doc.split("\n").find((text) => text.startsWith(`| ${prefix}`) && text.includes("accepted, not run"));
  if (!line) throw new Error(`no accepted row starting "${prefix}"`);
  return [...line.split("|")[1]!.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
};

describe("docs/packer-support.md", () => {
  it("every builder, provisioner and post-processor marked 'accepted, not run' validates with a warning", async () => {
    const builders = doc.split("\n").filter((text) => text.includes("| accepted, not run |") && !text.startsWith("| provisioners") && !text.startsWith("| post-processors"))[0]!;
    const builderTypes = [...builders.split("|")[1]!.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
    const provisioners = acceptedRow("provisioners");
    const postProcessors = acceptedRow("post-processors");
    expect(builderTypes.length * provisioners.length * postProcessors.length).toBeGreaterThan(0);
    const text = `${MINIMAL_SOURCE}
${builderTypes.map((type, index) => `source "${type}" "s${index}" {\n  some_field = "x"\n}`).join("\n")}
build {
  sources = ["source.amazon-ebs.app"]
${provisioners.map((type) => `  provisioner "${type}" {\n    setting = upper("a")\n  }`).join("\n")}
${postProcessors.map((type) => `  post-processor "${type}" {\n    output = "out"\n  }`).join("\n")}
}`;
    const { diagnostics, warnings } = await check(text);
    expect(diagnostics).toEqual([]);
    expect(warnings).toHaveLength(builderTypes.length + provisioners.length + postProcessors.length);
  });

  it("every amazon-ebs field in the table is accepted by validate, and the table names every field validate accepts", async () => {
    const supported = row("`ami_description`");
    const notRun = acceptedRowOrFields();
    expect([...supported, ...notRun].sort()).toEqual(Object.keys(sourceSchemas["amazon-ebs"]!.fields).sort());
    // A Packer docs example using fields from both rows validates.
    const { diagnostics } = await check(
      MINIMAL_SOURCE.replace('ssh_username  = "ec2-user"', 'ssh_username  = "ec2-user"\n  ena_support = true\n  sriov_support = true\n  ami_virtualization_type = "hvm"') + MINIMAL_BUILD,
    );
    expect(diagnostics).toEqual([]);
  });
});

/** The other rows of the amazon-ebs table: accepted but not run, and access fields the bake ignores. */
function acceptedRowOrFields(): string[] {
  const start = doc.indexOf("### amazon-ebs fields");
  const next = doc.indexOf("\n#", start + 1);
  const table = doc.slice(start, next === -1 ? undefined : next);
  const rows = table.split("\n").filter((text) => text.startsWith("| `") && !text.startsWith("| `ami_description`"));
  return rows.flatMap((line) => [...line.split("|")[1]!.matchAll(/`([^`]+)`/g)].map((match) => match[1]!));
}
