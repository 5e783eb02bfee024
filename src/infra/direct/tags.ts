// Tag differences, as Terraform computes them: set what is missing or different, remove what the
// stack no longer declares. Tags under the reserved `aws:` prefix belong to AWS and are never touched.

export interface TagDiff {
  set: Record<string, string>;
  remove: string[];
}

const isAwsTag = (key: string) => key.startsWith("aws:");

export function diffTags(desired: Record<string, string>, current: Record<string, string>): TagDiff {
  const set: Record<string, string> = {};
  for (const [key, value] of Object.entries(desired)) {
    if (current[key] !== value) set[key] = value;
  }
  const remove = Object.keys(current).filter((key) => !(key in desired) && !isAwsTag(key));
  return { set, remove };
}

export function isEmptyDiff(diff: TagDiff): boolean {
  return Object.keys(diff.set).length === 0 && diff.remove.length === 0;
}
