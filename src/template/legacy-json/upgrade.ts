// A legacy JSON template (builders, provisioners, post-processors, variables) upgraded to the HCL2
// template Packer's hcl2_upgrade would write: variables become variable blocks, each builder a source,
// and one build runs them all with the provisioners and post-processors in order. Whether a nested
// JSON object becomes a block or a map attribute is decided by the schema of the builder or
// provisioner type, as hcl2_upgrade decides it from the plugin's own schema.

import { TemplateError } from "../diagnostics.js";
import { postProcessorSchemas, provisionerSchemas, sourceSchemas, type BlockSchema } from "../schema/index.js";
import type { SourcePosition } from "../types.js";
import { escapeHclLiteral, upgradeGoCalls } from "./go-calls.js";
import { HclWriter } from "./hcl-writer.js";
import { entryOf, parseJsonDocument, type JsonEntry, type JsonNode } from "./json-document.js";

export interface UpgradedTemplate {
  hcl: string;
  /** Where an HCL line came from in the JSON file. */
  originOf(line: number): SourcePosition;
}

const ROOT_KEYS = ["builders", "provisioners", "post-processors", "variables", "sensitive-variables", "description", "min_packer_version"];
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const BARE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HINT = "see https://developer.hashicorp.com/packer/docs/templates/legacy_json_templates";

/** True for a legacy JSON template (not Packer's HCL-in-JSON .pkr.json syntax). */
export function isLegacyJsonTemplate(file: string): boolean {
  return file.endsWith(".json") && !file.endsWith(".pkr.json");
}

