import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkTemplate, describeBuilds, loadTemplate } from "../../src/template/index.js";

const examples = path.resolve(import.meta.dirname, "../../templates/examples");

describe("the seed templates", () => {
  it("packer.pkr.hcl validates unchanged, with provisioners shell, file, shell in file order", async () => {
    const { template, diagnostics } = await checkTemplate(path.join(examples, "packer.pkr.hcl"), { env: {} });
    expect(diagnostics).toEqual([]);
    expect(describeBuilds(template!)).toEqual([
      {
        name: "amazon-ebs.app",
        provisioners: [
          { type: "shell", line: 34 },
          { type: "file", line: 41 },
          { type: "shell", line: 45 },
        ],
      },
    ]);
    const build = template!.builds[0]!;
    expect(build.provisioners[0]!.fields.inline).toEqual(["sudo yum update -y", "sudo yum install -y nginx", "sudo systemctl enable nginx"]);
    expect(build.provisioners[1]!.fields).toEqual({ source: "app.conf", destination: "/tmp/app.conf" });
  });

  it("evaluates the amazon-ebs source: variables, nested filter block, {{timestamp}} as the load's unix time", async () => {
    const now = new Date("2024-05-06T07:08:09Z");
    const template = await loadTemplate(path.join(examples, "packer.pkr.hcl"), { env: {}, now });
    const source = template.builds[0]!.sources[0]!;
    expect(source.type).toBe("amazon-ebs");
    expect(source.fields.ami_name).toBe(`my-app-${now.getTime() / 1000}`);
    expect(source.fields.region).toBe("ap-southeast-1");
    expect(source.fields.source_ami_filter).toEqual({
      filters: { name: "amzn2-ami-hvm-*-x86_64-gp2", "root-device-type": "ebs", "virtualization-type": "hvm" },
      owners: ["amazon"],
      most_recent: true,
    });
    expect(source.fieldPositions.region).toMatchObject({ line: 20, column: 3 });
    expect(template.root).toBe(examples);
    expect(template.variables.aws_region).toEqual({ name: "aws_region", value: "ap-southeast-1", sensitive: false });
  });

  it("azure.pkr.hcl validates unchanged", async () => {
    const { template, diagnostics } = await checkTemplate(path.join(examples, "azure.pkr.hcl"), { env: {} });
    expect(diagnostics).toEqual([]);
    const source = template!.builds[0]!.sources[0]!;
    expect(source.type).toBe("azure-arm");
    expect(source.fields.azure_tags).toEqual({ env: "prod", app: "my-app" });
    expect(describeBuilds(template!)).toEqual([{ name: "azure-arm.app", provisioners: [{ type: "shell", line: 25 }] }]);
  });
});
