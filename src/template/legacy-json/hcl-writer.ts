// Writes HCL text line by line and remembers, for every line, the JSON position it came from: the
// loader parses the HCL and moves each position back to the JSON file, so messages name the line the
// user wrote.

import type { SourcePosition } from "../types.js";

export class HclWriter {
  private readonly lines: string[] = [];
  private readonly origins: SourcePosition[] = [];
  private depth = 0;

  constructor(private readonly fallback: SourcePosition) {}

  line(text: string, origin: SourcePosition = this.fallback): void {
    this.lines.push(text === "" ? "" : `${"  ".repeat(this.depth)}${text}`);
    this.origins.push(origin);
  }

  /** `header {` … `}` with the body indented. */
  block(header: string, origin: SourcePosition, body: () => void): void {
    this.line(`${header} {`, origin);
    this.depth++;
    body();
    this.depth--;
    this.line("}", origin);
  }

  indent(body: () => void): void {
    this.depth++;
    body();
    this.depth--;
  }

  text(): string {
    return `${this.lines.join("\n")}\n`;
  }

  /** The JSON position of an HCL line (1-based), or the file's start for lines outside the map. */
  originOf(line: number): SourcePosition {
    return this.origins[line - 1] ?? this.fallback;
  }
}
