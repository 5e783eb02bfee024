// Go-template calls inside a legacy JSON template's strings, rewritten as HCL2 interpolations the way
// Packer's hcl2_upgrade does it: {{user `x`}} -> ${var.x}, {{env `X`}} -> ${env("X")} (HCL allows env()
// only in variable defaults, so elsewhere the loader names the line), {{timestamp}} ->
// ${local.timestamp}, {{build `ID`}} -> ${build.ID}, {{isotime}} -> ${timestamp()},
// {{isotime "layout"}} -> ${legacy_isotime("layout")}, {{uuid}} -> ${uuidv4()}, and {{template_dir}},
// {{pwd}}, {{packer_version}} -> path.root, path.cwd, packer.version. Every other call ({{ .Path }},
// {{build_name}}, {{lower `x`}}, …) stays a Go-template call, as hcl2_upgrade leaves it; roll's loader
// renders those it knows and names the line of the others.

const CALL = /\{\{-?\s*(.*?)\s*-?\}\}/g;
const ARGUMENT = /^(user|env|build)\s+(?:`([^`]*)`|"((?:[^"\\]|\\.)*)")$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

const CONTEXTUAL: Record<string, string> = {
  template_dir: "path.root",
  pwd: "path.cwd",
  packer_version: "packer.version",
  timestamp: "local.timestamp",
  uuid: "uuidv4()",
  isotime: "timestamp()",
};
const ISOTIME = /^isotime\s+(?:`([^`]*)`|"((?:[^"\\]|\\.)*)")$/;

export interface UpgradedString {
  /** The content of an HCL quoted string (escaped, without the quotes). */
  hcl: string;
  usesTimestamp: boolean;
  /** Variables named by {{user `x`}}. */
  variables: string[];
}

/** Escapes literal text for an HCL quoted template: backslash, quote, control characters, ${ and %{. */
export function escapeHclLiteral(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t")
    .replace(/\$\{/g, () => "$${")
    .replace(/%\{/g, "%%{");
}

export function upgradeGoCalls(text: string): UpgradedString {
  let hcl = "";
  let last = 0;
  let usesTimestamp = false;
  const variables: string[] = [];
  for (const match of text.matchAll(CALL)) {
    hcl += escapeHclLiteral(text.slice(last, match.index));
    last = match.index + match[0].length;
    const inner = match[1]!;
    const argument = ARGUMENT.exec(inner);
    const name = argument ? (argument[2] ?? JSON.parse(`"${argument[3]}"`) as string) : undefined;
    if (argument && name !== undefined && argument[1] === "user" && IDENTIFIER.test(name)) {
      variables.push(name);
      hcl += `\${var.${name}}`;
    } else if (argument && name !== undefined && argument[1] === "env") {
      hcl += `\${env(${JSON.stringify(name)})}`;
    } else if (argument && name !== undefined && argument[1] === "build" && IDENTIFIER.test(name)) {
      hcl += `\${build.${name}}`;
    } else if (ISOTIME.test(inner)) {
      const layout = ISOTIME.exec(inner)!;
      hcl += `\${legacy_isotime(${JSON.stringify(layout[1] ?? JSON.parse(`"${layout[2]}"`))})}`;
    } else if (inner in CONTEXTUAL) {
      if (inner === "timestamp") usesTimestamp = true;
      hcl += `\${${CONTEXTUAL[inner]}}`;
    } else {
      hcl += escapeHclLiteral(match[0]);
    }
  }
  hcl += escapeHclLiteral(text.slice(last));
  return { hcl, usesTimestamp, variables };
}
