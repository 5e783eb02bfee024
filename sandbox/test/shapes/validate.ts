// Checks an XML response against a botocore service model's output shape: element names (locationName,
// EC2's lower-camel wire names, `item`/`member` list entries, flattened lists), required members,
// and value types (integers, doubles, booleans, timestamps with a zone, enums). Returns the problems.

import { readFileSync } from "node:fs";
import type { XmlElement } from "./xml.js";

export const BOTOCORE = "/usr/lib/python3/dist-packages/botocore/data";

interface MemberRef {
  shape: string;
  locationName?: string;
  flattened?: boolean;
}

interface Shape {
  type: string;
  members?: Record<string, MemberRef>;
  required?: string[];
  member?: MemberRef;
  flattened?: boolean;
  enum?: string[];
}

export interface ServiceModel {
  metadata: { protocol: string };
  operations: Record<string, { output?: { shape: string; resultWrapper?: string } }>;
  shapes: Record<string, Shape>;
}

export function loadModel(service: string, version: string): ServiceModel {
  return JSON.parse(readFileSync(`${BOTOCORE}/${service}/${version}/service-2.json`, "utf8")) as ServiceModel;
}

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/**
 * What the AWS API has gained since the models were published: members per shape name (or per
 * operation name, for EC2 operations the model gives no output) and enum values per enum shape. They are accepted (not type-checked); everything else must match the model.
 */
export interface NewerThanModel {
  members?: Record<string, string[]>;
  enumValues?: Record<string, string[]>;
}

class Walker {
  readonly problems: string[] = [];
  constructor(
    private readonly model: ServiceModel,
    private readonly listEntry: "item" | "member",
    private readonly newer: NewerThanModel,
  ) {}

  private wireName(name: string, ref: MemberRef): string {
    return ref.locationName ?? name;
  }

  value(at: string, shapeName: string, element: XmlElement): void {
    const shape = this.model.shapes[shapeName];
    if (!shape) return void this.problems.push(`${at}: unknown shape ${shapeName}`);
    const text = element.text;
    switch (shape.type) {
      case "structure":
        return this.structure(at, shape, element, this.newer.members?.[shapeName] ?? []);
      case "list":
        return this.listEntries(at, shape, element.children);
      case "map":
        return;
      case "integer":
      case "long":
        if (!/^-?\d+$/.test(text)) this.problems.push(`${at}: '${text}' is not an integer`);
        return;
      case "double":
      case "float":
        if (text.trim() === "" || !Number.isFinite(Number(text))) this.problems.push(`${at}: '${text}' is not a number`);
        return;
      case "boolean":
        if (text !== "true" && text !== "false") this.problems.push(`${at}: '${text}' is not a boolean`);
        return;
      case "timestamp":
        if (!TIMESTAMP.test(text)) this.problems.push(`${at}: '${text}' is not a timestamp with a zone`);
        return;
      case "blob":
        if (!/^[A-Za-z0-9+/=\s]*$/.test(text)) this.problems.push(`${at}: not base64`);
        return;
      default:
        if (element.children.length > 0) this.problems.push(`${at}: a ${shape.type} with child elements`);
        if (shape.enum && !shape.enum.includes(text) && !(this.newer.enumValues?.[shapeName] ?? []).includes(text)) this.problems.push(`${at}: '${text}' is not one of ${shape.enum.join(", ")}`);
    }
  }

  private listEntries(at: string, shape: Shape, entries: XmlElement[]): void {
    const entryName = shape.member!.locationName ?? this.listEntry;
    entries.forEach((entry, index) => {
      if (entry.name !== entryName) this.problems.push(`${at}: list entry <${entry.name}>, expected <${entryName}>`);
      this.value(`${at}[${index}]`, shape.member!.shape, entry);
    });
  }

