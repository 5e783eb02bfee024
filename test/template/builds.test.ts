import path from "node:path";
import { describe, expect, it } from "vitest";
import { appliesTo, checkTemplate, dataPlaceholder, describeBuilds, loadTemplate } from "../../src/template/index.js";
import { MINIMAL_BUILD, MINIMAL_SOURCE, check, lineOf, load, writeFiles } from "./helpers.js";

describe("dynamic blocks", () => {
  it("expands for_each over a list and a map, with a custom iterator", async () => {
    const template = await load(`
variable "disks" {
  default = [{ device = "/dev/sdb", size = 10 }, { device = "/dev/sdc", size = 20 }]
}
${MINIMAL_SOURCE.replace('ssh_username  = "ec2-user"', `ssh_username  = "ec2-user"
  launch_block_device_mappings {
    device_name = "/dev/xvda"
    volume_size = 8
  }
  dynamic "launch_block_device_mappings" {
    for_each = var.disks
    iterator = disk
    content {
      device_name = disk.value.device
      volume_size = disk.value.size
      encrypted   = disk.key == 1
    }
  }
  dynamic "tag" {
    for_each = { team = "web", env = "prod" }
    content {
      key   = tag.key
      value = tag.value
    }
  }`)}${MINIMAL_BUILD}`);
    const fields = template.builds[0]!.sources[0]!.fields;
    expect(fields.launch_block_device_mappings).toEqual([
      { device_name: "/dev/xvda", volume_size: 8 },
      { device_name: "/dev/sdb", volume_size: 10, encrypted: false },
      { device_name: "/dev/sdc", volume_size: 20, encrypted: true },
    ]);
    expect(fields.tag).toEqual([
      { key: "env", value: "prod" },
      { key: "team", value: "web" },
    ]);
  });

  it("checks the generated blocks against the schema", async () => {
    const text = MINIMAL_SOURCE.replace(
      'ssh_username  = "ec2-user"',
      `ssh_username  = "ec2-user"
  dynamic "launch_block_device_mappings" {
    for_each = [1]
    content {
      size = 10
    }
  }`,
    ) + MINIMAL_BUILD;
    const { diagnostics } = await check(text);
    expect(diagnostics.map((d) => [d.message, d.line])).toEqual([
      ['launch_block_device_mappings: "launch_block_device_mappings.device_name" is required', lineOf(text, "content {")],
      ['unknown field "launch_block_device_mappings.size" in launch_block_device_mappings', lineOf(text, "size = 10")],
    ]);
  });
});

