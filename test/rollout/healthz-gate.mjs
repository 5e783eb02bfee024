// A user's gate script for the command gate: every address in ROLL_TARGETS must answer 200 on
// /healthz. A refused connection is retried for a few seconds (the service may still be starting), as
// `curl --retry-connrefused` would.
import { get } from "node:http";

function probe(ip) {
  return new Promise((resolve) => {
    get({ host: ip, port: 8080, path: "/healthz", timeout: 1000, agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode);
    })
      .on("timeout", function () {
        this.destroy(new Error("timeout"));
      })
      .on("error", (error) => resolve(error.code ?? error.message));
  });
}

for (const ip of (process.env.ROLL_TARGETS ?? "").split(" ").filter(Boolean)) {
  let answer = await probe(ip);
  for (let tries = 0; answer === "ECONNREFUSED" && tries < 8; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    answer = await probe(ip);
  }
  if (answer !== 200) {
    console.error(`${ip}: ${answer}`);
    process.exit(1);
  }
}
