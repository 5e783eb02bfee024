// The demo service: answers /version with the baked version and /healthz with 200 (or 500 when the
// release was baked with healthy=false). Binds to the instance's own address.
import { createServer } from "node:http";

const version = process.env.DEMO_VERSION ?? "unknown";
const healthy = process.env.DEMO_HEALTHY !== "false";
const host = process.env.LOCAL_IPV4 ?? "127.0.0.1";

createServer((request, response) => {
  if (request.url === "/version") {
    response.writeHead(200, { "content-type": "text/plain" }).end(`${version}\n`);
  } else if (request.url === "/healthz") {
    response.writeHead(healthy ? 200 : 500, { "content-type": "text/plain" }).end(healthy ? "ok\n" : "unhealthy\n");
  } else {
    response.writeHead(404).end();
  }
}).listen(8080, host, () => console.log(`demo ${version} listening on ${host}:8080`));
