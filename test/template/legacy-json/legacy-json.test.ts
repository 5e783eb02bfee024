// Legacy JSON templates, as Packer users still keep them: roll reads them directly (upgraded to HCL2 by
// hcl2_upgrade's rules, with every message naming the JSON file's line) and `roll convert` writes the
// .pkr.hcl file. The Packer peer template (sandbox/test/packer/amazon-ebs.json, which Debian's packer
// builds unchanged in CI) is the main example.

import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkTemplate, loadTemplate } from "../../../src/template/index.js";
import { upgradeGoCalls } from "../../../src/template/legacy-json/go-calls.js";
import { repoRoot, runCli } from "../../cli/cli-helpers.js";

const PEER = path.join(repoRoot, "sandbox/test/packer/amazon-ebs.json");
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "roll-legacy-json-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, content: unknown): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return file;
}

describe("reading a legacy JSON template", () => {
  it("evaluates the Packer peer template as Packer would: user variables, the filter block, the shell provisioner", async () => {
    const template = await loadTemplate(PEER, { env: {}, vars: { ec2_endpoint: "http://127.0.0.1:9" }, now: new Date("2024-05-06T07:08:09Z") });
    expect(template.builds).toHaveLength(1);
    const [source] = template.builds[0]!.sources;
    expect(source!.type).toBe("amazon-ebs");
    expect(source!.name).toBe("amazon-ebs");
    expect(source!.fields).toMatchObject({
      region: "us-east-1",
      custom_endpoint_ec2: "http://127.0.0.1:9",
      source_ami_filter: { filters: { name: "sandbox-linux-base-*", "virtualization-type": "hvm", "root-device-type": "ebs" }, owners: ["amazon"], most_recent: true },
      instance_type: "t3.micro",
      ssh_username: "ubuntu",
      // hcl2_upgrade's timestamp local: the build start, digits only.
      ami_name: "packer-peer-20240506070809",
      tags: { "built-by": "packer" },
    });
    // Positions name the JSON file and the line the value was written on.
    expect(source!.fieldPositions.instance_type).toMatchObject({ file: expect.stringContaining("amazon-ebs.json"), line: 16 });
    const [shell] = template.builds[0]!.provisioners;
    expect(shell!.type).toBe("shell");
    expect(shell!.fields.execute_command).toBe("chmod +x {{ .Path }}; {{ .Vars }} sudo -E sh '{{ .Path }}'");
    expect(shell!.fields.inline).toEqual(["mkdir -p /opt/app", 'echo "built by packer as $(id -un) via sudo" > /opt/app/VERSION', "cat /opt/app/VERSION"]);
  });

  it("names the JSON line and column of a bad field, a missing variable and an unknown root key", async () => {
    const file = await write(
      "bad.json",
      `{
  "variables": { "region": null },
  "builders": [
    { "type": "amazon-ebs", "region": "{{user \`region\`}}", "source_ami": "ami-1",
      "instance_type": "t3.micro", "ssh_username": "ubuntu", "ami_name": "x" }
  ],
  "provisioners": [
    { "type": "shell",
      "inlin": ["echo hi"] }
  ]
}
`,
    );
    const { diagnostics } = await checkTemplate(file, { env: {} });
    const shown = diagnostics.map((d) => `${path.basename(d.file)}:${d.line}:${d.column} ${d.message}`);
    expect(shown).toEqual(expect.arrayContaining([expect.stringMatching(/^bad\.json:2:\d+ variable "region" has no default/), expect.stringMatching(/^bad\.json:9:\d+ unknown field "inlin"/)]));

    const rootKey = await write("root.json", { builders: [{ type: "amazon-ebs" }], post_processors: [] });
    const { diagnostics: rootProblems } = await checkTemplate(rootKey, { env: {} });
    expect(rootProblems).toEqual([expect.objectContaining({ line: 7, column: 3, message: 'unknown root level key "post_processors"', field: "post_processors" })]);
  });

  it("keeps sensitive-variables sensitive and post-processor sequences in order", async () => {
    const file = await write("pp.json", {
      variables: { token: "s3cr3t-value", region: "us-east-1" },
      "sensitive-variables": ["token"],
      builders: [{ type: "amazon-ebs", name: "web", region: "{{user `region`}}", source_ami: "ami-1", instance_type: "t3.micro", ssh_username: "ubuntu", ami_name: "x" }],
      provisioners: [{ type: "shell", only: ["web"], environment_vars: ["TOKEN={{user `token`}}"], inline: ["true"] }],
      "post-processors": [[{ type: "manifest", output: "a.json" }, { type: "shell-local", inline: ["echo done"] }], { type: "manifest", output: "b.json" }],
    });
    const template = await loadTemplate(file, { env: {} });
    expect(template.variables.token).toEqual({ name: "token", value: "s3cr3t-value", sensitive: true });
    expect(template.sensitiveValues).toContain("s3cr3t-value");
    const build = template.builds[0]!;
    expect(build.provisioners[0]!.only).toEqual(["amazon-ebs.web"]);
    expect(build.postProcessors.map((p) => [p.type, p.chain])).toEqual([
      ["manifest", 0],
      ["shell-local", 0],
      ["manifest", 1],
    ]);
  });

  it("refuses nesting deeper than any template needs, without overflowing the stack", async () => {
    const file = await write("deep.json", `{"builders": [{"type": "amazon-ebs", "tags": ${"[".repeat(5000)}${"]".repeat(5000)}}]}`);
    const { diagnostics } = await checkTemplate(file, { env: {} });
    expect(diagnostics).toEqual([expect.objectContaining({ line: 1, message: "nested deeper than 200 levels" })]);
  });
});

