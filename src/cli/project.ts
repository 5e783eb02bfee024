// Where the project is (the folder with stacks/ and templates/) and where its state lives.

import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { userError } from "../engine/errors.js";

export function findProjectRoot(start = process.cwd()): string {
  if (process.env.ROLL_PROJECT) return resolve(process.env.ROLL_PROJECT);
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, "stacks")) && existsSync(join(dir, "package.json"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) {
      throw userError("no-project", `no roll project found from ${start} upwards (a folder with stacks/ and package.json)`, undefined, "run roll inside your project, or set ROLL_PROJECT");
    }
    dir = parent;
  }
}
