// Pieces shared by the EC2 handlers: filters, tag sets, tag specifications, pagination, states.

import { matchesFilters, UnknownFilterError, type Filter, type FilterFields } from "../../model/filters.js";
import { INSTANCE_STATE_CODES, type InstanceStateName, type Tag } from "../../model/types.js";
import { ApiError } from "../../wire/errors.js";
import type { FormParams } from "../../wire/form.js";
import type { XmlValue } from "../../wire/xml.js";

export function filtersOf(params: FormParams): Filter[] {
  return params.list("Filter").map((f) => ({ name: f.required("Name"), values: f.strings("Value") }));
}

export function applyFilters<T>(items: T[], filters: Filter[], fields: FilterFields<T>, tags: (item: T) => Tag[]): T[] {
  try {
    return items.filter((item) => matchesFilters(item, filters, fields, tags));
  } catch (error) {
    if (error instanceof UnknownFilterError) throw new ApiError("InvalidParameterValue", `The filter '${error.filterName}' is invalid`);
    throw error;
  }
}

export function tagSet(tags: Tag[]): XmlValue[] {
  return tags.map((t) => ({ key: t.key, value: t.value }));
}

/** Tags of `TagSpecification.N` entries for one resource type. */
export function tagSpecs(params: FormParams, resourceType: string, name = "TagSpecification"): Tag[] {
  const tags: Tag[] = [];
  for (const spec of params.list(name)) {
    const type = spec.str("ResourceType");
    if (type !== undefined && type !== resourceType) continue;
    for (const tag of spec.list("Tag")) tags.push(validTag(tag.required("Key"), tag.raw("Value") ?? ""));
  }
  return tags;
}

export function validTag(key: string, value: string): Tag {
  if (key.length > 128) throw new ApiError("InvalidParameterValue", `Tag key exceeds the maximum length of 128 characters: ${key}`);
  if (value.length > 256) throw new ApiError("InvalidParameterValue", `Tag value exceeds the maximum length of 256 characters: ${key}`);
  if (key.toLowerCase().startsWith("aws:")) throw new ApiError("InvalidParameterValue", `Tag keys starting with 'aws:' are reserved for internal use: ${key}`);
  return { key, value };
}

export function instanceState(state: InstanceStateName): XmlValue {
  return { code: INSTANCE_STATE_CODES[state], name: state };
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** Pages through `items` with MaxResults/NextToken (the token is an opaque offset). */
export function paginate<T>(params: FormParams, items: T[], limits: { min: number; max: number }, idsGiven = false): Page<T> {
  const maxResults = params.int("MaxResults");
  const token = params.str("NextToken");
  if (maxResults !== undefined) {
    if (idsGiven) {
      throw new ApiError("InvalidParameterCombination", "The parameter MaxResults cannot be used together with explicit resource ids");
    }
    if (maxResults < limits.min || maxResults > limits.max) {
      throw new ApiError("InvalidParameterValue", `Value ( ${maxResults} ) for parameter maxResults is invalid. Expecting a value between ${limits.min} and ${limits.max}.`);
    }
  }
  let offset = 0;
  if (token !== undefined) {
    const text = Buffer.from(token, "base64url").toString("utf8");
    const decoded = /^offset:\d+$/.test(text) ? Number(text.slice(7)) : Number.NaN;
    if (!Number.isInteger(decoded) || decoded < 0) throw new ApiError("InvalidParameterValue", `Invalid value for NextToken: ${token}`);
    offset = decoded;
  }
  if (maxResults === undefined) return { items: items.slice(offset) };
  const end = offset + maxResults;
  return {
    items: items.slice(offset, end),
    nextToken: end < items.length ? Buffer.from(`offset:${end}`).toString("base64url") : undefined,
  };
}

export function checkIdFormat(id: string, prefix: string, malformedCode: string): void {
  if (!new RegExp(`^${prefix}-[0-9a-f]{8,17}$`).test(id)) {
    throw new ApiError(malformedCode, `Invalid id: "${id}" (expecting "${prefix}-...")`);
  }
}
