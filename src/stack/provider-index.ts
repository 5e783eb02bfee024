// Used only by bench/synth.ts, to measure what roll avoids: a stack that imports the provider
// package's index (`import * as aws from "@cdktf/provider-aws"`) loads every one of its ~1,500
// resource modules. roll's own code imports the three submodules it uses.

export async function importProviderIndex(): Promise<number> {
  const aws = await import("@cdktf/provider-aws");
  return Object.keys(aws).length;
}
