import type { CloudClients } from "../../cloud/target.js";
import type { BlockConfig, Value } from "../../template/types.js";

export interface DataLookupContext {
  clients: CloudClients;
  /** The data block's region, or the target's. */
  region: string;
  signal?: AbortSignal;
}

export type DataSourceLookup = (config: BlockConfig, ctx: DataLookupContext) => Promise<{ outputs: Record<string, Value>; sensitive: boolean }>;

/** A failed lookup: a user error (the template names something that is not there) or the cloud failing. */
export function awsCode(error: unknown): string {
  return (error as { name?: string; Code?: string })?.name ?? "";
}
