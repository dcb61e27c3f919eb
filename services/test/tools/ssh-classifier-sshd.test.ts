// Every family of issue 16's review, through the real execute_ssh tool and registry against the real sshd of
// the test suite: the tier is decided before anything reaches the node. Each spelling would change a marker
// file if it ran (delete it, overwrite it, edit it); the marker must stay as it was, the SSH client must not
// have been asked to run anything, and the call must come back held for approval or refused.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from "vitest";
import { buildClients, closeClients, type Clients } from "../../src/clients/build.js";
import { loadConfig } from "../../src/config/index.js";
import { IntegrationStatus } from "../../src/status.js";
import { Store } from "../../src/store/db.js";
import { ApprovalWords } from "../../src/tools/approval-words.js";
import { buildRegistry } from "../../src/tools/build.js";
import type { ToolRegistry } from "../../src/tools/registry.js";
import { tierRank, type Tier } from "../../src/tools/tiers.js";
import { tempDir } from "../helpers/jarvis.js";
import { startSshd, type TestSshd } from "../helpers/sshd.js";

const KEEP = "keep me\n";
let sshd: TestSshd;
let clients: Clients;
let store: Store;
let registry: ToolRegistry;
let exec: MockInstance;
let dir: string;
const log = pino({ level: "silent" });

beforeAll(async () => {
  sshd = await startSshd();
  dir = tempDir();
  const { config } = loadConfig({
    JARVIS_OPTIONS_PATH: path.join(dir, "none.json"),
    DATA_DIR: dir,
    PVE_NODES: JSON.stringify([{ name: "pve1", host: "127.0.0.1", ssh_port: sshd.port }]),
    SSH_KEY_PATH: sshd.keyPath,
    SSH_KNOWN_HOSTS: sshd.knownHostsPath,
    PROTECTED_GUESTS: "100,101",
    JARVIS_OVERRIDE_KEY: "sshd-test-override-4711",
  });
  clients = buildClients(config, log, new IntegrationStatus(config));
  store = Store.open(path.join(dir, "j.db"));
  registry = buildRegistry({ config, store, words: new ApprovalWords(config.auth.approvalKeyword, config.auth.overrideKey), clients, log, secretValues: [] });
  exec = vi.spyOn(clients.ssh!, "exec");
});
afterAll(async () => {
  await closeClients(clients);
  store.close();
  await sshd.stop();
});

