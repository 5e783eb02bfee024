// Packer's per-source `override` on a provisioner: the fields under a source's name replace the
// provisioner's own for that source only. Checked when the template loads; merged when the bake picks
// the provisioners of a source (what then runs is what the user sees).

import { describe, expect, it } from "vitest";
import { prepareProvisioners, provisionersFor } from "../../src/bake/provisioners/prepare.js";
import { check, load } from "./helpers.js";

const TWO_SOURCES = `
source "amazon-ebs" "web" {
  ami_name = "web"
  instance_type = "t3.micro"
  region = "us-east-1"
  source_ami = "ami-12345678"
  ssh_username = "ubuntu"
}
source "amazon-ebs" "worker" {
  ami_name = "worker"
  instance_type = "t3.micro"
  region = "us-east-1"
  source_ami = "ami-12345678"
  ssh_username = "ubuntu"
}
`;

describe("provisioner override", () => {
  it("replaces fields for the named source only, as Packer's docs show", async () => {
    const template = await load(`${TWO_SOURCES}
build {
  sources = ["source.amazon-ebs.web", "source.amazon-ebs.worker"]
  provisioner "shell" {
    inline = ["echo not overridden"]
    override = {
      worker = {
        inline = ["echo yes overridden"]
        execute_command = "sudo sh -c '{{ .Vars }} {{ .Path }}'"
      }
    }
  }
}
`);
    const [build] = template.builds;
    const web = prepareProvisioners(provisionersFor(build!.provisioners, "amazon-ebs.web"), template.root);
    const worker = prepareProvisioners(provisionersFor(build!.provisioners, "amazon-ebs.worker"), template.root);
    expect(web[0]!.block.fields).toEqual({ inline: ["echo not overridden"] });
    expect(worker[0]!.block.fields).toEqual({ inline: ["echo yes overridden"], execute_command: "sudo sh -c '{{ .Vars }} {{ .Path }}'" });
  });

  it("names an unknown field inside an override, at the override's line", async () => {
    const { diagnostics } = await check(`${TWO_SOURCES}
build {
  sources = ["source.amazon-ebs.web"]
  provisioner "shell" {
    inline = ["true"]
    override = {
      web = { inlne = ["typo"] }
    }
  }
}
`);
    expect(diagnostics).toEqual([expect.objectContaining({ message: 'provisioner "shell": override.web: unknown field "inlne"', line: 21, field: "override" })]);
  });
});

describe("error-cleanup-provisioner", () => {
  it("is read like a provisioner, and a build has at most one", async () => {
    const template = await load(`${TWO_SOURCES}
build {
  sources = ["source.amazon-ebs.web"]
  provisioner "shell" { inline = ["true"] }
  error-cleanup-provisioner "shell-local" {
    inline = ["echo the build of \${source.name} failed"]
  }
}
`);
    expect(template.builds[0]!.errorCleanupProvisioners).toEqual([expect.objectContaining({ type: "shell-local", fields: { inline: ["echo the build of web failed"] } })]);

    const { diagnostics } = await check(`${TWO_SOURCES}
build {
  sources = ["source.amazon-ebs.web"]
  error-cleanup-provisioner "shell-local" { inline = ["true"] }
  error-cleanup-provisioner "shell-local" { inline = ["true"] }
}
`);
    expect(diagnostics).toEqual([expect.objectContaining({ message: "a build has at most one error-cleanup-provisioner", line: 20 })]);
  });
});