describe("builds", () => {
  const twoSources = `${MINIMAL_SOURCE}
source "amazon-ebs" "arm" {
  ami_name      = "app-arm"
  instance_type = "t4g.micro"
  source_ami    = "ami-87654321"
  ssh_username  = "ec2-user"
}
`;

  it("keeps provisioners and post-processors in file order with only/except", async () => {
    const template = await load(`${twoSources}
build {
  name    = "app"
  sources = ["source.amazon-ebs.app", "source.amazon-ebs.arm"]

  provisioner "shell" {
    inline = ["echo all"]
  }
  provisioner "file" {
    content     = "x"
    destination = "/tmp/x"
    only        = ["amazon-ebs.arm"]
  }
  provisioner "shell-local" {
    command = "echo local"
    except  = ["amazon-ebs.arm"]
  }
  provisioner "breakpoint" {
    note    = "look around"
    disable = true
  }
  provisioner "shell" {
    script = "setup.sh"
  }
  post-processor "manifest" {
    output     = "manifest.json"
    strip_path = true
  }
  post-processors {
    post-processor "shell-local" {
      inline = ["echo one"]
    }
    post-processor "manifest" {
      custom_data = { team = "web" }
    }
  }
}`, {}, { "setup.sh": "echo hi" });
    const [build] = template.builds;
    expect(describeBuilds(template)[0]!.provisioners.map((p) => p.type)).toEqual(["shell", "file", "shell-local", "breakpoint", "shell"]);
    expect(build!.name).toBe("app");
    const [app, arm] = build!.sources;
    const runs = (source: typeof app) => build!.provisioners.filter((p) => appliesTo(p, source!)).map((p) => p.type);
    expect(runs(app)).toEqual(["shell", "shell-local", "breakpoint", "shell"]);
    expect(runs(arm)).toEqual(["shell", "file", "breakpoint", "shell"]);
    expect(build!.postProcessors.map((p) => [p.type, p.chain])).toEqual([
      ["manifest", 0],
      ["shell-local", 1],
      ["manifest", 1],
    ]);
    expect(build!.postProcessors[2]!.fields.custom_data).toEqual({ team: "web" });
  });

  it("only/except naming a source no build uses is valid (as in Packer), with a warning; the step runs nowhere", async () => {
    const text = `${MINIMAL_SOURCE}
build {
  sources = ["source.amazon-ebs.app"]
  provisioner "shell" {
    inline = ["x"]
    only   = ["amazon-ebs.ap"]
  }
  provisioner "shell" {
    inline = ["y"]
    except = ["amazon-ebs.other"]
  }
}`;
    const { diagnostics, warnings, template } = await check(text);
    expect(diagnostics).toEqual([]);
    expect(warnings).toEqual([
      expect.objectContaining({
        message: 'provisioner "shell": only names "amazon-ebs.ap", which is not a source of this build',
        line: lineOf(text, "only"),
        field: "only",
        hint: 'did you mean "amazon-ebs.app"?',
        severity: "warning",
      }),
      expect.objectContaining({ field: "except", line: lineOf(text, "except") }),
    ]);
    const [onlyTypo, exceptOther] = template!.builds[0]!.provisioners;
    const source = template!.builds[0]!.sources[0]!;
    expect([appliesTo(onlyTypo!, source), appliesTo(exceptOther!, source)]).toEqual([false, true]);
  });

  it("build-level source blocks rename and override fields; only/except match the new or declared name", async () => {
    const template = await load(`${MINIMAL_SOURCE}
build {
  source "amazon-ebs.app" {
    name          = "big"
    instance_type = "m5.large"
    tags          = { size = "big" }
  }
  source "source.amazon-ebs.app" {
    name = "small"
  }
  provisioner "shell" {
    inline = ["big only"]
    only   = ["amazon-ebs.big"]
  }
  provisioner "shell" {
    inline = ["every source declared as app"]
    only   = ["amazon-ebs.app"]
  }
}`);
    const [big, small] = template.builds[0]!.sources;
    expect(big).toMatchObject({ type: "amazon-ebs", name: "big", fields: { instance_type: "m5.large", tags: { size: "big" }, ami_name: "app" } });
    expect(small).toMatchObject({ name: "small", fields: { instance_type: "t3.micro" } });
    expect(big!.fieldPositions.instance_type!.line).toBeGreaterThan(big!.fieldPositions.ami_name!.line);
    const [bigOnly, both] = template.builds[0]!.provisioners;
    expect([appliesTo(bigOnly!, big!), appliesTo(bigOnly!, small!)]).toEqual([true, false]);
    expect([appliesTo(both!, big!), appliesTo(both!, small!)]).toEqual([true, true]);
    expect(template.builds[0]!.name).toBe("amazon-ebs.big,amazon-ebs.small");
  });

  it("build-level overrides are schema-checked, and the merged source must be complete", async () => {
    const text = `source "amazon-ebs" "app" {
  instance_type = "t3.micro"
  source_ami    = "ami-1"
}
build {
  source "amazon-ebs.app" {
    instance_typ = "x"
    ssh_username = "ec2-user"
  }
  source "amazon-ebs.app" {
    name     = "named"
    ami_name = "ok"
  }
}`;
    const { diagnostics } = await check(text);
    expect(diagnostics.map((d) => [d.message, d.line])).toEqual([
      ['source "amazon-ebs": "ami_name" is required', 6],
      ['unknown field "instance_typ" in source "amazon-ebs"', 7],
      ['source "amazon-ebs": "ssh_username" is required with the ssh communicator (the default)', 10],
    ]);
  });

  it("data sources are evaluated and references become placeholders the builder resolves", async () => {
    const template = await load(`
data "amazon-ami" "base" {
  filters = {
    name = "al2023-ami-*-x86_64"
  }
  owners      = ["amazon"]
  most_recent = true
  region      = "us-east-1"
}
locals { base = data.amazon-ami.base.id }
${MINIMAL_SOURCE.replace('source_ami    = "ami-12345678"', "source_ami = local.base\n  ami_description = \"from ${data.amazon-ami.base.name}\"")}${MINIMAL_BUILD}`);
    expect(template.dataSources).toEqual([
      expect.objectContaining({ type: "amazon-ami", name: "base", fields: { filters: { name: "al2023-ami-*-x86_64" }, owners: ["amazon"], most_recent: true, region: "us-east-1" } }),
    ]);
    const fields = template.builds[0]!.sources[0]!.fields;
    expect(fields.source_ami).toBe(dataPlaceholder("amazon-ami", "base", "id"));
    expect(fields.source_ami).toBe("${data.amazon-ami.base.id}");
    expect(fields.ami_description).toBe("from ${data.amazon-ami.base.name}");

    const { diagnostics } = await check(`${MINIMAL_SOURCE.replace('"ami-12345678"', "data.amazon-ami.nope.id")}${MINIMAL_BUILD}`);
    expect(diagnostics[0]!.message).toBe("unknown data source data.amazon-ami.nope");
  });

  it("the packer block is accepted, and checked for shape", async () => {
    await expect(load(`packer {\n  required_version = ">= 1.9"\n  required_plugins {\n    amazon = { source = "x", version = ">= 1" }\n  }\n}\n${MINIMAL_SOURCE}${MINIMAL_BUILD}`)).resolves.toBeDefined();
    const { diagnostics } = await check(`packer {\n  required_versions = "1"\n}\n${MINIMAL_SOURCE}${MINIMAL_BUILD}`);
    expect(diagnostics).toEqual([expect.objectContaining({ line: 2, field: "required_versions" })]);
  });
});