  structure(at: string, shape: Shape, element: XmlElement, allowed: string[] = []): void {
    const members = Object.entries(shape.members ?? {});
    const seen = new Set<string>();
    const flattened = new Map<string, { name: string; ref: MemberRef; items: XmlElement[] }>();
    for (const child of element.children) {
      if (allowed.includes(child.name)) continue;
      const match = members.find(([name, ref]) => {
        const target = this.model.shapes[ref.shape]!;
        const flat = target.type === "list" && (target.flattened || ref.flattened);
        return this.wireName(name, flat ? { ...ref, locationName: ref.locationName ?? target.member!.locationName } : ref) === child.name;
      });
      if (!match) {
        this.problems.push(`${at}: unexpected element <${child.name}> (members: ${members.map(([n, r]) => this.wireName(n, r)).join(", ")})`);
        continue;
      }
      const [name, ref] = match;
      const target = this.model.shapes[ref.shape]!;
      if (target.type === "list" && (target.flattened || ref.flattened)) {
        const group = flattened.get(name) ?? { name, ref, items: [] };
        group.items.push(child);
        flattened.set(name, group);
      } else {
        if (seen.has(name)) this.problems.push(`${at}: <${child.name}> appears twice`);
        this.value(`${at}.${name}`, ref.shape, child);
      }
      seen.add(name);
    }
    for (const group of flattened.values()) {
      const target = this.model.shapes[group.ref.shape]!;
      group.items.forEach((item, i) => this.value(`${at}.${group.name}[${i}]`, target.member!.shape, item));
    }
    for (const name of shape.required ?? []) {
      if (!seen.has(name)) this.problems.push(`${at}: required member ${name} is missing`);
    }
  }
}

/** Validates the response document of `operation` (a parsed success response). */
export function validateResponse(model: ServiceModel, operation: string, root: XmlElement, newer: NewerThanModel = {}): string[] {
  const op = model.operations[operation];
  if (!op) return [`${operation}: not in the model`];
  const ec2 = model.metadata.protocol === "ec2";
  const walker = new Walker(model, ec2 ? "item" : "member", newer);
  if (root.name !== `${operation}Response`) return [`root is <${root.name}>, expected <${operation}Response>`];
  if (ec2) {
    // EC2 puts `<return>true</return>` in the answers of many actions the model gives no output
    // (CreateTags, DeleteKeyPair …), as the EC2 API reference's examples show.
    const extras = ["requestId", "return", ...(op.output ? [] : (newer.members?.[operation] ?? []))];
    if (!root.children.some((c) => c.name === "requestId")) walker.problems.push("requestId is missing");
    const returned = root.children.find((c) => c.name === "return");
    if (returned && returned.text !== "true" && returned.text !== "false") walker.problems.push(`return is '${returned.text}'`);
    if (op.output) walker.structure(operation, model.shapes[op.output.shape]!, root, [...extras, ...(newer.members?.[op.output.shape] ?? [])]);
    else if (root.children.some((c) => !extras.includes(c.name))) walker.problems.push("output without an output shape");
    return walker.problems;
  }
  const metadata = root.children.find((c) => c.name === "ResponseMetadata");
  if (!metadata || !metadata.children.some((c) => c.name === "RequestId")) walker.problems.push("ResponseMetadata/RequestId is missing");
  const results = root.children.filter((c) => c.name !== "ResponseMetadata");
  if (op.output?.resultWrapper) {
    const result = results.find((c) => c.name === op.output!.resultWrapper);
    const members = model.shapes[op.output.shape]!.members ?? {};
    if (!result) {
      if (Object.keys(members).length > 0 || (model.shapes[op.output.shape]!.required ?? []).length > 0) walker.problems.push(`<${op.output.resultWrapper}> is missing`);
    } else {
      walker.structure(operation, model.shapes[op.output.shape]!, result, newer.members?.[op.output.shape] ?? []);
    }
    for (const other of results) if (other.name !== op.output.resultWrapper) walker.problems.push(`unexpected <${other.name}>`);
  } else if (results.length > 0) {
    walker.problems.push(`output <${results[0]!.name}> for an operation without output`);
  }
  return walker.problems;
}
