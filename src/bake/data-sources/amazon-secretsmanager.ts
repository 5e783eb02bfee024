// data "amazon-secretsmanager": a secret's value (GetSecretValue), optionally one key of its JSON. Every
// output is sensitive: redacted in events, logs, manifests and errors, never in the content hash.

import { userError } from "../../engine/errors.js";
import { clientConfig } from "../../cloud/target.js";
import { awsCode, type DataSourceLookup } from "./types.js";

export const amazonSecretsManager: DataSourceLookup = async (config, { clients, region, signal }) => {
  const { GetSecretValueCommand, SecretsManagerClient } = await import("@aws-sdk/client-secrets-manager");
  const name = String(config.fields.name);
  const client = new SecretsManagerClient(clientConfig(clients.target, region));
  try {
    const answer = await client.send(
      new GetSecretValueCommand({
        SecretId: name,
        ...(typeof config.fields.version_id === "string" ? { VersionId: config.fields.version_id } : {}),
        VersionStage: typeof config.fields.version_stage === "string" ? config.fields.version_stage : typeof config.fields.version_id === "string" ? undefined : "AWSCURRENT",
      }),
      { abortSignal: signal },
    );
    const secretString = answer.SecretString ?? "";
    const secretBinary = answer.SecretBinary ? Buffer.from(answer.SecretBinary).toString("base64") : "";
    let value = secretString;
    const key = typeof config.fields.key === "string" ? config.fields.key : undefined;
    if (key) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(secretString);
      } catch {
        throw userError("data-source-key", `secret ${name} is not a JSON object, so it has no key "${key}"`, { ...config.position, field: "key" });
      }
      const picked = (parsed as Record<string, unknown> | null)?.[key];
      if (picked === undefined) throw userError("data-source-key", `secret ${name} has no key "${key}"`, { ...config.position, field: "key" });
      value = typeof picked === "string" ? picked : JSON.stringify(picked);
    }
    return {
      outputs: { id: answer.ARN ?? name, arn: answer.ARN ?? "", value, secret_string: secretString, secret_binary: secretBinary, version_id: answer.VersionId ?? "" },
      sensitive: true,
    };
  } catch (error) {
    if (awsCode(error) === "ResourceNotFoundException") {
      throw userError("data-source-not-found", `secret ${name} does not exist in ${region} (or has no such version)`, { ...config.position, field: "name" });
    }
    throw error;
  } finally {
    client.destroy();
  }
};
