// An image's package manifest (name, version, architecture), captured on the builder, and the diff of
// two manifests: the evidence for "something changed" in a security rebake.

export interface PackageEntry {
  name: string;
  version: string;
  arch: string;
}

/**
 * Runs on the builder; prints one "name<TAB>version<TAB>arch" line per installed package. A builder
 * without a package database prints none and still succeeds: every bake runs this, and an image
 * without dpkg or rpm is a valid image (a rebake then refuses it for want of evidence).
 */
export const MANIFEST_COMMAND =
  "if command -v dpkg-query >/dev/null 2>&1; then dpkg-query -W -f '${binary:Package}\\t${Version}\\t${Architecture}\\n'; " +
  "elif command -v rpm >/dev/null 2>&1; then rpm -qa --qf '%{NAME}\\t%{EPOCHNUM}:%{VERSION}-%{RELEASE}\\t%{ARCH}\\n'; " +
  "else echo 'no dpkg-query or rpm on the builder: no package manifest' >&2; fi";

export function parseManifest(text: string): PackageEntry[] {
  const entries: PackageEntry[] = [];
  for (const line of text.split("\n")) {
    const [rawName, version, arch] = line.trim().split("\t");
    if (!rawName || !version) continue;
    // dpkg's ${binary:Package} adds ":arch" to multi-arch packages; the arch has its own column.
    const name = rawName.includes(":") ? rawName.slice(0, rawName.indexOf(":")) : rawName;
    entries.push({ name, version, arch: arch ?? "" });
  }
  return entries.sort((a, b) => a.name.localeCompare(b.name) || a.arch.localeCompare(b.arch));
}

export interface PackageChange {
  name: string;
  arch: string;
  from: string;
  to: string;
}

export interface ManifestDiff {
  upgraded: PackageChange[];
  added: PackageEntry[];
  removed: PackageEntry[];
}

const key = (entry: PackageEntry) => `${entry.name}:${entry.arch}`;

export function diffManifests(before: PackageEntry[], after: PackageEntry[]): ManifestDiff {
  const old = new Map(before.map((entry) => [key(entry), entry]));
  const now = new Map(after.map((entry) => [key(entry), entry]));
  const diff: ManifestDiff = { upgraded: [], added: [], removed: [] };
  for (const [id, entry] of now) {
    const previous = old.get(id);
    if (!previous) diff.added.push(entry);
    else if (previous.version !== entry.version) diff.upgraded.push({ name: entry.name, arch: entry.arch, from: previous.version, to: entry.version });
  }
  for (const [id, entry] of old) if (!now.has(id)) diff.removed.push(entry);
  return diff;
}

export function changeCount(diff: ManifestDiff): number {
  return diff.upgraded.length + diff.added.length + diff.removed.length;
}
