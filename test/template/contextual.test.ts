// Packer's contextual variables, with the examples of its "Contextual variables" page: source.name and
// source.type per source in provisioners, build.name, build.* facts filled in when the step runs.

import path from "node:path";
import { describe, expect, it } from "vitest";
import { prepareProvisioners, provisionersFor, runProvisioners } from "../../src/bake/provisioners/index.js";
import { loadTemplate } from "../../src/template/index.js";
import { recorder } from "../bake/support/events.js";
import { check, lineOf, writeFiles } from "./helpers.js";

const SOURCE_VARIABLES = `
source "null" "first-example" {
  communicator = "none"
}

build {
  name = "roles"

  source "null.first-example" {
    name = "consul"
  }
  source "null.first-example" {
    name = "nomad"
  }
  source "null.first-example" {
    name = "vault"
  }
  sources = ["null.first-example"]

  provisioner "shell-local" {
    inline = ["echo \${source.name} and \${source.type}"]
  }
}
`;

describe("contextual variables", () => {
  it("source.name and source.type take each source's value (Packer's example echoes consul, nomad, vault, first-example)", async () => {
    const { template, diagnostics } = await check(SOURCE_VARIABLES);
    expect(diagnostics).toEqual([]);
    const build = template!.builds[0]!;
    const echoed = build.sources.map((source) => provisionersFor(build.provisioners, `${source.type}.${source.name}`).map((p) => p.fields.inline));
    expect(echoed).toEqual([[["echo first-example and null"]], [["echo consul and null"]], [["echo nomad and null"]], [["echo vault and null"]]]);
  });

  it("build.name is the build block's name; build.* facts are filled in when the provisioner runs", async () => {
    const dir = writeFiles({
      "t.pkr.hcl": `
source "amazon-ebs" "app" {
  region        = "us-east-1"
  source_ami    = "ami-fce3c696"
  instance_type = "t2.micro"
  ssh_username  = "ubuntu"
  ami_name      = "app"
}
build {
  name    = "my-build-name"
  sources = ["source.amazon-ebs.app"]
  provisioner "shell-local" {
    environment_vars = ["TESTVAR=\${build.PackerRunUUID}"]
    inline = ["echo source.name is \${source.name}.", "echo build.name is \${build.name}.", "echo build.PackerRunUUID is $TESTVAR", "echo \${build.ID} \${build.User}@\${build.Host}:\${build.Port}"]
  }
}
`,
    });
    const template = await loadTemplate(path.join(dir, "t.pkr.hcl"), { env: {} });
    const rec = recorder();
    await runProvisioners(prepareProvisioners(template.builds[0]!.provisioners, dir), {
      templateRoot: dir,
      builderType: "amazon-ebs",
      buildName: "app",
      signal: new AbortController().signal,
      emit: rec.emit,
      buildFacts: { PackerRunUUID: "run-123", ID: "i-0abc", User: "ubuntu", Host: "127.1.2.3", Port: "22" },
    });
    expect(rec.output("stdout")).toEqual(["source.name is app.", "build.name is my-build-name.", "build.PackerRunUUID is run-123", "i-0abc ubuntu@127.1.2.3:22"]);
  });

  it("source.* and build.* outside provisioners and post-processors are errors; packer.version and path.* work everywhere", async () => {
    const text = `
source "amazon-ebs" "app" {
  region        = "us-east-1"
  source_ami    = "ami-fce3c696"
  instance_type = "t2.micro"
  ssh_username  = "ubuntu"
  ami_name      = "app-\${source.name}"
  ami_description = "built by packer \${packer.version} from \${path.root}"
}
build {
  sources = ["source.amazon-ebs.app"]
  provisioner "shell" {
    inline = ["echo \${build.SSHPrivateKey}"]
  }
  provisioner "shell" {
    inline = ["echo \${build.Nope}"]
  }
}`;
    const { diagnostics } = await check(text);
    expect(diagnostics.map((d) => [d.message, d.line, d.field])).toEqual([
      ["source.* cannot be used here: it exists in a build's provisioners and post-processors", lineOf(text, "ami_name"), "ami_name"],
      ["build.SSHPrivateKey is not available in roll: roll keeps the temporary SSH key in memory and never hands it out", lineOf(text, "SSHPrivateKey"), "inline"],
      ['unknown build variable "build.Nope"', lineOf(text, "build.Nope"), "inline"],
    ]);
  });
});
