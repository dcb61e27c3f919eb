// The SSH client against a real OpenSSH sshd on 127.0.0.1 (see helpers/sshd.ts).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { SshClient, type SshClientOptions } from "../../src/clients/ssh/client.js";
import { ClientError } from "../../src/clients/errors.js";
import { KnownHosts } from "../../src/clients/ssh/known-hosts.js";
import type { ShellSession } from "../../src/clients/ssh/pty.js";
import { generateKey, startSshd, type TestSshd } from "../helpers/sshd.js";
import { failure } from "../helpers/errors.js";

let sshd: TestSshd;
const clients: SshClient[] = [];
const NODE = "pve1";

beforeAll(async () => {
  sshd = await startSshd();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await sshd?.stop();
});

function client(overrides: Partial<SshClientOptions> = {}, onStatus?: (s: "up" | "down", d: string) => void) {
  const c = new SshClient(
    {
      targets: [{ name: NODE, host: "127.0.0.1", port: sshd.port }],
      user: "root",
      keyPath: sshd.keyPath,
      knownHostsPath: sshd.knownHostsPath,
      ...overrides,
    },
    pino({ level: "silent" }),
    onStatus,
  );
  clients.push(c);
  return c;
}


const hostFingerprint = () =>
  execFileSync("ssh-keygen", ["-lf", path.join(sshd.dir, "host_ed25519.pub")], { encoding: "utf8" }).split(" ")[1]!;
const clientPort = async (c: SshClient) => (await c.exec(NODE, "echo $SSH_CONNECTION")).stdout.split(" ")[1];
const accepted = () => sshd.logs().filter((l) => l.startsWith("Accepted publickey")).length;

describe("exec", () => {
  it("returns exit code, stdout and stderr, and nothing of its own wrapping", async () => {
    const result = await client().exec(NODE, "echo out; echo err >&2");
    expect(result).toEqual({ exitCode: 0, signal: null, stdout: "out\n", stderr: "err\n", truncated: false });
  });

  it("gives a failing command's exit code", async () => {
    const c = client();
    expect((await c.exec(NODE, "exit 3")).exitCode).toBe(3);
    const missing = await c.exec(NODE, "ls /no/such/dir");
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain("No such file or directory");
  });

  it("runs in cwd, and not at all when cwd does not exist", async () => {
    const c = client();
    expect((await c.exec(NODE, "pwd", { cwd: "/tmp" })).stdout).toBe("/tmp\n");
    const result = await c.exec(NODE, "echo ran", { cwd: "/no/such dir" });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe("");
  });

  it("reuses one connection across commands", async () => {
    const c = client();
    const before = accepted();
    const first = await clientPort(c);
    expect(await clientPort(c)).toBe(first);
    expect(await clientPort(c)).toBe(first);
    expect(accepted() - before).toBe(1);
  });

  it("closes an idle connection and connects again on the next command", async () => {
    const c = client({ idleCloseMs: 100 });
    const first = await clientPort(c);
    await vi.waitFor(() => expect(c.isConnected(NODE)).toBe(false), { timeout: 5_000 });
    expect(await clientPort(c)).not.toBe(first);
  });

  it("reconnects after the connection died", async () => {
    const c = client();
    const first = await clientPort(c);
    // Kill this connection's sshd process on the node, as a node reboot or network cut would.
    await c.exec(NODE, "kill $PPID").catch(() => undefined);
    await vi.waitFor(() => expect(c.isConnected(NODE)).toBe(false), { timeout: 5_000 });
    expect(await clientPort(c)).not.toBe(first);
  });

  it("kills the remote command at the timeout", async () => {
    const c = client();
    const err = await failure(c.exec(NODE, "sleep 120.5; echo never", { timeoutMs: 500 }));
    expect(err.kind).toBe("timeout");
    // The kill goes over a second channel: on a loaded machine that takes more than a moment.
    await vi.waitFor(
      async () => {
        const left = await c.exec(NODE, "pgrep -f 'sleep 120[.]5'");
        expect(left.exitCode).toBe(1);
      },
      { timeout: 8_000, interval: 100 },
    );
  });

  it("caps output, flags truncation, and still reports the exit code", async () => {
    const result = await client().exec(NODE, "head -c 10000000 /dev/zero | tr '\\0' x", { maxOutputBytes: 100_000 });
    expect(result.truncated).toBe(true);
    expect(result.stdout).toBe("x".repeat(100_000));
    expect(result.exitCode).toBe(0);
  });

  it("rejects an unknown node name", async () => {
    await expect(client().exec("nope", "true")).rejects.toMatchObject({ kind: "not_found" });
  });
});

