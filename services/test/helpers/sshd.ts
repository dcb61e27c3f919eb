// Starts a real OpenSSH sshd on a free 127.0.0.1 port with throwaway host and client keys, for tests that need
// a genuine SSH server (host key checks, auth refusal, PTYs, remote processes). Needs openssh-server and
// openssh-client (ssh-keygen) installed; tests run as root, so the client logs in as root.
import { execFile, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort, waitForPort } from "./ports.js";

const SSHD = "/usr/sbin/sshd";
const run = promisify(execFile);

export interface TestSshd {
  port: number;
  dir: string;
  /** The client private key that authorized_keys accepts. */
  keyPath: string;
  /** known_hosts holding the `[127.0.0.1]:port` entry for the host key. */
  knownHostsPath: string;
  /** The host public key line, e.g. "ssh-ed25519 AAAA... host". */
  hostPublicKey: string;
  /** sshd's log lines so far (it logs to stderr with -e). */
  logs(): string[];
  stop(): Promise<void>;
}

/** Writes a fresh passphrase-less ed25519 key pair at file and file.pub; returns the public key line. */
export async function generateKey(file: string, comment = "jarvis-test"): Promise<string> {
  await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", file]);
  return readFileSync(`${file}.pub`, "utf8").trim();
}

export async function startSshd(): Promise<TestSshd> {
  const dir = mkdtempSync(path.join(tmpdir(), "jarvis-sshd-"));
  const hostKey = path.join(dir, "host_ed25519");
  const keyPath = path.join(dir, "client_ed25519");
  const hostPublicKey = await generateKey(hostKey, "host");
  writeFileSync(path.join(dir, "authorized_keys"), `${await generateKey(keyPath, "client")}\n`);
  const port = await freePort();
  const configPath = path.join(dir, "sshd_config");
  writeFileSync(
    configPath,
    [
      `ListenAddress 127.0.0.1:${port}`,
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${path.join(dir, "authorized_keys")}`,
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "PermitRootLogin prohibit-password",
      "StrictModes no",
      "UsePAM no",
      "Subsystem sftp /usr/lib/openssh/sftp-server",
      `PidFile ${path.join(dir, "sshd.pid")}`,
      "",
    ].join("\n"),
  );
  const knownHostsPath = path.join(dir, "known_hosts");
  writeFileSync(knownHostsPath, `[127.0.0.1]:${port} ${hostPublicKey}\n`);
  // The privilege separation directory sshd insists on; a fresh container does not have it.
  mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });

  const child = spawn(SSHD, ["-D", "-e", "-f", configPath], { stdio: ["ignore", "ignore", "pipe"] });
  const lines: string[] = [];
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (text: string) => lines.push(...text.split("\n").filter(Boolean)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort("sshd", port, () => child.exitCode !== null, () => lines.join("\n"));
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, dir, keyPath, knownHostsPath, hostPublicKey, logs: () => [...lines], stop };
}


