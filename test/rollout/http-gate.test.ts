import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newHttpProvider } from "../../src/rollout/gates/http.js";

let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === "/healthz") response.writeHead(200).end("ok v2");
    else if (request.url === "/slow") setTimeout(() => response.writeHead(200).end("late"), 3000);
    else response.writeHead(500).end("broken");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const target = { id: "i-1", ip: "127.0.0.1" };
const signal = new AbortController().signal;

describe("http gate", () => {
  it("measures Successful on the expected status and body", async () => {
    const [measurement] = await newHttpProvider({ type: "http", path: "/healthz", port, bodyRegex: "v2" }).measure([target], signal);
    expect(measurement).toMatchObject({ status: "Successful", value: "HTTP 200", target: "i-1" });
  });

  it("measures Failed with the response as evidence", async () => {
    const [measurement] = await newHttpProvider({ type: "http", path: "/broken", port }).measure([target], signal);
    expect(measurement.status).toBe("Failed");
    expect(measurement.value).toBe("HTTP 500");
    expect(measurement.message).toContain("broken");
  });

  it("measures Failed when the body does not match", async () => {
    const [measurement] = await newHttpProvider({ type: "http", path: "/healthz", port, bodyRegex: "^v3" }).measure([target], signal);
    expect(measurement.status).toBe("Failed");
  });

  it("measures Error (not Failed) when nothing answers", async () => {
    const closed = newHttpProvider({ type: "http", path: "/healthz", port: 1 });
    const [refused] = await closed.measure([target], signal);
    expect(refused.status).toBe("Error");
    expect(refused.message).toContain("ECONNREFUSED");
    const [late] = await newHttpProvider({ type: "http", path: "/slow", port, timeoutSeconds: 0.3 }).measure([target], signal);
    expect(late.status).toBe("Error");
    expect(late.message).toContain("no answer within");
  });
});
