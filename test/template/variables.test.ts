import { describe, expect, it } from "vitest";
import path from "node:path";
import { loadTemplate } from "../../src/template/index.js";
import { MINIMAL_BUILD, MINIMAL_SOURCE, check, lineOf, load, loadError, writeFiles } from "./helpers.js";

const REGION_VARIABLE = `
variable "region" {
  type    = string
  default = "from-default"
}
`;

describe("variable values and precedence", () => {
  const template = `${REGION_VARIABLE}${MINIMAL_SOURCE}${MINIMAL_BUILD}`;
  const region = async (options: Parameters<typeof load>[1], files: Record<string, string> = {}) => {
    const dir = writeFiles({ "main.pkr.hcl": template, ...files });
    const loaded = await loadTemplate(dir, { env: {}, ...options, varFiles: options?.varFiles?.map((file) => path.join(dir, file)) });
    return loaded.variables.region!.value;
  };

  it("uses the default when nothing else is given", async () => {
    expect(await region({})).toBe("from-default");
  });

  it("PKR_VAR_ beats the default; *.auto.pkrvars.hcl beats the environment", async () => {
    expect(await region({ env: { PKR_VAR_region: "from-env" } })).toBe("from-env");
    expect(await region({ env: { PKR_VAR_region: "from-env" } }, { "a.auto.pkrvars.hcl": 'region = "from-auto"\n' })).toBe("from-auto");
  });

  it("auto var files apply in lexical order; --var-file beats them, later files win; --var beats all", async () => {
    const files = {
      "b.auto.pkrvars.hcl": 'region = "auto-b"\n',
      "a.auto.pkrvars.hcl": 'region = "auto-a"\n',
      "one.pkrvars.hcl": 'region = "file-one"\n',
      "two.pkrvars.hcl": 'region = "file-two"\n',
    };
    expect(await region({}, files)).toBe("auto-b");
    expect(await region({ varFiles: ["two.pkrvars.hcl", "one.pkrvars.hcl"] }, files)).toBe("file-one");
    expect(await region({ varFiles: ["one.pkrvars.hcl"], vars: { region: "from-cli" }, env: { PKR_VAR_region: "x" } }, files)).toBe("from-cli");
  });

  it("parses --var and PKR_VAR_ text per the variable's type", async () => {
    const loaded = await load(
      `variable "count" { type = number }
       variable "enabled" { type = bool }
       variable "zones" { type = list(string) }
       variable "tags" { type = map(string) }
       variable "plain" { default = "x" }
       ${MINIMAL_SOURCE}${MINIMAL_BUILD}`,
      { vars: { count: "3", zones: '["a", "b"]', tags: '{ team = "web" }', plain: "[not parsed]" }, env: { PKR_VAR_enabled: "true" } },
    );
    expect(loaded.variables.count!.value).toBe(3);
    expect(loaded.variables.enabled!.value).toBe(true);
    expect(loaded.variables.zones!.value).toEqual(["a", "b"]);
    expect(loaded.variables.tags!.value).toEqual({ team: "web" });
    expect(loaded.variables.plain!.value).toBe("[not parsed]");
  });

  it("converts object types and fills optional attributes", async () => {
    const loaded = await load(
      `variable "disk" {
         type    = object({ size = number, kind = optional(string) })
         default = { size = "20" }
       }
       ${MINIMAL_SOURCE}${MINIMAL_BUILD}`,
    );
    expect(loaded.variables.disk!.value).toEqual({ size: 20, kind: null });
  });

  it("env() works in variable defaults, and nowhere else", async () => {
    const loaded = await load(`variable "home" { default = env("ROLL_TEST_HOME") }\n${MINIMAL_SOURCE}${MINIMAL_BUILD}`, { env: { ROLL_TEST_HOME: "/home/x" } });
    expect(loaded.variables.home!.value).toBe("/home/x");
    const text = `${MINIMAL_SOURCE}${MINIMAL_BUILD}\nlocals { home = env("HOME") }\n`;
    const error = await loadError(text);
    expect(error.message).toContain("env() can only be used in variable defaults");
    expect(error.location).toMatchObject({ line: lineOf(text, "locals {"), column: 17, field: "home" });
  });

  it("an unknown --var name is an error naming it, with a suggestion", async () => {
    const error = await loadError(`${REGION_VARIABLE}${MINIMAL_SOURCE}${MINIMAL_BUILD}`, { vars: { regoin: "x" } });
    expect(error.code).toBe("template-invalid");
    expect(error.fault).toBe("user");
    expect(error.message).toContain('undeclared variable "regoin"');
    expect(error.hint).toContain('"region"');
  });

  it("an undeclared name in a var file is an error at its line; undeclared PKR_VAR_ is ignored", async () => {
    const dir = writeFiles({ "main.pkr.hcl": `${REGION_VARIABLE}${MINIMAL_SOURCE}${MINIMAL_BUILD}`, "x.auto.pkrvars.hcl": 'region = "a"\nzone = "b"\n' });
    await expect(loadTemplate(dir, { env: {} })).rejects.toMatchObject({ location: { file: expect.stringContaining("x.auto.pkrvars.hcl"), line: 2, column: 1, field: "zone" } });
    const ok = await loadTemplate(path.join(dir, "main.pkr.hcl"), { env: { PKR_VAR_zone: "c" } });
    expect(ok.variables.zone).toBeUndefined();
  });

  it("a variable without default and without value is an error at its declaration", async () => {
    const text = `${MINIMAL_SOURCE}${MINIMAL_BUILD}\nvariable "ami_owner" {\n  type = string\n}\n`;
    const error = await loadError(text);
    expect(error.message).toContain('variable "ami_owner" has no default and no value was given');
    expect(error.location).toMatchObject({ line: lineOf(text, 'variable "ami_owner"'), column: 1, field: "ami_owner" });
    expect(error.hint).toContain("PKR_VAR_ami_owner");
  });

  it("a value of the wrong type names the variable and the file and line it came from", async () => {
    const dir = writeFiles({ "x.pkrvars.hcl": 'size = "big"\n' });
    const result = await check(`variable "size" {\n  type = number\n}\n${MINIMAL_SOURCE}${MINIMAL_BUILD}`, { varFiles: [path.join(dir, "x.pkrvars.hcl")] });
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ file: expect.stringContaining("x.pkrvars.hcl"), line: 1, column: 1, field: "size" });
    expect(result.diagnostics[0]!.message).toBe('variable "size": number required, got "big"');
  });

  it("a --var that does not parse as the variable's type is an error naming both", async () => {
    const error = await loadError(`variable "zones" {\n  type = list(string)\n}\n${MINIMAL_SOURCE}${MINIMAL_BUILD}`, { vars: { zones: "a,b" } });
    expect(error.message).toBe('--var: "a,b" is not a valid list(string) for variable "zones"');
  });

  it("validation blocks reject bad values with their error_message", async () => {
    const text = `variable "instance" {
  type = string
  validation {
    condition     = can(regex("^t3\\\\.", var.instance))
    error_message = "Only t3 instances are allowed."
  }
}
${MINIMAL_SOURCE}${MINIMAL_BUILD}`;
    expect((await load(text, { vars: { instance: "t3.large" } })).variables.instance!.value).toBe("t3.large");
    const error = await loadError(text, { vars: { instance: "m5.large" } });
    expect(error.message).toBe('invalid value for variable "instance": Only t3 instances are allowed.');
    expect(error.location).toMatchObject({ line: 4, field: "instance" });
  });
});

