// Where roll keeps what it remembers (releases, locks, journals, manifests): a local folder, or an S3
// bucket shared by a team's machines and CI runners. State paths are plain strings: a folder path,
// or `s3://bucket/prefix/...`; the backend is chosen by the path.

export interface StoredObject {
  body: string;
  /** Changes whenever the body changes: what conditional writes compare. */
  etag: string;
}

export interface WriteCondition {
  /** "*": create only, fail when the object exists. */
  ifNoneMatch?: "*";
  /** Replace only this version of the object. */
  ifMatch?: string;
}

export interface StateBackend {
  get(path: string): Promise<StoredObject | undefined>;
  /** Writes the object; throws PreconditionFailed when the condition does not hold. Returns the new etag. */
  put(path: string, body: string, condition?: WriteCondition): Promise<string>;
  delete(path: string): Promise<void>;
  /** Names of the entries directly under a folder-like path. */
  list(path: string): Promise<string[]>;
}

const BRAND = Symbol.for("roll.precondition-failed");

/** Another writer got there first: the caller re-reads and decides again. */
export class PreconditionFailed extends Error {
  readonly [BRAND] = true;
  constructor(path: string) {
    super(`${path} was changed by someone else`);
    this.name = "PreconditionFailed";
  }
}

export function isPreconditionFailed(error: unknown): error is PreconditionFailed {
  return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[BRAND] === true;
}