/** Commands by family; M is the marker file, S a sed script and A an awk program that would delete it, B a bash env file. */
const FAMILIES: [family: string, min: Tier, commands: string[]][] = [
  ["ANSI-C quoting", "ORANGE", ["echo $'it\\'s'; rm -f M", "cat $'/etc/hostname'; rm -f M", "echo $'\\x3b'; rm -f M", "echo $'\\''; rm -f M; echo $'\\''"]],
  ["parameter transformations", "ORANGE", ["x='$(rm -f M)'; echo ${x@P}", "x='$(rm -f M)'; echo \"${x@P}\"", "a='a[$(rm -f M)]'; echo $((a))"]],
  ["env prefixes", "ORANGE", ["LESSOPEN='|rm -f M %s' less /etc/hostname", "BASH_ENV=B bash -c true", "PERL5DB='system(\"rm -f M\")' perl -d -e 1", "LESSOPEN='|rm -f M %s' cat /etc/hostname"]],
  [
    "GNU sed e and w",
    "ORANGE",
    ["sed -n '1e rm -f M' /etc/hostname", "sed 's/.*/rm -f M/e' /etc/hostname", "sed -n 'w M' /etc/hostname", "sed -i 's/^/x/' M", "sed --in-place=.bak 's/k/x/' M", "sed -s -n 'w M' /etc/hostname", "sed -f S /etc/hostname", "sed -ne 's/.*/x/w M' /etc/hostname"],
  ],
  [
    "awk programs",
    "ORANGE",
    ["awk 'BEGIN{system(\"rm -f M\")}'", "awk -f A", "echo 'BEGIN{system(\"rm -f M\")}' | awk -f -", "awk 'BEGIN{print \"x\" > \"M\"}'", "awk 'BEGIN{c=\"rm -f M\"; c | getline}'", "gawk 'BEGIN{f=\"sys\" \"tem\"; @f(\"rm -f M\")}'"],
  ],
  ["an option's value read as the subcommand", "ORANGE", ["docker -l info rm -f M", "ip -b -", "ip -force -batch M", "journalctl -n --vacuum-size=1K"]],
  ["clustered short options and long forms", "ORANGE", ["sort -uo M /etc/hostname", "sort --output=M /etc/hostname", "sort -o M /etc/hostname", "dmesg -cT", "arp --delete 192.0.2.1", "uniq /etc/hostname M"]],
  ["tools that write files from an option", "ORANGE", ["tree -o M /etc", "find /etc -maxdepth 0 -fprint M"]],
  ["wrappers and groups around a delete", "RED", ["{ rm -rf M; }", "nice rm -rf M", "timeout 5 rm -rf M", "env rm -rf M", "xargs rm -rf <<< M", "bash -c 'rm -rf M'", "find M -delete"]],
  ["protected services", "BLACK", ["systemctl -p X stop pve-cluster", "systemctl stop pve-cluster", "nice systemctl stop corosync"]],
  ["protected guests", "BLACK", ["qm stop 100", "pct exec 101 -- poweroff", "for i in 100 105; do qm stop $i; done"]],
  ["disks, pools and sysrq", "BLACK", ["mkfs.ext4 -F M", "wipefs -a M", "blkdiscard M", "lvremove -y pve/root", "zfs destroy -r rpool", "echo h > /proc/sysrq-trigger", "nice rm -rf /var/lib/vz/none/.."]],
];

describe("execute_ssh decides the tier before anything reaches the node", () => {
  it("runs a proven read-only command (the check below can see a run)", async () => {
    const marker = path.join(dir, "control");
    writeFileSync(marker, KEEP);
    exec.mockClear();
    const out = await registry.execute({ name: "execute_ssh", args: { node: "pve1", command: `cat ${marker}` } }, { actor: "sam", channel: "agent" });
    expect(out).toMatchObject({ status: "ok", tier: "GREEN", data: { stdout: KEEP } });
    expect(exec).toHaveBeenCalledTimes(1);
  });

  it.each(FAMILIES)("%s: held or refused, nothing sent, the marker untouched", async (_family, min, commands) => {
    expect(commands.length).toBeGreaterThanOrEqual(2);
    for (const [i, template] of commands.entries()) {
      const marker = path.join(dir, `marker-${_family.replace(/\W+/g, "-")}-${i}`);
      writeFileSync(marker, KEEP);
      writeFileSync(`${marker}.sed`, `1e rm -f ${marker}\n`);
      writeFileSync(`${marker}.awk`, `BEGIN { system("rm -f ${marker}") }\n`);
      writeFileSync(`${marker}.env`, `rm -f ${marker}\n`);
      const command = template.replace(/\bM\b/g, marker).replace(/\bS\b/g, `${marker}.sed`).replace(/\bA\b/g, `${marker}.awk`).replace(/\bB\b/g, `${marker}.env`);
      exec.mockClear();
      const out = await registry.execute({ name: "execute_ssh", args: { node: "pve1", command } }, { actor: "sam", channel: "agent" });
      const label = `${command} -> ${out.status} ${out.tier}`;
      expect(["approval_required", "refused"], label).toContain(out.status);
      expect(tierRank(out.tier), label).toBeGreaterThanOrEqual(tierRank(min));
      expect(exec, label).not.toHaveBeenCalled();
      expect(existsSync(marker) && readFileSync(marker, "utf8"), label).toBe(KEEP);
    }
  });
});
