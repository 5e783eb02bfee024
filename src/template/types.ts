// The evaluated form of a Packer HCL2 template: what the bake engine consumes. Every value is plain
// data (strings, numbers, booleans, arrays, objects); positions are kept so that the builder and
// provisioners can name the file, line and field of a bad value.

export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

/** One configured block (source, provisioner, post-processor) after evaluation. */
export interface BlockConfig {
  type: string;
  /** `source "amazon-ebs" "app"` -> "app"; empty for provisioners. */
  name: string;
  position: SourcePosition;
  /** Attribute and nested-block values by field name. Nested blocks become objects (or arrays of objects when repeated). */
  fields: Record<string, Value>;
  /** Where each field was written, for error messages. */
  fieldPositions: Record<string, SourcePosition>;
}

export interface ProvisionerConfig extends BlockConfig {
  only?: string[];
  except?: string[];
  /** Post-processors only: which `post-processors { }` chain (or lone post-processor) this belongs to, from 0. */
  chain?: number;
}

export interface BuildConfig {
  name: string;
  position: SourcePosition;
  /** Sources this build runs, with build-level overrides already merged into `fields`. */
  sources: BlockConfig[];
  provisioners: ProvisionerConfig[];
  postProcessors: ProvisionerConfig[];
  /**
   * `error-cleanup-provisioner`: run when a provisioner fails, before the builder cleans up. One block;
   * several entries only when it reads source.* (one copy per source, each with its `only`).
   */
  errorCleanupProvisioners?: ProvisionerConfig[];
}

export interface VariableValue {
  name: string;
  value: Value;
  sensitive: boolean;
}

export interface ImageTemplate {
  /** The .pkr.hcl files read, in order. */
  files: string[];
  /** path.root: the folder of the template. */
  root: string;
  variables: Record<string, VariableValue>;
  builds: BuildConfig[];
  /** Values of sensitive variables, for redaction everywhere. */
  sensitiveValues: string[];
  /** Evaluated locals (`locals { }` and `local "x" { }`). */
  locals?: Record<string, VariableValue>;
  /**
   * `data "amazon-ami" "x" { }` blocks with their configuration evaluated. A reference such as
   * `data.amazon-ami.x.id` elsewhere evaluates to the placeholder string "${data.amazon-ami.x.id}"
   * (see `dataPlaceholder`), which the builder replaces once it has looked the data source up.
   */
  dataSources?: BlockConfig[];
  /** Warnings found while loading (Packer's own, and types roll accepts but cannot run yet). */
  warnings?: TemplateDiagnostic[];
}

export interface TemplateDiagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
  hint?: string;
  /** The field (attribute or block) the problem is in, when there is one. */
  field?: string;
  /** Set on warnings; errors leave it out. */
  severity?: "warning";
}

export interface LoadOptions {
  /** --var name=value, highest precedence. */
  vars?: Record<string, string>;
  /** --var-file paths, in order. */
  varFiles?: string[];
  /** Environment, for PKR_VAR_* and env(); defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Working directory for path.cwd and relative file paths; defaults to process.cwd(). */
  cwd?: string;
  /** The build start: one value for timestamp(), {{timestamp}} and {{isotime}}; defaults to now. */
  now?: Date;
  /**
   * Looks a data source up (amazon-ami, amazon-parameterstore, amazon-secretsmanager, http) against the
   * cloud; without it (roll validate, as Packer's validate) references stay placeholders. A thrown
   * error names the problem; it is reported at the data block.
   */
  resolveData?: (config: BlockConfig) => Promise<{ outputs: Record<string, Value>; sensitive: boolean }>;
}
