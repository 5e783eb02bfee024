// A tiny XML writer for AWS query-protocol responses. Values map to elements in key order:
// undefined/null are left out, arrays become list elements whose entries are named by the protocol
// (`item` for EC2, `member` for awsQuery) unless wrapped in `listOf`, dates are ISO-8601 with `Z`,
// booleans lowercase. No whitespace is added inside elements (clients keep it).

export type XmlValue =
  | string
  | number
  | boolean
  | Date
  | undefined
  | null
  | XmlValue[]
  | NamedList
  | { [key: string]: XmlValue };

/** A list whose entries use a specific element name (e.g. `groupId` in a launch template's groupSet). */
export class NamedList {
  constructor(
    readonly itemName: string,
    readonly items: XmlValue[],
  ) {}
}

export function listOf(itemName: string, items: XmlValue[]): NamedList {
  return new NamedList(itemName, items);
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&apos;",
  );
}

export function isoTime(value: Date | number): string {
  return new Date(value).toISOString();
}

export function renderXml(name: string, value: XmlValue, itemName: string): string {
  if (value === undefined || value === null) return "";
  return `<${name}>${renderContent(value, itemName)}</${name}>`;
}

function renderContent(value: XmlValue, itemName: string): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return escapeXml(value);
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return isoTime(value);
  if (value instanceof NamedList) return value.items.map((item) => renderXml(value.itemName, item ?? "", itemName)).join("");
  if (Array.isArray(value)) return value.map((item) => renderXml(itemName, item ?? "", itemName)).join("");
  let out = "";
  for (const [key, child] of Object.entries(value)) out += renderXml(key, child, itemName);
  return out;
}
