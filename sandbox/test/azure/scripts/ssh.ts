// One command over SSH as a given user (ssh2 client), stdout and stderr together.

import ssh2 from "ssh2";

export function sshExecAs(host: string, username: string, privateKey: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    client
      .on("ready", () => {
        client.exec(command, (error, stream) => {
          if (error) return reject(error);
          let out = "";
          stream.on("data", (d: Buffer) => (out += d.toString()));
          stream.stderr.on("data", (d: Buffer) => (out += d.toString()));
          stream.on("close", () => {
            client.end();
            resolve(out);
          });
        });
      })
      .on("error", reject)
      .connect({ host, port: 22, username, privateKey, readyTimeout: 10_000 });
  });
}
