import { describe, expect, it } from "vitest";
import { isRollError } from "../../src/engine/errors.js";
import { MINIMAL_BUILD, MINIMAL_SOURCE, check, lineOf, loadError } from "./helpers.js";

describe("template errors carry file, line, column and field", () => {
  it("a list given to instance_type is a type error naming the field", async () => {
    const text = MINIMAL_SOURCE.replace('instance_type = "t3.micro"', 'instance_type = ["t3.micro"]') + MINIMAL_BUILD;
    const error = await loadError(text);
    expect(isRollError(error)).toBe(true);
    expect(error.code).toBe("template-invalid");
    expect(error.fault).toBe("user");
    expect(error.message).toBe("instance_type: string required, got a list");
    expect(error.location).toEqual({ file: expect.stringMatching(/template\.pkr\.hcl$/), line: lineOf(text, "instance_type"), column: 19, field: "instance_type" });
  });

  it("an unknown field is an error naming it, with a suggestion", async () => {
    const text = MINIMAL_SOURCE.replace('region        = "us-east-1"', 'regoin = "us-east-1"') + MINIMAL_BUILD;
    const error = await loadError(text);
    expect(error.message).toBe('unknown field "regoin" in source "amazon-ebs"');
    expect(error.hint).toBe('did you mean "region"?');
    expect(error.location).toMatchObject({ line: lineOf(text, "regoin"), column: 3, field: "regoin" });
  });

  it("unknown fields inside nested blocks and provisioners are named with their path", async () => {
    const text = `${MINIMAL_SOURCE}
build {
  sources = ["source.amazon-ebs.app"]
  provisioner "shell" {
    inline  = ["true"]
    inlines = ["x"]
  }
}
source "amazon-ebs" "other" {
  ami_name = "x"
  instance_type = "t3.micro"
  source_ami_filter {
    owners = ["amazon"]
    newest = true
  }
}`;
    const { diagnostics } = await check(text);
    expect(diagnostics.map((d) => [d.message, d.line, d.field])).toEqual([
      ['unknown field "inlines" in provisioner "shell"', lineOf(text, "inlines"), "inlines"],
      ['unknown field "source_ami_filter.newest" in source_ami_filter', lineOf(text, "newest"), "source_ami_filter.newest"],
    ]);
  });

  it("a block written as an attribute (and the reverse) says how to write it", async () => {
    const text = MINIMAL_SOURCE.replace('source_ami    = "ami-12345678"', 'source_ami_filter = { owners = ["amazon"] }\n  tags { a = "b" }') + MINIMAL_BUILD;
    const { diagnostics } = await check(text);
    expect(diagnostics.map((d) => d.message)).toEqual([
      '"source_ami_filter" is a block: write source_ami_filter { … } without "="',
      '"tags" is an attribute, not a block: write tags = …',
    ]);
  });

  it("an unknown variable reference names it, with the position of the reference", async () => {
    const text = `variable "region" { default = "x" }\n${MINIMAL_SOURCE.replace('"us-east-1"', "var.regon")}${MINIMAL_BUILD}`;
    const error = await loadError(text);
    expect(error.message).toBe('unknown variable "regon"');
    expect(error.hint).toBe('did you mean "region"?');
    expect(error.location).toMatchObject({ line: lineOf(text, "var.regon"), column: 19, field: "region" });
  });

  it("syntax errors become diagnostics with line and column", async () => {
    const text = `source "amazon-ebs" "app" {\n  ami_name = "x"\n  region = \n}\n`;
    const { diagnostics, template } = await check(text);
    expect(template).toBeUndefined();
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics[0]!.message).toMatch(/^syntax error/);
    expect(diagnostics[0]).toMatchObject({ file: expect.stringMatching(/template\.pkr\.hcl$/), line: 3 });
    expect(diagnostics[0]!.column).toBeGreaterThan(0);
  });

  it("an unclosed block is a syntax error", async () => {
    const { diagnostics } = await check(`build {\n  sources = ["source.amazon-ebs.app"]\n`);
    expect(diagnostics[0]!.message).toMatch(/^syntax error: missing/);
  });

  it("checkTemplate reports every problem; loadTemplate throws the first", async () => {
    const text = MINIMAL_SOURCE.replace('ami_name      = "app"', "ami_name = 5\n  colour = 1\n  ssh_port = \"twenty-two\"") + MINIMAL_BUILD.replace("source.amazon-ebs.app", "source.amazon-ebs.ap");
    const { diagnostics } = await check(text);
    expect(diagnostics.map((d) => d.field)).toEqual(["colour", "ssh_port", "sources"]);
    expect(diagnostics[2]!.message).toBe('unknown source "source.amazon-ebs.ap"');
    const error = await loadError(text);
    expect(error.location?.field).toBe("colour");
  });

  it("required fields and mutually exclusive fields are checked", async () => {
    const text = `source "amazon-ebs" "app" {
  instance_type = "t3.micro"
  user_data = "a"
  user_data_file = "b.sh"
}
${MINIMAL_BUILD}`;
    const { diagnostics } = await check(text, {}, { "b.sh": "echo" });
    expect(diagnostics.map((d) => d.message)).toEqual([
      'source "amazon-ebs": "ami_name" is required',
      'source "amazon-ebs": one of "source_ami", "source_ami_filter" is required',
      'source "amazon-ebs": "ssh_username" is required with the ssh communicator (the default)',
      'source "amazon-ebs": "user_data" and "user_data_file" cannot both be set',
    ]);
  });

  it("local files named by scripts and file uploads must exist beside the template", async () => {
    const text = `${MINIMAL_SOURCE}
build {
  sources = ["source.amazon-ebs.app"]
  provisioner "shell" { script = "setup.sh" }
  provisioner "shell" { scripts = ["present.sh", "missing.sh"] }
  provisioner "file" {
    source      = "gone.conf"
    destination = "/tmp/x"
  }
  provisioner "file" {
    source      = "/var/log/remote.log"
    destination = "out.log"
    direction   = "download"
  }
}`;
    const { diagnostics } = await check(text, {}, { "setup.sh": "echo", "present.sh": "echo" });
    expect(diagnostics.map((d) => [d.field, d.line])).toEqual([
      ["scripts", lineOf(text, "missing.sh")],
      ["source", lineOf(text, "gone.conf")],
    ]);
    expect(diagnostics[0]!.message).toContain("file not found: missing.sh");
  });

  it("unknown blocks and types are named; types Packer's plugins provide are accepted with a warning", async () => {
    const text = `${MINIMAL_SOURCE}
source "docker" "x" {
  image  = "ubuntu:jammy"
  commit = true
}
source "frobnicator" "y" {}
build {
  sources = ["source.amazon-ebs.app"]
  provisioner "ansible" {
    playbook_file = "./playbook.yml"
    extra_arguments = ["--extra-vars", "x=\${upper("a")}"]
  }
  provisioner "ansibel" {}
}
builder "x" {}`;
    const { diagnostics } = await check(text);
    expect(diagnostics.map((d) => d.message)).toEqual(['unknown block type "builder"']);
    const second = await check(text.replace('builder "x" {}', ""));
    expect(second.diagnostics.map((d) => [d.message, d.hint])).toEqual([
      ['unsupported builder type "frobnicator" in source "frobnicator" "y"', "roll runs amazon-ebs; docs/packer-support.md lists the types it accepts"],
      ['unsupported provisioner type "ansibel"', 'did you mean "ansible"?'],
    ]);
    expect(second.warnings.map((d) => [d.message, d.line])).toEqual([
      ['roll cannot run source "docker" yet: validate checked its expressions, roll bake will refuse it', lineOf(text, 'source "docker"')],
      ['roll cannot run provisioner "ansible" yet: validate checked its expressions, roll bake will refuse it', lineOf(text, 'provisioner "ansible"')],
    ]);
    const third = await check(text.replace('builder "x" {}', "").replace('source "frobnicator" "y" {}', "").replace('provisioner "ansibel" {}', ""));
    expect(third.diagnostics).toEqual([]);
  });
});
