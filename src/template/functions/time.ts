// Time functions. timestamp() is the load's one build-start time, like Packer's.

import { randomUUID } from "node:crypto";
import { TemplateError } from "../diagnostics.js";
import { formatDateSpec, formatGoLayout, formatRfc3339, parseGoDuration, parseRfc3339, type ZonedTime } from "../eval/gotime.js";
import { toText } from "../eval/values.js";
import type { SourcePosition, Value } from "../types.js";
import type { FunctionTable } from "./types.js";

function parseTimestamp(value: Value, pos: SourcePosition, fn: string): ZonedTime {
  const text = toText(value, pos, `${fn}() timestamp`);
  const time = parseRfc3339(text);
  if (!time) throw new TemplateError(`${fn}(): "${text}" is not an RFC 3339 timestamp (like 2024-01-02T15:04:05Z)`, pos);
  return time;
}

export const timeFunctions: FunctionTable = {
  timestamp: { min: 0, max: 0, call: (_args, _pos, ctx) => formatRfc3339({ date: ctx.now, offsetMinutes: 0 }) },
  formatdate: {
    min: 2,
    max: 2,
    call: ([spec, timestamp], pos) => {
      const result = formatDateSpec(parseTimestamp(timestamp!, pos, "formatdate"), toText(spec!, pos, "format"));
      if (typeof result !== "string") throw new TemplateError(`formatdate(): ${result.error}`, pos);
      return result;
    },
  },
  timeadd: {
    min: 2,
    max: 2,
    call: ([timestamp, duration], pos) => {
      const time = parseTimestamp(timestamp!, pos, "timeadd");
      const text = toText(duration!, pos, "duration");
      const millis = parseGoDuration(text);
      if (millis === undefined) throw new TemplateError(`timeadd(): "${text}" is not a duration (like "1h30m")`, pos);
      return formatRfc3339({ date: new Date(time.date.getTime() + millis), offsetMinutes: time.offsetMinutes });
    },
  },
  legacy_isotime: {
    min: 0,
    max: 1,
    call: ([layout], pos, ctx) =>
      formatGoLayout({ date: ctx.now, offsetMinutes: 0 }, layout === undefined ? "2006-01-02T15:04:05Z07:00" : toText(layout, pos)),
  },
  uuidv4: { min: 0, max: 0, call: () => randomUUID() },
};
