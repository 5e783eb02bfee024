// The SCP protocol over an exec channel (`scp -t` to send, `scp -f` to receive), as Packer's default
// file transfer does: it needs nothing on the server but the scp binary, no SFTP subsystem.
//
// Each record is a header line ("C0644 <size> <name>", "D0755 0 <name>", "E") answered by one status
// byte from the other side: 0 ok, 1 warning, 2 fatal, the last two followed by a message line.

import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { ClientChannel } from "ssh2";
import { shellQuote } from "../shell-quote.js";
import { scpError } from "./errors.js";
import { StreamReader } from "./stream-reader.js";

export type OpenChannel = (command: string) => Promise<ClientChannel>;

interface ScpSession {
  channel: ClientChannel;
  reader: StreamReader;
  stderr: () => string;
  exit: Promise<number | undefined>;
}

async function openSession(open: OpenChannel, command: string): Promise<ScpSession> {
  const channel = await open(command);
  let stderr = "";
  channel.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const exit = new Promise<number | undefined>((resolve) => {
    let code: number | undefined;
    channel.on("exit", (exitCode: number | null) => (code = exitCode ?? undefined));
    channel.on("close", () => resolve(code));
  });
  return { channel, reader: new StreamReader(channel), stderr: () => stderr.trim(), exit };
}

async function write(channel: ClientChannel, data: Buffer | string): Promise<void> {
  if (!channel.write(data)) await once(channel, "drain");
}

async function expectOk(session: ScpSession, what: string): Promise<void> {
  const status = await session.reader.byte();
  if (status === 0) return;
  if (status === 1 || status === 2) throw scpError(`scp ${what}: ${(await session.reader.line()).trim()}`);
  const detail = session.stderr() || (status === undefined ? "the remote scp ended early" : `unexpected reply byte ${status}`);
  throw scpError(`scp ${what}: ${detail}`);
}

async function finish(session: ScpSession, what: string): Promise<void> {
  session.channel.end();
  const code = await session.exit;
  if (code !== undefined && code !== 0) throw scpError(`scp ${what} exited with code ${code}${session.stderr() ? `: ${session.stderr()}` : ""}`);
}

function checkName(name: string): string {
  if (name.includes("\n")) throw scpError(`cannot transfer a file whose name contains a newline: ${JSON.stringify(name)}`);
  return name;
}

function modeText(mode: number): string {
  return (mode & 0o777).toString(8).padStart(4, "0");
}

async function sendFileRecord(session: ScpSession, name: string, size: number, mode: number, body: AsyncIterable<Buffer> | Buffer): Promise<void> {
  await write(session.channel, `C${modeText(mode)} ${size} ${checkName(name)}\n`);
  await expectOk(session, `upload of ${name}`);
  if (Buffer.isBuffer(body)) await write(session.channel, body);
  else for await (const chunk of body) await write(session.channel, chunk);
  await write(session.channel, Buffer.from([0]));
  await expectOk(session, `upload of ${name}`);
}

export async function scpUpload(open: OpenChannel, source: string | Buffer, remotePath: string, mode?: number): Promise<void> {
  const session = await openSession(open, `scp -t ${shellQuote(remotePath)}`);
  try {
    await expectOk(session, `to ${remotePath}`);
    const name = path.posix.basename(remotePath);
    if (Buffer.isBuffer(source)) {
      await sendFileRecord(session, name, source.length, mode ?? 0o644, source);
    } else {
      const info = await stat(source);
      if (!info.isFile()) throw scpError(`upload source ${source} is not a file`);
      await sendFileRecord(session, name, info.size, mode ?? info.mode, createReadStream(source));
    }
    await finish(session, `to ${remotePath}`);
  } finally {
    session.channel.close();
  }
}

async function sendEntry(session: ScpSession, localPath: string, name: string): Promise<void> {
  const info = await stat(localPath); // follows symlinks, like scp -r
  if (info.isDirectory()) {
    await write(session.channel, `D${modeText(info.mode)} 0 ${checkName(name)}\n`);
    await expectOk(session, `upload of directory ${name}`);
    await sendEntries(session, localPath);
    await write(session.channel, "E\n");
    await expectOk(session, `upload of directory ${name}`);
  } else if (info.isFile()) {
    await sendFileRecord(session, name, info.size, info.mode, createReadStream(localPath));
  }
  // sockets, fifos and devices are skipped, as scp does
}

async function sendEntries(session: ScpSession, localDir: string): Promise<void> {
  const names = (await readdir(localDir)).sort();
  for (const name of names) await sendEntry(session, path.join(localDir, name), name);
}

