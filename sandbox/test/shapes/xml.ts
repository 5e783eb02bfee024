// A small strict XML reader for tests: element tree with text, no DTDs. It throws on anything that is
// not well-formed (mismatched tags, stray `<` or `&`, content after the root), which is what the shape
// and fuzz tests need to know.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text content (entities decoded), for leaf elements. */
  text: string;
}

function decodeEntities(text: string, at: number): string {
  return text.replace(/&([^;&<]*);|&/g, (match, entity: string | undefined) => {
    if (entity === undefined) throw new Error(`bare '&' near offset ${at}`);
    const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
    if (named[entity] !== undefined) return named[entity]!;
    const num = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(entity);
    if (num) return String.fromCodePoint(num[1]!.startsWith("x") ? parseInt(num[1]!.slice(1), 16) : Number(num[1]));
    throw new Error(`unknown entity &${entity}; near offset ${at}`);
  });
}

export function parseXml(source: string): XmlElement {
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`${what} at offset ${i}: ${JSON.stringify(source.slice(Math.max(0, i - 20), i + 20))}`);
  };
  const skipSpace = () => {
    while (i < source.length && /\s/.test(source[i]!)) i++;
  };
  skipSpace();
  if (source.startsWith("<?xml", i)) {
    const end = source.indexOf("?>", i);
    if (end < 0) fail("unterminated prolog");
    i = end + 2;
    skipSpace();
  }
  const NAME = /[A-Za-z_][\w.:-]*/y;
  const readName = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(source);
    if (!m) fail("expected a name");
    i += m![0].length;
    return m![0];
  };
  const element = (): XmlElement => {
    if (source[i] !== "<") fail("expected '<'");
    i++;
    const name = readName();
    const attributes: Record<string, string> = {};
    for (;;) {
      skipSpace();
      if (source.startsWith("/>", i)) {
        i += 2;
        return { name, attributes, children: [], text: "" };
      }
      if (source[i] === ">") {
        i++;
        break;
      }
      const attr = readName();
      skipSpace();
      if (source[i] !== "=") fail("expected '='");
      i++;
      skipSpace();
      const quote = source[i];
      if (quote !== '"' && quote !== "'") fail("expected a quoted attribute value");
      const end = source.indexOf(quote!, i + 1);
      if (end < 0) fail("unterminated attribute");
      attributes[attr] = decodeEntities(source.slice(i + 1, end), i);
      i = end + 1;
    }
    const children: XmlElement[] = [];
    let text = "";
    for (;;) {
      if (i >= source.length) fail(`unterminated <${name}>`);
      if (source.startsWith("</", i)) {
        i += 2;
        const closing = readName();
        if (closing !== name) fail(`</${closing}> closes <${name}>`);
        skipSpace();
        if (source[i] !== ">") fail("expected '>'");
        i++;
        return { name, attributes, children, text };
      }
      if (source.startsWith("<!--", i)) {
        const end = source.indexOf("-->", i);
        if (end < 0) fail("unterminated comment");
        i = end + 3;
        continue;
      }
      if (source[i] === "<") {
        children.push(element());
        continue;
      }
      const next = source.indexOf("<", i);
      const end = next < 0 ? source.length : next;
      const raw = source.slice(i, end);
      if (raw.includes(">") && /\]\]>/.test(raw)) fail("']]>' in text");
      text += decodeEntities(raw, i);
      i = end;
    }
  };
  const root = element();
  skipSpace();
  if (i !== source.length) fail("content after the root element");
  return root;
}

export function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}

/** The text at a path of element names below `element`, e.g. path(root, "Error", "Code"). */
export function path(element: XmlElement, ...names: string[]): string | undefined {
  let current: XmlElement | undefined = element;
  for (const name of names) current = current && child(current, name);
  return current?.text;
}
