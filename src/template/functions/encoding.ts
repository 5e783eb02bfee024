// Encoding and hashing functions.

import { createHash } from "node:crypto";
import { TemplateError } from "../diagnostics.js";
import { isObject, toText } from "../eval/values.js";
import type { Value } from "../types.js";
import type { FunctionTable } from "./types.js";

const hash = (algorithm: string) => (text: string) => createHash(algorithm).update(text, "utf8").digest("hex");

export const encodingFunctions: FunctionTable = {
  base64encode: { min: 1, max: 1, call: ([s], pos) => Buffer.from(toText(s!, pos), "utf8").toString("base64") },
  base64decode: {
    min: 1,
    max: 1,
    call: ([s], pos) => {
      const text = toText(s!, pos);
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
        throw new TemplateError("base64decode(): the argument is not valid base64", pos);
      }
      return Buffer.from(text, "base64").toString("utf8");
    },
  },
  sha256: { min: 1, max: 1, call: ([s], pos) => hash("sha256")(toText(s!, pos)) },
  sha1: { min: 1, max: 1, call: ([s], pos) => hash("sha1")(toText(s!, pos)) },
  sha512: { min: 1, max: 1, call: ([s], pos) => hash("sha512")(toText(s!, pos)) },
  md5: { min: 1, max: 1, call: ([s], pos) => hash("md5")(toText(s!, pos)) },
  jsonencode: { min: 1, max: 1, call: ([value]) => JSON.stringify(sortKeys(value!)) },
  jsondecode: {
    min: 1,
    max: 1,
    call: ([s], pos) => {
      try {
        return JSON.parse(toText(s!, pos)) as Value;
      } catch (error) {
        throw new TemplateError(`jsondecode(): ${(error as Error).message}`, pos);
      }
    },
  },
};

/** HCL's jsonencode writes object keys in sorted order. */
function sortKeys(value: Value): Value {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isObject(value)) return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys(value[key]!)]));
  return value;
}
