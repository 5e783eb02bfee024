// Probe: the webhook followed redirects and re-posted the body (and credentials) to another host.
// A real local server answers 307 towards a second one; the second must receive nothing.

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import type { RollEvent } from "../../src/engine/events.js";
import { notifyWebhooks } from "../../src/rebake/webhook.js";

const servers: Server[] = [];
afterAll(() => servers.forEach((server) => server.close()));

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("the webhook", () => {
  it("does not follow a redirect: the other host gets nothing, the user is told", async () => {
    const received: string[] = [];
    const elsewhere = await listen((request, response) => {
      received.push(`${request.method} ${request.headers.authorization ?? ""}`);
      response.end("ok");
    });
    const hook = await listen((_request, response) => {
      response.writeHead(307, { location: `${elsewhere}/collect` });
      response.end();
    });
    const events: RollEvent[] = [];
    const url = hook.replace("http://", "http://user:pass@") + "/hook";
    await notifyWebhooks([url], { type: "result", app: "demo", outcome: "deployed", durationMs: 1 }, (event) => events.push(event));
    expect(received).toEqual([]);
    const warning = events.find((event) => event.type === "log" && event.level === "warn");
    expect(warning).toMatchObject({ message: expect.stringContaining("307 redirect") });
    expect(JSON.stringify(events)).not.toContain("pass");
  });
});
