// data "amazon-parameterstore": one SSM parameter (GetParameter). Outputs: id, value, version, arn.
// A SecureString's value is sensitive (redacted everywhere), like Packer marks it.

import { userError } from "../../engine/errors.js";
import { clientConfig } from "../../cloud/target.js";
import { awsCode, type DataSourceLookup } from "./types.js";

export const amazonParameterStore: DataSourceLookup = async (config, { clients, region, signal }) => {
  const { GetParameterCommand, SSMClient } = await import("@aws-sdk/client-ssm");
  const name = String(config.fields.name);
  const ssm = new SSMClient(clientConfig(clients.target, region));
  try {
    const answer = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: config.fields.with_decryption === true }), { abortSignal: signal });
    const parameter = answer.Parameter ?? {};
    return {
      outputs: { id: parameter.Name ?? name, value: parameter.Value ?? "", version: parameter.Version ?? 0, arn: parameter.ARN ?? "" },
      sensitive: parameter.Type === "SecureString",
    };
  } catch (error) {
    if (awsCode(error) === "ParameterNotFound" || awsCode(error) === "ParameterVersionNotFound") {
      throw userError("data-source-not-found", `parameter ${name} does not exist in ${region}`, { ...config.position, field: "name" });
    }
    throw error;
  } finally {
    ssm.destroy();
  }
};
