// Data sources looked up against the sandbox through the real SDKs: amazon-ami, amazon-parameterstore,
// amazon-secretsmanager (its values sensitive), http and null, with the examples of Packer's data source
// pages; validate leaves them unevaluated (as `packer validate` does by default).

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { CreateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataSourceResolver } from "../../../src/bake/data-sources/index.js";
import { clientConfig } from "../../../src/cloud/target.js";
import { checkTemplate, loadTemplate } from "../../../src/template/index.js";
import { lineOf, writeFiles } from "../../template/helpers.js";
import { startTestCloud } from "../support/cloud.js";

let cloud: Awaited<ReturnType<typeof startTestCloud>>;
let web: Server;
let webUrl: string;

beforeAll(async () => {
  cloud = await startTestCloud();
  const config = clientConfig(cloud.clients.target, cloud.clients.target.region);
  await new SSMClient(config).send(new PutParameterCommand({ Name: "/golden/base-ami-name", Value: "sandbox-linux-base-*", Type: "String" }));
  await new SSMClient(config).send(new PutParameterCommand({ Name: "/app/db-password", Value: "hunter2-db", Type: "SecureString" }));
  await new SecretsManagerClient(config).send(new CreateSecretCommand({ Name: "app/api", SecretString: '{"token":"tok-123456","user":"svc"}' }));
  web = createServer((req, res) => {
    res.writeHead(req.headers.accept === "application/json" ? 200 : 406, { "content-type": "application/json" });
    res.end('{"version":"1.2.3"}');
  });
  await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
  webUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}/release.json`;
});
afterAll(async () => {
  web?.close();
  await cloud?.close();
});

function template(url: string) {
  return `
data "amazon-parameterstore" "base_name" {
  name = "/golden/base-ami-name"
}
data "amazon-ami" "base" {
  filters = {
    name = data.amazon-parameterstore.base_name.value
  }
  owners      = ["amazon"]
  most_recent = true
}
data "amazon-parameterstore" "db" {
  name            = "/app/db-password"
  with_decryption = true
}
data "amazon-secretsmanager" "api" {
  name = "app/api"
  key  = "token"
}
data "http" "release" {
  url = "${url}"
  request_headers = {
    Accept = "application/json"
  }
}
data "null" "tag" {
  input = "release-\${jsondecode(data.http.release.body).version}"
}
source "amazon-ebs" "app" {
  ami_name      = data.null.tag.output
  instance_type = "t3.micro"
  source_ami    = data.amazon-ami.base.id
  ssh_username  = "ec2-user"
}
build {
  sources = ["source.amazon-ebs.app"]
  provisioner "shell" {
    environment_vars = ["DB_PASSWORD=\${data.amazon-parameterstore.db.value}", "API_TOKEN=\${data.amazon-secretsmanager.api.value}"]
    inline           = ["echo \${data.amazon-ami.base.name}"]
  }
}
`;
}

describe("data sources", () => {
  it("are looked up in declaration order through the SDKs; secrets and SecureStrings become sensitive values", async () => {
    const dir = writeFiles({ "t.pkr.hcl": template(webUrl) });
    const loaded = await loadTemplate(path.join(dir, "t.pkr.hcl"), { env: {}, resolveData: dataSourceResolver(cloud.clients) });
    const source = loaded.builds[0]!.sources[0]!;
    expect(source.fields.source_ami).toMatch(/^ami-[0-9a-f]+$/);
    expect(source.fields.ami_name).toBe("release-1.2.3");
    const shell = loaded.builds[0]!.provisioners[0]!;
    expect(shell.fields.environment_vars).toEqual(["DB_PASSWORD=hunter2-db", "API_TOKEN=tok-123456"]);
    expect(shell.fields.inline).toEqual([expect.stringMatching(/^echo sandbox-linux-base-/)]);
    expect(loaded.sensitiveValues).toEqual(expect.arrayContaining(["hunter2-db", "tok-123456", '{"token":"tok-123456","user":"svc"}']));
    expect(loaded.sensitiveValues).not.toContain("1.2.3");
  });

  it("validate does not look them up: references stay placeholders and the template is valid", async () => {
    const dir = writeFiles({ "t.pkr.hcl": template("http://127.0.0.1:9/never") });
    const { diagnostics, template: checked } = await checkTemplate(path.join(dir, "t.pkr.hcl"), { env: {} });
    expect(diagnostics).toEqual([]);
    expect(checked!.builds[0]!.sources[0]!.fields.source_ami).toBe("${data.amazon-ami.base.id}");
  });

  it("a parameter or secret that does not exist is an error at the data block, naming the field", async () => {
    const text = `
data "amazon-parameterstore" "gone" {
  name = "/no/such/parameter"
}
data "amazon-secretsmanager" "gone" {
  name = "no/such/secret"
}
source "amazon-ebs" "app" {
  ami_name      = "x-\${data.amazon-parameterstore.gone.value}"
  instance_type = "t3.micro"
  source_ami    = "ami-1"
  ssh_username  = "ec2-user"
}
build {
  sources = ["source.amazon-ebs.app"]
}
`;
    const dir = writeFiles({ "t.pkr.hcl": text });
    const { diagnostics } = await checkTemplate(path.join(dir, "t.pkr.hcl"), { env: {}, resolveData: dataSourceResolver(cloud.clients) });
    expect(diagnostics.map((d) => [d.message, d.line])).toEqual([
      [`data "amazon-parameterstore" "gone": parameter /no/such/parameter does not exist in ${cloud.clients.target.region}`, lineOf(text, 'data "amazon-parameterstore"')],
      [`data "amazon-secretsmanager" "gone": secret no/such/secret does not exist in ${cloud.clients.target.region} (or has no such version)`, lineOf(text, 'data "amazon-secretsmanager"')],
    ]);
  });
});