/** Packer's rule: "dir/" sends the contents into remoteDir; "dir" sends the directory itself. */
export async function scpUploadDirectory(open: OpenChannel, localDir: string, remoteDir: string): Promise<void> {
  const info = await stat(localDir);
  if (!info.isDirectory()) throw scpError(`upload source ${localDir} is not a directory`);
  const session = await openSession(open, `scp -r -t ${shellQuote(remoteDir)}`);
  try {
    await expectOk(session, `to ${remoteDir}`);
    if (localDir.endsWith("/")) await sendEntries(session, localDir);
    else await sendEntry(session, localDir, path.basename(localDir));
    await finish(session, `to ${remoteDir}`);
  } finally {
    session.channel.close();
  }
}

const FILE_HEADER = /^C([0-7]{4}) (\d+) (.+)$/;
const DIR_HEADER = /^D([0-7]{4}) 0 (.+)$/;

/** A name from the server becomes one path segment under our folder, never a way out of it. */
function safeSegment(name: string): string {
  if (name === "." || name === ".." || name.includes("/") || name.includes("\0")) {
    throw scpError(`the server sent an unsafe file name: ${JSON.stringify(name)}`);
  }
  return name;
}

async function receiveFile(session: ScpSession, header: string, target: string): Promise<void> {
  const match = FILE_HEADER.exec(header);
  if (!match) throw scpError(`scp: unexpected header ${JSON.stringify(header)}`);
  const size = Number(match[2]);
  await write(session.channel, Buffer.from([0]));
  const out = createWriteStream(target, { mode: parseInt(match[1]!, 8) });
  try {
    await session.reader.take(size, async (chunk) => {
      if (!out.write(chunk)) await once(out, "drain");
    });
  } finally {
    out.end();
    await once(out, "close");
  }
  await expectOk(session, `download of ${match[3]}`);
  await write(session.channel, Buffer.from([0]));
}

/**
 * Receives records until the server is done. In directory mode the top-level directory record maps
 * onto `localPath` itself, so the remote directory's contents land in it.
 */
async function receive(session: ScpSession, localPath: string, directory: boolean, what: string): Promise<void> {
  await write(session.channel, Buffer.from([0]));
  const stack: string[] = [];
  let received = 0;
  for (;;) {
    const kind = await session.reader.byte();
    if (kind === undefined) break;
    if (kind === 1 || kind === 2) throw scpError(`scp ${what}: ${(await session.reader.line()).trim()}`);
    const header = String.fromCharCode(kind) + (await session.reader.line());
    if (header.startsWith("C")) {
      const name = FILE_HEADER.exec(header)?.[3];
      const target = directory ? path.join(stack.at(-1) ?? localPath, safeSegment(name ?? "")) : localPath;
      await receiveFile(session, header, target);
      received++;
    } else if (header.startsWith("D")) {
      const match = DIR_HEADER.exec(header);
      if (!match || !directory) throw scpError(`scp ${what}: unexpected header ${JSON.stringify(header)}`);
      const dir = stack.length === 0 ? localPath : path.join(stack.at(-1)!, safeSegment(match[2]!));
      await mkdir(dir, { recursive: true });
      stack.push(dir);
      received++;
      await write(session.channel, Buffer.from([0]));
    } else if (header === "E") {
      stack.pop();
      await write(session.channel, Buffer.from([0]));
    } else if (header.startsWith("T")) {
      await write(session.channel, Buffer.from([0]));
    } else {
      throw scpError(`scp ${what}: unexpected header ${JSON.stringify(header)}`);
    }
  }
  if (received === 0) throw scpError(`scp ${what}: ${session.stderr() || "nothing was received"}`);
}

export async function scpDownload(open: OpenChannel, remotePath: string, localPath: string): Promise<void> {
  const session = await openSession(open, `scp -f ${shellQuote(remotePath)}`);
  const what = `from ${remotePath}`;
  try {
    await receive(session, localPath, false, what);
    await finish(session, what);
  } finally {
    session.channel.close();
  }
}

export async function scpDownloadDirectory(open: OpenChannel, remoteDir: string, localDir: string): Promise<void> {
  const session = await openSession(open, `scp -r -f ${shellQuote(remoteDir.replace(/\/+$/, "") || "/")}`);
  const what = `from ${remoteDir}`;
  try {
    await mkdir(localDir, { recursive: true });
    await receive(session, localDir, true, what);
    await finish(session, what);
  } finally {
    session.channel.close();
  }
}
