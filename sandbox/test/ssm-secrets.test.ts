// SSM Parameter Store and Secrets Manager over AWS JSON 1.1: through the current SDKs, as raw signed
// requests whose bodies are checked against botocore's service models, and through Debian's AWS CLI
// (its own botocore) putting values that the SDK then reads.

import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { CreateSecretCommand, GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { GetParameterCommand, GetParametersByPathCommand, GetParametersCommand, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSandbox, type TestSandbox } from "./helpers.js";
import { checkJsonOutput } from "./shapes/json-shape.js";
import { BOTOCORE, loadModel } from "./shapes/validate.js";
import { signedRequest } from "./signed-http.js";

const AWS = "/usr/bin/aws";
const run = promisify(execFile);
let t: TestSandbox;
let ssm: SSMClient;
let secrets: SecretsManagerClient;

beforeAll(async () => {
  t = await startTestSandbox();
  const config = { endpoint: t.sandbox.endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" }, maxAttempts: 1 };
  ssm = new SSMClient(config);
  secrets = new SecretsManagerClient(config);
});
afterAll(async () => {
  await t?.close();
});

async function json11(service: "ssm" | "secretsmanager", action: string, body: Record<string, unknown>) {
  const target = service === "ssm" ? `AmazonSSM.${action}` : `secretsmanager.${action}`;
  const response = await signedRequest(t.sandbox.endpoint, {
    method: "POST",
    path: "/",
    service,
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": target },
    body: JSON.stringify(body),
  });
  return { ...response, json: JSON.parse(response.body) as Record<string, unknown> };
}

describe("SSM Parameter Store", () => {
  it("puts and gets versions, SecureString only WithDecryption, paths with Recursive", async () => {
    await ssm.send(new PutParameterCommand({ Name: "/app/base-ami", Value: "ami-1", Type: "String" }));
    const again = await ssm.send(new PutParameterCommand({ Name: "/app/base-ami", Value: "ami-2", Type: "String", Overwrite: true }));
    expect(again.Version).toBe(2);
    const exists = await ssm.send(new PutParameterCommand({ Name: "/app/base-ami", Value: "x", Type: "String" })).catch((e) => e);
    expect(exists.name).toBe("ParameterAlreadyExists");
    expect((await ssm.send(new GetParameterCommand({ Name: "/app/base-ami" }))).Parameter).toMatchObject({ Value: "ami-2", Version: 2, Type: "String" });
    expect((await ssm.send(new GetParameterCommand({ Name: "/app/base-ami:1" }))).Parameter?.Value).toBe("ami-1");

    await ssm.send(new PutParameterCommand({ Name: "/app/db/password", Value: "s3cret!", Type: "SecureString" }));
    const hidden = await ssm.send(new GetParameterCommand({ Name: "/app/db/password" }));
    expect(hidden.Parameter?.Value).not.toContain("s3cret");
    expect((await ssm.send(new GetParameterCommand({ Name: "/app/db/password", WithDecryption: true }))).Parameter?.Value).toBe("s3cret!");

    const shallow = await ssm.send(new GetParametersByPathCommand({ Path: "/app" }));
    expect(shallow.Parameters?.map((p) => p.Name)).toEqual(["/app/base-ami"]);
    const deep = await ssm.send(new GetParametersByPathCommand({ Path: "/app", Recursive: true }));
    expect(deep.Parameters?.map((p) => p.Name)).toEqual(["/app/base-ami", "/app/db/password"]);
    const some = await ssm.send(new GetParametersCommand({ Names: ["/app/base-ami", "/nope"] }));
    expect([some.Parameters?.map((p) => p.Name), some.InvalidParameters]).toEqual([["/app/base-ami"], ["/nope"]]);
    const missing = await ssm.send(new GetParameterCommand({ Name: "/nope" })).catch((e) => e);
    expect([missing.name, missing.$metadata.httpStatusCode]).toEqual(["ParameterNotFound", 400]);
  });

  it("answers with bodies that match botocore's SSM model", async () => {
    const model = loadModel("ssm", "2014-11-06");
    const put = await json11("ssm", "PutParameter", { Name: "/shape/a", Value: "1", Type: "String" });
    const get = await json11("ssm", "GetParameter", { Name: "/shape/a" });
    const many = await json11("ssm", "GetParameters", { Names: ["/shape/a", "/shape/none"] });
    const path = await json11("ssm", "GetParametersByPath", { Path: "/shape" });
    expect([put.status, get.status, many.status, path.status]).toEqual([200, 200, 200, 200]);
    expect(get.headers["content-type"]).toBe("application/x-amz-json-1.1");
    expect([
      ...checkJsonOutput(model, "PutParameter", put.json),
      ...checkJsonOutput(model, "GetParameter", get.json),
      ...checkJsonOutput(model, "GetParameters", many.json),
      ...checkJsonOutput(model, "GetParametersByPath", path.json),
    ]).toEqual([]);
    const error = await json11("ssm", "GetParameter", { Name: "/shape/none" });
    expect([error.status, error.json.__type]).toEqual([400, "ParameterNotFound"]);
  });
});

describe("Secrets Manager", () => {
  it("creates a secret, adds versions (AWSCURRENT / AWSPREVIOUS) and reads them by name, ARN and stage", async () => {
    const created = await secrets.send(new CreateSecretCommand({ Name: "app/db", SecretString: '{"password":"one"}' }));
    expect(created.ARN).toMatch(/^arn:aws:secretsmanager:us-east-1:\d{12}:secret:app\/db-[0-9a-f]{6}$/);
    await secrets.send(new PutSecretValueCommand({ SecretId: "app/db", SecretString: '{"password":"two"}' }));
    const current = await secrets.send(new GetSecretValueCommand({ SecretId: created.ARN }));
    expect([current.SecretString, current.VersionStages]).toEqual(['{"password":"two"}', ["AWSCURRENT"]]);
    const previous = await secrets.send(new GetSecretValueCommand({ SecretId: "app/db", VersionStage: "AWSPREVIOUS" }));
    expect(previous.SecretString).toBe('{"password":"one"}');
    const byVersion = await secrets.send(new GetSecretValueCommand({ SecretId: "app/db", VersionId: created.VersionId }));
    expect(byVersion.SecretString).toBe('{"password":"one"}');
    const missing = await secrets.send(new GetSecretValueCommand({ SecretId: "nope" })).catch((e) => e);
    expect([missing.name, missing.$metadata.httpStatusCode]).toEqual(["ResourceNotFoundException", 400]);
    const twice = await secrets.send(new CreateSecretCommand({ Name: "app/db", SecretString: "x" })).catch((e) => e);
    expect(twice.name).toBe("ResourceExistsException");
  });

  it("answers with bodies that match botocore's Secrets Manager model", async () => {
    const model = loadModel("secretsmanager", "2017-10-17");
    const created = await json11("secretsmanager", "CreateSecret", { Name: "shape/s", SecretString: "v1" });
    const put = await json11("secretsmanager", "PutSecretValue", { SecretId: "shape/s", SecretBinary: Buffer.from("bin").toString("base64") });
    const got = await json11("secretsmanager", "GetSecretValue", { SecretId: "shape/s" });
    expect([created.status, put.status, got.status]).toEqual([200, 200, 200]);
    expect(got.json.SecretBinary).toBe(Buffer.from("bin").toString("base64"));
    expect([
      ...checkJsonOutput(model, "CreateSecret", created.json),
      ...checkJsonOutput(model, "PutSecretValue", put.json),
      ...checkJsonOutput(model, "GetSecretValue", got.json),
    ]).toEqual([]);
  });
});

// The CLI comes from Debian's awscli package (and the models from its botocore); without them this cannot run.
// Four CLI calls only: each costs seconds of Python start-up.
it.skipIf(!existsSync(AWS) || !existsSync(BOTOCORE))("the AWS CLI puts parameters and secrets that it and the SDK read back", async () => {
  const aws = async (...args: string[]) => {
    const { stdout } = await run(AWS, ["--endpoint-url", t.sandbox.endpoint, "--region", "us-east-1", "--output", "json", ...args], {
      env: { PATH: "/usr/bin:/bin", HOME: t.dataDir, AWS_ACCESS_KEY_ID: "roll-sandbox", AWS_SECRET_ACCESS_KEY: "roll-sandbox", AWS_EC2_METADATA_DISABLED: "true", AWS_PAGER: "" },
      timeout: 30_000,
    });
    return JSON.parse(stdout || "{}") as Record<string, any>;
  };
  expect((await aws("ssm", "put-parameter", "--name", "/cli/ami", "--value", "ami-0cli", "--type", "String")).Version).toBe(1);
  expect((await aws("ssm", "get-parameter", "--name", "/cli/ami")).Parameter.Value).toBe("ami-0cli");
  expect((await ssm.send(new GetParameterCommand({ Name: "/cli/ami" }))).Parameter?.Value).toBe("ami-0cli");
  const secret = await aws("secretsmanager", "create-secret", "--name", "cli/token", "--secret-string", "t0ken");
  expect(secret.Name).toBe("cli/token");
  await secrets.send(new PutSecretValueCommand({ SecretId: secret.ARN, SecretString: "t0ken-2" }));
  expect((await aws("secretsmanager", "get-secret-value", "--secret-id", "cli/token")).SecretString).toBe("t0ken-2");
}, 180_000);
