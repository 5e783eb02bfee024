// One error type for everything that is wrong with a template, and a collector so `roll validate`
// can report all of them while `loadTemplate` stops at the first.

import { userError, type RollError } from "../engine/errors.js";
import type { SourcePosition, TemplateDiagnostic } from "./types.js";

export class TemplateError extends Error {
  constructor(
    message: string,
    readonly pos: SourcePosition,
    readonly field?: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "TemplateError";
  }

  /** The same error, naming the field it belongs to unless it already names one. */
  inField(field: string): TemplateError {
    return this.field || this instanceof AlreadyReported ? this : new TemplateError(this.message, this.pos, field, this.hint);
  }
}

/**
 * A reference to something whose own error was already reported (a failed local or variable): the
 * referencing field fails too, but without a second message.
 */
export class AlreadyReported extends TemplateError {}

export class Diagnostics {
  readonly list: TemplateDiagnostic[] = [];
  /** Packer's own warnings (and roll's "accepted but not run"): shown, never a reason to fail. */
  readonly warnings: TemplateDiagnostic[] = [];

  add(error: TemplateError): void {
    if (error instanceof AlreadyReported) return;
    this.list.push(toDiagnostic(error));
  }

  warn(warning: TemplateError): void {
    this.warnings.push({ ...toDiagnostic(warning), severity: "warning" });
  }

  /** Runs `work`; a TemplateError becomes a diagnostic and `fallback` is returned. */
  attempt<T>(work: () => T, fallback: T, field?: string): T {
    try {
      return work();
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      if (!(error instanceof AlreadyReported)) this.add(field ? error.inField(field) : error);
      return fallback;
    }
  }

  get empty(): boolean {
    return this.list.length === 0;
  }
}

function toDiagnostic(error: TemplateError): TemplateDiagnostic {
  const diagnostic: TemplateDiagnostic = { file: error.pos.file, line: error.pos.line, column: error.pos.column, message: error.message };
  if (error.field) diagnostic.field = error.field;
  if (error.hint) diagnostic.hint = error.hint;
  return diagnostic;
}

export function diagnosticToRollError(diagnostic: TemplateDiagnostic): RollError {
  return userError(
    "template-invalid",
    diagnostic.message,
    {
      file: diagnostic.file,
      ...(diagnostic.line > 0 ? { line: diagnostic.line, column: diagnostic.column } : {}),
      ...(diagnostic.field ? { field: diagnostic.field } : {}),
    },
    diagnostic.hint,
  );
}