export function upgradeLegacyTemplate(text: string, file: string): UpgradedTemplate {
  const root = parseJsonDocument(text, file);
  const start = { file, line: 1, column: 1 };
  if (root.kind !== "object") throw new TemplateError("a legacy template is a JSON object", root.pos, undefined, HINT);
  for (const entry of root.entries) {
    if (!ROOT_KEYS.includes(entry.key) && !entry.key.startsWith("_")) {
      throw new TemplateError(`unknown root level key "${entry.key}"`, entry.keyPos, entry.key, `a legacy template has ${ROOT_KEYS.join(", ")} (and "_"-prefixed comments)`);
    }
  }
  const w = new HclWriter(start);
  let usesTimestamp = false;
  const str = (node: JsonNode): string => {
    if (node.kind !== "string") throw new TemplateError("expected a string", node.pos);
    const upgraded = upgradeGoCalls(node.value);
    usesTimestamp ||= upgraded.usesTimestamp;
    return `"${upgraded.hcl}"`;
  };

  function writeValue(prefix: string, node: JsonNode, suffix: string): void {
    switch (node.kind) {
      case "string":
        return w.line(`${prefix}${str(node)}${suffix}`, node.pos);
      case "number":
      case "boolean":
        return w.line(`${prefix}${String(node.value)}${suffix}`, node.pos);
      case "null":
        return w.line(`${prefix}null${suffix}`, node.pos);
      case "array":
        if (node.items.length === 0) return w.line(`${prefix}[]${suffix}`, node.pos);
        w.line(`${prefix}[`, node.pos);
        w.indent(() => node.items.forEach((item) => writeValue("", item, ",")));
        return w.line(`]${suffix}`, node.pos);
      case "object":
        if (node.entries.length === 0) return w.line(`${prefix}{}${suffix}`, node.pos);
        w.line(`${prefix}{`, node.pos);
        w.indent(() => node.entries.forEach((entry) => writeValue(`${objectKey(entry.key)} = `, entry.value, "")));
        return w.line(`}${suffix}`, node.pos);
    }
  }

  /** A builder's or provisioner's fields: nested objects the schema calls blocks become blocks. */
  function writeBody(entries: JsonEntry[], schema: BlockSchema | undefined): void {
    for (const entry of entries) {
      if (!IDENTIFIER.test(entry.key)) throw new TemplateError(`"${entry.key}" is not a valid field name`, entry.keyPos, entry.key);
      const spec = schema?.fields[entry.key];
      const value = entry.value;
      if (spec?.kind === "block" && !spec.repeated && value.kind === "object") {
        w.block(entry.key, entry.keyPos, () => writeBody(value.entries, spec.schema));
      } else if (spec?.kind === "block" && spec.repeated && value.kind === "array" && value.items.every((item) => item.kind === "object")) {
        for (const item of value.items) w.block(entry.key, item.pos, () => writeBody(item.kind === "object" ? item.entries : [], spec.schema));
      } else {
        writeValue(`${entry.key} = `, value, "");
      }
    }
  }

  // The description and the minimum version come first, as Packer's own upgrade puts them.
  const description = entryOf(root, "description");
  if (description?.value.kind === "string") {
    for (const line of description.value.value.split("\n")) w.line(`# ${line}`.trimEnd(), description.value.pos);
    w.line("");
  }
  const minVersion = entryOf(root, "min_packer_version");
  if (minVersion) {
    if (minVersion.value.kind !== "string") throw new TemplateError("min_packer_version must be a string", minVersion.value.pos, "min_packer_version");
    w.block("packer", minVersion.keyPos, () => w.line(`required_version = ">= ${escapeHclLiteral((minVersion.value as { value: string }).value)}"`, minVersion.value.pos));
    w.line("");
  }

  writeVariables(root);

  const builders = entryOf(root, "builders");
  if (!builders) throw new TemplateError('a legacy template needs "builders"', start, "builders", HINT);
  if (builders.value.kind !== "array" || builders.value.items.length === 0) {
    throw new TemplateError('"builders" must be a non-empty array of objects', builders.value.pos, "builders");
  }
  const sources = new Map<string, string>(); // builder name -> type
  const sourceLines: string[] = [];
  const sourceBodies: Array<() => void> = [];
  for (const builder of builders.value.items) {
    if (builder.kind !== "object") throw new TemplateError("each builder is a JSON object", builder.pos, "builders");
    const typeEntry = entryOf(builder, "type");
    if (typeEntry?.value.kind !== "string") throw new TemplateError('a builder needs a "type" string', builder.pos, "type");
    const type = typeEntry.value.value;
    const nameEntry = entryOf(builder, "name");
    if (nameEntry && nameEntry.value.kind !== "string") throw new TemplateError('a builder\'s "name" is a string', nameEntry.value.pos, "name");
    const name = nameEntry?.value.kind === "string" ? nameEntry.value.value : type;
    if (!IDENTIFIER.test(name)) throw new TemplateError(`builder name "${name}" cannot name an HCL source`, (nameEntry ?? typeEntry).value.pos, "name", "use letters, digits, _ and -");
    if (sources.has(name)) throw new TemplateError(`two builders are named "${name}"`, (nameEntry ?? typeEntry).value.pos, "name", 'give each builder a unique "name"');
    sources.set(name, type);
    sourceLines.push(`"source.${type}.${name}"`);
    const body = builder.entries.filter((entry) => entry.key !== "type" && entry.key !== "name");
    sourceBodies.push(() => w.block(`source "${type}" "${name}"`, builder.pos, () => writeBody(body, sourceSchemas[type])));
  }
  for (const writeSource of sourceBodies) {
    writeSource();
    w.line("");
  }

  /** only/except name builders in JSON, and sources (type.name) in HCL. */
  const writeSelector = (entry: JsonEntry) => {
    if (entry.value.kind !== "array" || !entry.value.items.every((item) => item.kind === "string")) {
      throw new TemplateError(`"${entry.key}" is a list of builder names`, entry.value.pos, entry.key);
    }
    const names = entry.value.items.map((item) => {
      const value = (item as { value: string }).value;
      const type = sources.get(value);
      return `"${escapeHclLiteral(type ? `${type}.${value}` : value)}"`;
    });
    w.line(`${entry.key} = [${names.join(", ")}]`, entry.value.pos);
  };

  const writeStep = (kind: "provisioner" | "post-processor", node: JsonNode, schemas: Record<string, BlockSchema>) => {
    if (node.kind === "string") return w.block(`${kind} "${escapeHclLiteral(node.value)}"`, node.pos, () => {});
    if (node.kind !== "object") throw new TemplateError(`each ${kind} is a JSON object`, node.pos);
    const typeEntry = entryOf(node, "type");
    if (typeEntry?.value.kind !== "string") throw new TemplateError(`a ${kind} needs a "type" string`, node.pos, "type");
    const type = typeEntry.value.value;
    w.block(`${kind} "${escapeHclLiteral(type)}"`, node.pos, () => {
      for (const entry of node.entries) {
        if (entry.key === "only" || entry.key === "except") writeSelector(entry);
      }
      writeBody(node.entries.filter((entry) => !["type", "only", "except"].includes(entry.key)), schemas[type]);
    });
  };

  w.block("build", builders.keyPos, () => {
    w.line(`sources = [${sourceLines.join(", ")}]`, builders.value.pos);
    const provisioners = entryOf(root, "provisioners");
    if (provisioners) {
      if (provisioners.value.kind !== "array") throw new TemplateError('"provisioners" must be an array', provisioners.value.pos, "provisioners");
      for (const item of provisioners.value.items) {
        w.line("");
        writeStep("provisioner", item, provisionerSchemas);
      }
    }
    const postProcessors = entryOf(root, "post-processors");
    if (postProcessors) {
      if (postProcessors.value.kind !== "array") throw new TemplateError('"post-processors" must be an array', postProcessors.value.pos, "post-processors");
      for (const item of postProcessors.value.items) {
        w.line("");
        if (item.kind === "array") {
          // A JSON array inside post-processors is a sequence: each runs on the previous one's artifact.
          w.block("post-processors", item.pos, () => item.items.forEach((step) => writeStep("post-processor", step, postProcessorSchemas)));
        } else {
          writeStep("post-processor", item, postProcessorSchemas);
        }
      }
    }
  });

  if (usesTimestamp) {
    w.line("");
    // hcl2_upgrade's own local for {{timestamp}}: the build start as digits only.
    w.block("locals", start, () => w.line('timestamp = regex_replace(timestamp(), "[- TZ:]", "")'));
  }

  return { hcl: w.text(), originOf: (line) => w.originOf(line) };

  function writeVariables(doc: JsonNode): void {
    const variables = entryOf(doc, "variables");
    const sensitiveEntry = entryOf(doc, "sensitive-variables");
    const sensitive = new Set<string>();
    if (sensitiveEntry) {
      if (sensitiveEntry.value.kind !== "array" || !sensitiveEntry.value.items.every((item) => item.kind === "string")) {
        throw new TemplateError('"sensitive-variables" is a list of variable names', sensitiveEntry.value.pos, "sensitive-variables");
      }
      for (const item of sensitiveEntry.value.items) sensitive.add((item as { value: string }).value);
    }
    if (!variables) return;
    if (variables.value.kind !== "object") throw new TemplateError('"variables" must be an object', variables.value.pos, "variables");
    for (const entry of variables.value.entries) {
      if (!IDENTIFIER.test(entry.key)) throw new TemplateError(`variable name "${entry.key}" is not valid in HCL`, entry.keyPos, entry.key, "use letters, digits, _ and -");
      w.block(`variable "${entry.key}"`, entry.keyPos, () => {
        if (entry.value.kind === "string") {
          w.line("type    = string", entry.value.pos);
          w.line(`default = ${str(entry.value)}`, entry.value.pos);
        } else if (entry.value.kind !== "null") {
          writeValue("default = ", entry.value, "");
        }
        if (sensitive.has(entry.key)) w.line("sensitive = true", entry.keyPos);
      });
      w.line("");
    }
  }
}

function objectKey(key: string): string {
  return BARE_KEY.test(key) ? key : `"${escapeHclLiteral(key)}"`;
}