describe("Go-template calls, upgraded as hcl2_upgrade does", () => {
  it.each([
    ["{{user `x`}}", "${var.x}"],
    ['{{ user "x" }}', "${var.x}"],
    ["{{env `HOME`}}", '${env("HOME")}'],
    ["{{timestamp}}", "${local.timestamp}"],
    ["{{build `ID`}}", "${build.ID}"],
    ["{{isotime}}", "${timestamp()}"],
    ['{{isotime "2006-01-02"}}', '${legacy_isotime("2006-01-02")}'],
    ["{{uuid}}", "${uuidv4()}"],
    ["{{template_dir}}/f", "${path.root}/f"],
    ["{{ .Path }}", "{{ .Path }}"],
    ["{{lower `X`}}", "{{lower `X`}}"],
    ['literal ${x} %{y} "q" \\', 'literal $${x} %%{y} \\"q\\" \\\\'],
  ])("%s -> %s", (input, hcl) => {
    expect(upgradeGoCalls(input).hcl).toBe(hcl);
  });
});

describe("roll convert", () => {
  it("writes <template>.json.pkr.hcl that loads to the same template, and will not overwrite it without --force", async () => {
    const source = await write("peer.json", await readFile(PEER, "utf8"));
    const first = await runCli(["convert", source], process.env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`wrote ${source}.pkr.hcl`);
    const hcl = await readFile(`${source}.pkr.hcl`, "utf8");
    expect(hcl).toContain('source "amazon-ebs" "amazon-ebs" {');
    expect(hcl).toContain("source_ami_filter {");
    expect(hcl).toContain('sources = ["source.amazon-ebs.amazon-ebs"]');

    const options = { env: {}, vars: { ec2_endpoint: "http://127.0.0.1:9" }, now: new Date("2024-05-06T07:08:09Z") };
    const fromJson = await loadTemplate(source, options);
    const fromHcl = await loadTemplate(`${source}.pkr.hcl`, options);
    const withoutPositions = (t: typeof fromJson) => t.builds.map((b) => ({ sources: b.sources.map((s) => [s.type, s.name, s.fields]), provisioners: b.provisioners.map((p) => [p.type, p.fields]) }));
    expect(withoutPositions(fromHcl)).toEqual(withoutPositions(fromJson));

    const again = await runCli(["convert", source], process.env);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("--force");
    expect((await runCli(["convert", source, "--force"], process.env)).code).toBe(0);
  });

  it("names the line of a JSON syntax error and exits 2", async () => {
    const broken = await write("broken.json", '{\n  "builders": [\n    { "type": "amazon-ebs", }\n  ]\n}\n');
    const run = await runCli(["convert", broken, "-o", "-"], process.env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/broken\.json:3:\d+: /);
  });
});
