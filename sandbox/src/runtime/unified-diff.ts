// Applies a unified diff (as written by `diff -u` / `git diff`) to file contents in memory. Each hunk's
// old text (context and removed lines) must occur exactly once in the file: a patch that no longer fits
// the installed package fails loudly instead of half-applying.

export interface FilePatch {
  /** Path inside the package, without the a/ b/ prefixes. */
  path: string;
  hunks: Array<{ old: string; new: string }>;
}

export function parseUnifiedDiff(text: string): FilePatch[] {
  const files: FilePatch[] = [];
  const lines = text.split("\n");
  let file: FilePatch | undefined;
  let hunk: { old: string[]; new: string[] } | undefined;
  const flush = () => {
    if (file && hunk) file.hunks.push({ old: hunk.old.join("\n"), new: hunk.new.join("\n") });
    hunk = undefined;
  };
  for (const line of lines) {
    if (line.startsWith("--- ")) {
      flush();
      continue;
    }
    if (line.startsWith("+++ ")) {
      file = { path: line.slice(4).trim().replace(/^b\//, ""), hunks: [] };
      files.push(file);
      continue;
    }
    if (line.startsWith("@@")) {
      flush();
      hunk = { old: [], new: [] };
      continue;
    }
    if (!hunk) continue;
    if (line.startsWith(" ")) {
      hunk.old.push(line.slice(1));
      hunk.new.push(line.slice(1));
    } else if (line.startsWith("-")) hunk.old.push(line.slice(1));
    else if (line.startsWith("+")) hunk.new.push(line.slice(1));
    else if (line === "") {
      // diff writes an empty context line as " ", but editors strip trailing blanks.
      hunk.old.push("");
      hunk.new.push("");
    }
  }
  flush();
  // A trailing empty "context" line at the end of the text is the file's final newline, not a hunk line.
  for (const f of files) for (const h of f.hunks) trimTrailingEmpty(h);
  return files;
}

function trimTrailingEmpty(h: { old: string; new: string }): void {
  while (h.old.endsWith("\n") && h.new.endsWith("\n")) {
    h.old = h.old.slice(0, -1);
    h.new = h.new.slice(0, -1);
  }
}

export function applyFilePatch(source: string, patch: FilePatch): string {
  let result = source;
  for (const [index, hunk] of patch.hunks.entries()) {
    const at = result.indexOf(hunk.old);
    if (at < 0 || result.indexOf(hunk.old, at + 1) >= 0) {
      throw new Error(`${patch.path}: hunk ${index + 1} of the patch ${at < 0 ? "does not match the file" : "matches more than one place"}`);
    }
    result = result.slice(0, at) + hunk.new + result.slice(at + hunk.old.length);
  }
  return result;
}
