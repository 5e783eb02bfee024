// Go's reference-time layouts ("2006-01-02T15:04:05Z07:00") and durations ("1h30m"), because Packer's
// legacy_isotime(), {{isotime "…"}} and timeadd() are defined in those terms.

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

const pad = (value: number, width = 2): string => String(value).padStart(width, "0");

/** A moment plus the UTC offset (minutes) it should be shown in. */
export interface ZonedTime {
  date: Date;
  offsetMinutes: number;
}

/** Calendar fields of the moment as seen at its offset. */
function fields(time: ZonedTime) {
  const shifted = new Date(time.date.getTime() + time.offsetMinutes * 60_000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth(),
    day: shifted.getUTCDate(),
    weekday: shifted.getUTCDay(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    millis: shifted.getUTCMilliseconds(),
  };
}

function offsetText(offsetMinutes: number, colon: boolean, zulu: boolean): string {
  if (zulu && offsetMinutes === 0) return "Z";
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}${colon ? ":" : ""}${pad(abs % 60)}`;
}

export function formatGoLayout(time: ZonedTime, layout: string): string {
  const f = fields(time);
  const hour12 = f.hour % 12 === 0 ? 12 : f.hour % 12;
  const tokens: [string, () => string][] = [
    ["January", () => MONTHS[f.month]!],
    ["Monday", () => DAYS[f.weekday]!],
    ["Z07:00", () => offsetText(time.offsetMinutes, true, true)],
    ["-07:00", () => offsetText(time.offsetMinutes, true, false)],
    ["Z0700", () => offsetText(time.offsetMinutes, false, true)],
    ["-0700", () => offsetText(time.offsetMinutes, false, false)],
    ["2006", () => String(f.year)],
    [".000", () => `.${pad(f.millis, 3)}`],
    [".999", () => (f.millis ? `.${pad(f.millis, 3).replace(/0+$/, "")}` : "")],
    ["Jan", () => MONTHS[f.month]!.slice(0, 3)],
    ["Mon", () => DAYS[f.weekday]!.slice(0, 3)],
    ["MST", () => (time.offsetMinutes === 0 ? "UTC" : offsetText(time.offsetMinutes, false, false))],
    ["_2", () => String(f.day).padStart(2, " ")],
    ["01", () => pad(f.month + 1)],
    ["02", () => pad(f.day)],
    ["03", () => pad(hour12)],
    ["04", () => pad(f.minute)],
    ["05", () => pad(f.second)],
    ["06", () => pad(f.year % 100)],
    ["15", () => pad(f.hour)],
    ["PM", () => (f.hour < 12 ? "AM" : "PM")],
    ["pm", () => (f.hour < 12 ? "am" : "pm")],
    ["1", () => String(f.month + 1)],
    ["2", () => String(f.day)],
    ["3", () => String(hour12)],
    ["4", () => String(f.minute)],
    ["5", () => String(f.second)],
  ];
  let out = "";
  let index = 0;
  outer: while (index < layout.length) {
    for (const [token, render] of tokens) {
      if (layout.startsWith(token, index)) {
        out += render();
        index += token.length;
        continue outer;
      }
    }
    out += layout[index];
    index++;
  }
  return out;
}

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go duration string -> milliseconds, or undefined when it is not one. */
export function parseGoDuration(text: string): number | undefined {
  const match = /^([+-])?((?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+|0)$/.exec(text);
  if (!match) return undefined;
  if (match[2] === "0") return 0;
  let total = 0;
  for (const part of match[2]!.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(part[1]) * UNITS[part[2]!]!;
  return match[1] === "-" ? -total : total;
}

/** RFC 3339 text -> moment and its offset; undefined when malformed. */
export function parseRfc3339(text: string): ZonedTime | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.exec(text);
  if (!match) return undefined;
  const date = new Date(text.toUpperCase());
  if (Number.isNaN(date.getTime())) return undefined;
  const zone = match[8]!;
  const offsetMinutes =
    zone.toUpperCase() === "Z" ? 0 : (zone.startsWith("-") ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  return { date, offsetMinutes };
}

export function formatRfc3339(time: ZonedTime): string {
  return formatGoLayout(time, "2006-01-02T15:04:05Z07:00");
}

/** Terraform/Packer formatdate() spec: YYYY, MM, DD, hh, mm, ss, ZZZZZ, 'literal', … */
export function formatDateSpec(time: ZonedTime, spec: string): string | { error: string } {
  const f = fields(time);
  const hour12 = f.hour % 12 === 0 ? 12 : f.hour % 12;
  const tokens: [string, () => string][] = [
    ["YYYY", () => pad(f.year, 4)],
    ["YY", () => pad(f.year % 100)],
    ["MMMM", () => MONTHS[f.month]!],
    ["MMM", () => MONTHS[f.month]!.slice(0, 3)],
    ["MM", () => pad(f.month + 1)],
    ["M", () => String(f.month + 1)],
    ["DD", () => pad(f.day)],
    ["D", () => String(f.day)],
    ["EEEE", () => DAYS[f.weekday]!],
    ["EEE", () => DAYS[f.weekday]!.slice(0, 3)],
    ["hh", () => pad(f.hour)],
    ["h", () => String(f.hour)],
    ["HH", () => pad(hour12)],
    ["H", () => String(hour12)],
    ["AA", () => (f.hour < 12 ? "AM" : "PM")],
    ["aa", () => (f.hour < 12 ? "am" : "pm")],
    ["mm", () => pad(f.minute)],
    ["m", () => String(f.minute)],
    ["ss", () => pad(f.second)],
    ["s", () => String(f.second)],
    ["ZZZZZ", () => offsetText(time.offsetMinutes, true, false)],
    ["ZZZZ", () => offsetText(time.offsetMinutes, false, false)],
    ["ZZZ", () => (time.offsetMinutes === 0 ? "UTC" : offsetText(time.offsetMinutes, false, false))],
    ["Z", () => offsetText(time.offsetMinutes, true, true)],
  ];
  let out = "";
  let index = 0;
  outer: while (index < spec.length) {
    const char = spec[index]!;
    if (char === "'") {
      const close = spec.indexOf("'", index + 1);
      if (close < 0) return { error: "unterminated literal '…' in format" };
      out += close === index + 1 ? "'" : spec.slice(index + 1, close);
      index = close + 1;
      continue;
    }
    if (/[A-Za-z]/.test(char)) {
      for (const [token, render] of tokens) {
        if (spec.startsWith(token, index)) {
          out += render();
          index += token.length;
          continue outer;
        }
      }
      let run = index;
      while (spec[run] === char) run++;
      return { error: `invalid date format verb "${spec.slice(index, run)}"; put literal letters in quotes` };
    }
    out += char;
    index++;
  }
  return out;
}
