// data "http": a GET (or the given method) of a URL. Outputs: id, url, request_headers,
// response_headers, body, status_code. A status other than 2xx is an error, as in Packer's http data source.

import { RollError, userError } from "../../engine/errors.js";
import type { DataSourceLookup } from "./types.js";

export const httpData: DataSourceLookup = async (config, { signal }) => {
  const url = String(config.fields.url);
  const headers = (config.fields.request_headers ?? {}) as Record<string, string>;
  const method = typeof config.fields.method === "string" ? config.fields.method : "GET";
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body: typeof config.fields.request_body === "string" ? config.fields.request_body : undefined, signal });
  } catch (error) {
    throw new RollError("data-source-http", `data "http": ${method} ${url} failed: ${(error as Error).message}`, { fault: "external", cause: error });
  }
  const body = await response.text();
  if (!response.ok) throw userError("data-source-http", `${method} ${url} answered HTTP ${response.status}`, { ...config.position, field: "url" });
  return {
    outputs: {
      id: url,
      url,
      request_headers: headers,
      response_headers: Object.fromEntries(response.headers.entries()),
      body,
      status_code: response.status,
    },
    sensitive: false,
  };
};
