// The five classes where roll and Packer disagreed, each with a template shaped like the examples in
// Packer's documentation (amazon-ebs builder, communicators, contextual variables, provisioners).

import { describe, expect, it } from "vitest";
import { check, lineOf } from "./helpers.js";

const BUILD = `
build {
  sources = ["source.amazon-ebs.basic-example"]
}
`;

describe("Packer's verdicts", () => {
  it("spot_instance_types with spot_price and no instance_type is valid: the spot fields choose the type", async () => {
    const { diagnostics } = await check(`
source "amazon-ebs" "basic-example" {
  region              = "us-east-1"
  source_ami          = "ami-fce3c696"
  spot_instance_types = ["t2.small", "t2.medium", "t2.large"]
  spot_price          = "0.0075"
  ssh_username        = "ubuntu"
  ami_name            = "packer_AWS_example_{{timestamp}}"
}
${BUILD}`);
    expect(diagnostics).toEqual([]);
  });

  it("instance_type and spot_instance_types together, or neither, are errors naming the field", async () => {
    const both = `
source "amazon-ebs" "basic-example" {
  region              = "us-east-1"
  source_ami          = "ami-fce3c696"
  instance_type       = "t2.micro"
  spot_instance_types = ["t2.small"]
  ssh_username        = "ubuntu"
  ami_name            = "packer_AWS_example"
}
${BUILD}`;
    expect((await check(both)).diagnostics).toEqual([
      expect.objectContaining({
        message: 'source "amazon-ebs": "instance_type" and "spot_instance_types" cannot both be set',
        line: lineOf(both, "spot_instance_types"),
        column: 3,
        field: "spot_instance_types",
      }),
    ]);
    const neither = both.replace(/ *instance_type .*\n/, "").replace(/ *spot_instance_types .*\n/, "");
    expect((await check(neither)).diagnostics).toEqual([
      expect.objectContaining({ message: 'source "amazon-ebs": one of "instance_type", "spot_instance_types" is required', field: "instance_type" }),
    ]);
  });

  it("amazon-ebs with the ssh communicator (the default, or written) and no ssh_username is an error", async () => {
    const text = `
source "amazon-ebs" "basic-example" {
  region        = "us-east-1"
  source_ami    = "ami-fce3c696"
  instance_type = "t2.micro"
  ami_name      = "packer_AWS_example"
}
${BUILD}`;
    expect((await check(text)).diagnostics).toEqual([
      expect.objectContaining({
        message: 'source "amazon-ebs": "ssh_username" is required with the ssh communicator (the default)',
        line: lineOf(text, 'source "amazon-ebs"'),
        field: "ssh_username",
      }),
    ]);
    const written = text.replace('ami_name      = "packer_AWS_example"', 'ami_name = "packer_AWS_example"\n  communicator = "ssh"');
    expect((await check(written)).diagnostics.map((d) => d.field)).toEqual(["ssh_username"]);
    // communicator = "none" needs no user; winrm has its own fields (accepted; roll bake refuses winrm).
    expect((await check(text.replace('ami_name      = "packer_AWS_example"', 'ami_name = "x-none"\n  communicator = "none"'))).diagnostics).toEqual([]);
    const winrm = text.replace(
      'ami_name      = "packer_AWS_example"',
      'ami_name = "x-winrm"\n  communicator   = "winrm"\n  winrm_username = "Administrator"\n  winrm_use_ssl  = true\n  winrm_insecure = true',
    );
    expect((await check(winrm)).diagnostics).toEqual([]);
    const bad = text.replace('ami_name      = "packer_AWS_example"', 'ami_name = "x"\n  communicator = "telnet"');
    expect((await check(bad)).diagnostics.map((d) => [d.field, d.line])).toEqual([["communicator", lineOf(bad, "telnet")]]);
  });

  it("only/except naming a source no build uses is not an error (a warning points at it)", async () => {
    const text = `
source "amazon-ebs" "first-example" {
  region        = "us-east-1"
  source_ami    = "ami-fce3c696"
  instance_type = "t2.micro"
  ssh_username  = "ubuntu"
  ami_name      = "first"
}
source "amazon-ebs" "second-example" {
  region        = "us-east-1"
  source_ami    = "ami-fce3c696"
  instance_type = "t2.micro"
  ssh_username  = "ubuntu"
  ami_name      = "second"
}
build {
  sources = ["source.amazon-ebs.first-example"]
  provisioner "shell" {
    only   = ["amazon-ebs.second-example"]
    inline = ["echo second only"]
  }
  provisioner "shell" {
    except = ["source.amazon-ebs.second-example"]
    inline = ["echo not second"]
  }
}`;
    const { diagnostics, warnings, template } = await check(text);
    expect(diagnostics).toEqual([]);
    expect(warnings.map((w) => [w.field, w.line, w.severity])).toEqual([
      ["only", lineOf(text, "only   ="), "warning"],
      ["except", lineOf(text, "except ="), "warning"],
    ]);
    expect(template!.builds[0]!.provisioners.map((p) => [p.only, p.except])).toEqual([
      [["amazon-ebs.second-example"], undefined],
      [undefined, ["source.amazon-ebs.second-example"]],
    ]);
  });
});
