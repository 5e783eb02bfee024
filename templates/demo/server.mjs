// The demo service: answers /version with the baked version and /healthz with 200, unless the release
// was baked to fail (to rehearse bad releases): DEMO_HEALTHY=false makes every instance unhealthy,
// DEMO_UNHEALTHY_SHARE=k/n only k of every n instances (by the last number of their address, which the
// sandbox hands out one after the other), DEMO_UNHEALTHY_AFTER=s only after s seconds of warm-up.
// DEMO_BOOT_DELAY=s listens only after s seconds; DEMO_PORT moves it off the port the gate probes.
// Binds to the instance's own address.
import { createServer } from "node:http";

const env = process.env;
const version = env.DEMO_VERSION ?? "unknown";
const host = env.LOCAL_IPV4 ?? "127.0.0.1";
const port = Number(env.DEMO_PORT || 8080);
const unhealthyStatus = Number(env.DEMO_UNHEALTHY_STATUS || 500);
const share = env.DEMO_UNHEALTHY_SHARE ?? "";
const unhealthyAfterMs = Number(env.DEMO_UNHEALTHY_AFTER || 0) * 1000;
const bootDelayMs = Number(env.DEMO_BOOT_DELAY || 0) * 1000;

/** Whether this instance is among the k of every n that misbehave ("" chooses every instance). */
function chosen(shareText, address) {
  if (shareText === "") return true;
  const [k, n] = shareText.split("/").map(Number);
  const last = Number(address.split(".").at(-1));
  return last % n < k;
}

// A release misbehaves when it was baked with any fault; this instance only if the share chose it.
const faulty = env.DEMO_HEALTHY === "false" || share !== "" || unhealthyAfterMs > 0;
const bad = faulty && chosen(share, host);
const started = Date.now();

function healthy() {
  return !bad || Date.now() - started < unhealthyAfterMs;
}

const server = createServer((request, response) => {
  if (request.url === "/version") {
    response.writeHead(200, { "content-type": "text/plain" }).end(`${version}\n`);
  } else if (request.url === "/healthz") {
    const ok = healthy();
    response.writeHead(ok ? 200 : unhealthyStatus, { "content-type": "text/plain" }).end(ok ? "ok\n" : "unhealthy\n");
  } else {
    response.writeHead(404).end();
  }
});

setTimeout(() => server.listen(port, host, () => console.log(`demo ${version} listening on ${host}:${port}`)), bootDelayMs);