describe("host keys", () => {
  const knownHosts = (name: string, text: string) => {
    const file = path.join(sshd.dir, name);
    writeFileSync(file, text);
    return file;
  };

  it("refuses a host missing from known_hosts, naming its fingerprint and how to trust it", async () => {
    const statuses: string[] = [];
    const c = client({ knownHostsPath: knownHosts("empty_known_hosts", "") }, (s) => statuses.push(s));
    const err = await failure(c.exec(NODE, "true"));
    expect(err.kind).toBe("host_key");
    expect(err.message).toContain(hostFingerprint());
    expect(err.message).toContain(`[127.0.0.1]:${sshd.port} ${sshd.hostPublicKey.split(" ").slice(0, 2).join(" ")}`);
    expect(err.message).toContain(NODE);
    expect(statuses).toEqual(["down"]);
  });

  it("refuses a host whose key changed", async () => {
    const other = await generateKey(path.join(sshd.dir, `other_${Date.now()}`));
    const c = client({ knownHostsPath: knownHosts("changed_known_hosts", `[127.0.0.1]:${sshd.port} ${other}\n`) });
    const err = await failure(c.exec(NODE, "true"));
    expect(err.kind).toBe("host_key");
    expect(err.message).toContain("does NOT match");
    expect(err.message).toContain(hostFingerprint());
  });

  it("accepts a hashed known_hosts entry", async () => {
    const file = knownHosts("hashed_known_hosts", `[127.0.0.1]:${sshd.port} ${sshd.hostPublicKey}\n`);
    execFileSync("ssh-keygen", ["-q", "-H", "-f", file], { stdio: "ignore" });
    expect(readFileSync(file, "utf8")).toMatch(/^\|1\|[^ ]+ ssh-ed25519 /);
    const statuses: string[] = [];
    const c = client({ knownHostsPath: file }, (s) => statuses.push(s));
    expect((await c.exec(NODE, "echo ok")).stdout).toBe("ok\n");
    expect(statuses).toEqual(["up"]);
  });

  it("matches patterns, negations and @revoked as OpenSSH does", () => {
    const key = sshd.hostPublicKey.split(" ").slice(0, 2).join(" ");
    const blob = Buffer.from(key.split(" ")[1]!, "base64");
    const kh = KnownHosts.parse(
      "kh",
      [`# c`, `pve*,!pve9 ${key}`, `[192.0.2.?]:2222 ${key}`, `@revoked old ${key}`, `@cert-authority * ${key}`].join(
        "\n",
      ),
    );
    expect(kh.verify("PVE1", 22, blob)).toBe("trusted");
    expect(kh.verify("pve9", 22, blob)).toBe("unknown");
    expect(kh.verify("192.0.2.5", 2222, blob)).toBe("trusted");
    expect(kh.verify("192.0.2.5", 22, blob)).toBe("unknown");
    expect(kh.verify("old", 22, blob)).toBe("revoked");
    expect(kh.verify("other", 22, blob)).toBe("unknown");
  });
});

describe("connect failures", () => {
  it("reports a key the node does not accept as auth", async () => {
    const wrongKey = path.join(sshd.dir, `wrong_${Date.now()}`);
    await generateKey(wrongKey);
    const err = await failure(client({ keyPath: wrongKey }).exec(NODE, "true"));
    expect(err.kind).toBe("auth");
  });

  it("reports a missing key file clearly", async () => {
    const err = await failure(client({ keyPath: "/no/such/key" }).exec(NODE, "true"));
    expect(err.kind).toBe("auth");
    expect(err.message).toContain("/no/such/key");
  });

  it("reports a closed port as unreachable", async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const statuses: string[] = [];
    const c = client({ targets: [{ name: NODE, host: "127.0.0.1", port }] }, (s) => statuses.push(s));
    const err = await failure(c.exec(NODE, "true"));
    expect(err.kind).toBe("unreachable");
    expect(statuses).toEqual(["down"]);
  });
});

describe("shell", () => {
  async function waitForOutput(shell: ShellSession, output: { text: string }, needle: string | RegExp) {
    await vi.waitFor(() => expect(output.text).toMatch(needle), { timeout: 10_000 });
  }

  it("runs an interactive PTY on its own channel: echo, resize, exit", async () => {
    const c = client({ idleCloseMs: 100 });
    const before = accepted();
    const shell = await c.openShell(NODE, { cols: 80, rows: 24 });
    const output = { text: "" };
    shell.onData((d) => (output.text += d));
    const exited = new Promise((resolve) => shell.onExit(resolve));

    shell.write("echo hel''lo\n");
    await waitForOutput(shell, output, /hello\r?\n/);
    shell.write("stty size\n");
    await waitForOutput(shell, output, /24 80/);
    shell.resize(100, 40);
    shell.write("stty size\n");
    await waitForOutput(shell, output, /40 100/);

    // A command on the same node meanwhile shares the connection on a channel of its own.
    expect((await c.exec(NODE, "echo side")).stdout).toBe("side\n");
    expect(accepted() - before).toBe(1);

    shell.write("exit 0\n");
    await expect(exited).resolves.toEqual({ exitCode: 0, signal: null });
    // The shell's end frees the connection, so the idle close can take it.
    await vi.waitFor(() => expect(c.isConnected(NODE)).toBe(false), { timeout: 5_000 });
  });

  it("close() ends a shell and the connection", async () => {
    const c = client();
    const shell = await c.openShell(NODE, { cols: 80, rows: 24 });
    const exited = new Promise((resolve) => shell.onExit(resolve));
    shell.close();
    await exited;
    await c.close();
    expect(c.isConnected(NODE)).toBe(false);
    await expect(c.exec(NODE, "true")).rejects.toBeInstanceOf(ClientError);
  });
});
