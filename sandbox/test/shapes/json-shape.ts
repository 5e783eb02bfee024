// Checks a JSON-protocol response (AWS JSON 1.0/1.1) against a botocore service model's output shape:
// every member is known to the model, required members are present, and values have the wire type
// (timestamps are epoch seconds, blobs base64 text, longs integers). Returns the problems.

import type { ServiceModel } from "./validate.js";

interface JsonShape {
  type: string;
  members?: Record<string, { shape: string }>;
  required?: string[];
  member?: { shape: string };
  value?: { shape: string };
  enum?: string[];
}

export function checkJsonOutput(model: ServiceModel, operation: string, body: unknown): string[] {
  const problems: string[] = [];
  const shapes = model.shapes as unknown as Record<string, JsonShape>;
  const output = model.operations[operation]?.output?.shape;
  if (!output) return [`${operation}: no output shape in the model`];
  const walk = (shapeName: string, value: unknown, path: string) => {
    const shape = shapes[shapeName];
    if (!shape) return void problems.push(`${path}: unknown shape ${shapeName}`);
    switch (shape.type) {
      case "structure": {
        if (typeof value !== "object" || value === null || Array.isArray(value)) return void problems.push(`${path}: expected an object`);
        for (const name of shape.required ?? []) if (!(name in value)) problems.push(`${path}.${name}: required, missing`);
        for (const [name, child] of Object.entries(value)) {
          const member = shape.members?.[name];
          if (!member) problems.push(`${path}.${name}: not in the model`);
          else walk(member.shape, child, `${path}.${name}`);
        }
        return;
      }
      case "list":
        if (!Array.isArray(value)) return void problems.push(`${path}: expected a list`);
        value.forEach((item, index) => walk(shape.member!.shape, item, `${path}[${index}]`));
        return;
      case "map":
        if (typeof value !== "object" || value === null) return void problems.push(`${path}: expected a map`);
        for (const [key, child] of Object.entries(value)) walk(shape.value!.shape, child, `${path}.${key}`);
        return;
      case "string":
        if (typeof value !== "string") problems.push(`${path}: expected a string`);
        else if (shape.enum && !shape.enum.includes(value)) problems.push(`${path}: ${value} is not one of ${shape.enum.join(", ")}`);
        return;
      case "blob":
        if (typeof value !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) problems.push(`${path}: expected base64 text`);
        return;
      case "integer":
      case "long":
        if (!Number.isInteger(value)) problems.push(`${path}: expected an integer`);
        return;
      case "timestamp":
      case "double":
      case "float":
        if (typeof value !== "number") problems.push(`${path}: expected a number`);
        return;
      case "boolean":
        if (typeof value !== "boolean") problems.push(`${path}: expected a boolean`);
        return;
      default:
        problems.push(`${path}: unchecked type ${shape.type}`);
    }
  };
  walk(output, body, operation);
  return problems;
}
