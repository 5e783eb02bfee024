// roll's versions in a gallery. Gallery image versions are named Major.Minor.Patch, each part an int32;
// roll's vN is captured as 0.0.N, so versions sort as roll numbers them and `latest` in Azure's sense
// is roll's newest bake (not necessarily the live one: the live pointer is roll's own record).

const ROLL_VERSION = /^v([1-9]\d{0,9})$/;
const GALLERY_VERSION = /^0\.0\.([1-9]\d{0,9})$/;
const INT32_MAX = 2_147_483_647;

/** "v7" -> "0.0.7". */
export function galleryVersionName(version: string): string {
  const match = ROLL_VERSION.exec(version);
  const n = match ? Number(match[1]) : NaN;
  if (!Number.isInteger(n) || n > INT32_MAX) throw new Error(`"${version}" is not a roll version (v1..v${INT32_MAX})`);
  return `0.0.${n}`;
}

/** "0.0.7" -> "v7"; undefined for a version roll did not name (e.g. "1.2.3" published by someone else). */
export function rollVersionOf(galleryVersion: string): string | undefined {
  const match = GALLERY_VERSION.exec(galleryVersion);
  if (!match || Number(match[1]) > INT32_MAX) return undefined;
  return `v${match[1]}`;
}
