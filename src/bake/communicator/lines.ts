// Turns a byte stream into lines as they complete, so output can be streamed line by line.

import { StringDecoder } from "node:string_decoder";

export function lineSplitter(onLine: (line: string) => void): { push(chunk: Buffer): void; end(): void } {
  const decoder = new StringDecoder("utf8");
  let pending = "";
  const emitComplete = () => {
    let newline: number;
    while ((newline = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      onLine(line.endsWith("\r") ? line.slice(0, -1) : line);
    }
  };
  return {
    push(chunk) {
      pending += decoder.write(chunk);
      emitComplete();
    },
    end() {
      pending += decoder.end();
      emitComplete();
      if (pending.length > 0) onLine(pending);
      pending = "";
    },
  };
}
