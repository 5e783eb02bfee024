// POSIX single-quote escaping, for remote commands and Packer's `{{ .Vars }}` (KEY='value').

export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}

/** `A='1' B='2'` in the order given; names are checked by the caller. */
export function renderEnvVars(vars: Array<[string, string]>): string {
  return vars.map(([name, value]) => `${name}=${shellQuote(value)}`).join(" ");
}
