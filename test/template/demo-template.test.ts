import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkTemplate, describeBuilds, loadTemplate } from "../../src/template/index.js";

const demo = path.resolve(import.meta.dirname, "../../templates/demo.pkr.hcl");

describe("templates/demo.pkr.hcl", () => {
  it("validates, with the file upload before the shell step", async () => {
    const { template, diagnostics } = await checkTemplate(demo, { env: {} });
    expect(diagnostics).toEqual([]);
    expect(describeBuilds(template!)).toEqual([
      { name: "demo", provisioners: [expect.objectContaining({ type: "file" }), expect.objectContaining({ type: "shell" })] },
    ]);
  });

  it("takes version and healthy from --var, typed", async () => {
    const now = new Date("2025-01-01T00:00:00Z");
    const template = await loadTemplate(demo, { env: {}, vars: { version: "v7", healthy: "false" }, now });
    expect(template.variables.healthy!.value).toBe(false);
    const build = template.builds[0]!;
    expect(build.sources[0]!.fields.ami_name).toBe(`demo-v7-${now.getTime() / 1000}`);
    expect(build.provisioners[1]!.fields.environment_vars).toEqual([
      "DEMO_VERSION=v7",
      "DEMO_HEALTHY=false",
      "DEMO_UNHEALTHY_STATUS=500",
      "DEMO_UNHEALTHY_SHARE=",
      "DEMO_UNHEALTHY_AFTER=0",
      "DEMO_BOOT_DELAY=0",
      "DEMO_PORT=8080",
    ]);
  });

  it("rejects a healthy value that is not a bool", async () => {
    await expect(loadTemplate(demo, { env: { PKR_VAR_healthy: "maybe" } })).rejects.toMatchObject({
      code: "template-invalid",
      message: 'environment variable PKR_VAR_healthy: "maybe" is not a valid bool for variable "healthy"',
    });
  });
});