describe("sensitive values", () => {
  it("lists the values of sensitive variables and locals, and nothing else", async () => {
    const loaded = await load(
      `variable "db_password" {
         type      = string
         sensitive = true
       }
       variable "api_keys" {
         type      = map(string)
         sensitive = true
         default   = { a = "key-aaa", b = "key-bbb" }
       }
       variable "region" { default = "us-east-1" }
       local "token" {
         expression = "tok-\${var.db_password}"
         sensitive  = true
       }
       locals { visible = "plain-value" }
       ${MINIMAL_SOURCE}${MINIMAL_BUILD}`,
      { vars: { db_password: "hunter22" } },
    );
    expect([...loaded.sensitiveValues].sort()).toEqual(["hunter22", "key-aaa", "key-bbb", "tok-hunter22"]);
    expect(loaded.variables.db_password!.sensitive).toBe(true);
    expect(loaded.locals!.token).toEqual({ name: "token", value: "tok-hunter22", sensitive: true });
  });

  it("a sensitive value of the wrong type is not shown in the message", async () => {
    const error = await loadError(`variable "pin" {\n  type = number\n  sensitive = true\n}\n${MINIMAL_SOURCE}${MINIMAL_BUILD}`, { env: { PKR_VAR_pin: "secret-pin-text" } });
    expect(error.message).not.toContain("secret-pin-text");
    expect(error.message).toContain('"pin"');
  });
});