describe("folder templates", () => {
  it("loads every *.pkr.hcl in a folder (lexical order) with its *.auto.pkrvars.hcl", async () => {
    const dir = writeFiles({
      "variables.pkr.hcl": `variable "region" { type = string }\nlocals { name = "app-\${var.region}" }\n`,
      "build.pkr.hcl": `source "amazon-ebs" "app" {
  ami_name      = local.name
  instance_type = "t3.micro"
  region        = var.region
  source_ami    = "ami-1"
  ssh_username  = "ec2-user"
}
build {
  sources = ["source.amazon-ebs.app"]
  provisioner "shell" { inline = ["echo"] }
}
`,
      "region.auto.pkrvars.hcl": 'region = "eu-west-1"\n',
      "notes.txt": "not a template",
    });
    const template = await loadTemplate(dir, { env: {}, cwd: dir });
    expect(template.files).toEqual([path.join(dir, "build.pkr.hcl"), path.join(dir, "variables.pkr.hcl")]);
    expect(template.root).toBe(dir);
    expect(template.builds[0]!.sources[0]!.fields).toMatchObject({ ami_name: "app-eu-west-1", region: "eu-west-1" });
    expect(template.builds[0]!.sources[0]!.position).toEqual({ file: "build.pkr.hcl", line: 1, column: 1 });
    const { diagnostics } = await checkTemplate(path.join(dir, "build.pkr.hcl"), { env: {}, cwd: dir });
    // One file alone does not see the other's declarations.
    expect(diagnostics.map((d) => d.message)).toEqual(['unknown local "name"', 'unknown variable "region"']);
  });

  it("a missing path or an empty folder is an error", async () => {
    const empty = writeFiles({ "readme.md": "x" });
    expect((await checkTemplate(path.join(empty, "nope.pkr.hcl"), { env: {} })).diagnostics[0]!.message).toMatch(/^template not found/);
    expect((await checkTemplate(empty, { env: {} })).diagnostics[0]!.message).toMatch(/^no \*\.pkr\.hcl files/);
  });
});
