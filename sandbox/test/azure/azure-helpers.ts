// Shared by the Azure face's tests: the environment `roll sandbox env` exports, as a map.

/** Parses `export NAME=value` lines (values single-quoted or bare) into an environment. */
export function envFromExports(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const match = /^export ([A-Z0-9_]+)=(.*)$/.exec(line);
    if (!match) continue;
    const raw = match[2]!;
    env[match[1]!] = raw.startsWith("'") ? raw.slice(1, -1).replace(/'\\''/g, "'") : raw;
  }
  return env;
}
