import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { listeningAddresses } from "../src/model/listening.js";

describe("addresses already listening on a port", () => {
  it("finds a loopback address another process listens on, so the sandbox never hands it out", async () => {
    const server = createServer();
    const ip = `127.${200 + Math.floor(Math.random() * 50)}.${Math.floor(Math.random() * 250)}.9`;
    await new Promise<void>((resolve) => server.listen(0, ip, resolve));
    const port = (server.address() as { port: number }).port;
    try {
      expect(listeningAddresses(port).has(ip)).toBe(true);
      expect(listeningAddresses(port).has("127.9.9.9")).toBe(false);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(listeningAddresses(port).has(ip)).toBe(false);
  });
});
