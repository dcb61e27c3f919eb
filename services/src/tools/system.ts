// system: commands on the cluster's nodes over SSH. execute_ssh takes its tier from the command itself (see
// ssh-classifier.ts); the service, package and power tools build their commands from validated names only,
// so no argument is ever pasted into a shell unquoted.
import { z } from "zod";
import type { SshClient } from "../clients/ssh/client.js";
import { shellQuote } from "../clients/ssh/exec.js";
import type { PresenceDevice, ProxmoxNode } from "../config/index.js";
import { parseNeighbourTable } from "../events/arp.js";
import { SCAN_COMMAND } from "../events/presence.js";
import { loadShellParser } from "./shell/parser.js";
import { classifyCommand } from "./ssh-classifier.js";
import { maxTier, type Tier } from "./tiers.js";
import { defineTool } from "./tool.js";

const service = z.string().regex(/^[A-Za-z0-9@._-]{1,128}$/, "a systemd unit name such as frigate or pveproxy.service");
const unit = (name: string) => name.replace(/\.service$/, "");
const MAX_OUTPUT = 256 * 1024;

export function systemTools(ssh: SshClient, nodes: readonly ProxmoxNode[], devices: readonly PresenceDevice[]) {
  const names = nodes.map((n) => n.name);
  const node = z.enum(names as [string, ...string[]]).describe("Cluster node");
  const run = async (n: string, command: string, timeoutMs = 60_000) => {
    const r = await ssh.exec(n, command, { timeoutMs, maxOutputBytes: MAX_OUTPUT });
    return { node: n, exit_code: r.exitCode, stdout: r.stdout, stderr: r.stderr || undefined, truncated: r.truncated || undefined };
  };
  const serviceTier = (action: string, name: string, protectedServices: ReadonlySet<string>): Tier => {
    const isProtected = protectedServices.has(unit(name)) || protectedServices.has(name);
    if (!isProtected) return "GREEN";
    return action === "stop" || action === "disable" || action === "mask" ? "BLACK" : "RED";
  };

  return [
    defineTool({
      name: "execute_ssh",
      category: "system",
      description:
        "Run a shell command on a node. Read-only commands run at once; anything that changes the node needs the person's approval; destructive ones need the override key or are never allowed.",
      input: z.object({ node, command: z.string().min(1).max(4000), timeout_s: z.int().min(1).max(600).default(60) }),
      tier: "GREEN",
      raise: async (a, facts) => {
        await loadShellParser();
        return classifyCommand(a.command, facts).tier;
      },
      untrusted: true,
      timeoutMs: 11 * 60_000,
      summarize: (a) => `Run \`${a.command}\` on ${a.node} (${classifyCommand(a.command).reasons.join("; ")})`,
      handler: (a) => run(a.node, a.command, a.timeout_s * 1000),
    }),
    defineTool({
      name: "restart_service",
      category: "system",
      description: "Restart a systemd service on a node.",
      input: z.object({ node, service }),
      tier: "ORANGE",
      raise: (a, facts) => serviceTier("restart", a.service, facts.protectedServices),
      summarize: (a) => `Restart ${a.service} on ${a.node}`,
      handler: (a) => run(a.node, `systemctl restart ${shellQuote(a.service)} && systemctl is-active ${shellQuote(a.service)}`),
    }),
    defineTool({
      name: "manage_service",
      category: "system",
      description: "Show, start, stop, enable or disable a systemd service on a node.",
      input: z.object({ node, service, action: z.enum(["status", "start", "stop", "enable", "disable"]) }),
      tier: "GREEN",
      raise: (a, facts) => {
        const byAction: Record<string, Tier> = { status: "GREEN", start: "YELLOW", enable: "YELLOW", stop: "ORANGE", disable: "ORANGE" };
        return maxTier(byAction[a.action]!, serviceTier(a.action, a.service, facts.protectedServices));
      },
      untrusted: true,
      summarize: (a) => `${a.action} ${a.service} on ${a.node}`,
      handler: (a) =>
        run(a.node, a.action === "status" ? `systemctl status --no-pager -n 20 ${shellQuote(a.service)}` : `systemctl ${a.action} ${shellQuote(a.service)}`),
    }),
    defineTool({
      name: "install_package",
      category: "system",
      description: "Install a Debian package on a node with apt.",
      input: z.object({ node, package: z.string().regex(/^[a-z0-9][a-z0-9+.-]{0,99}$/, "a Debian package name") }),
      tier: "ORANGE",
      timeoutMs: 11 * 60_000,
      summarize: (a) => `Install ${a.package} on ${a.node}`,
      handler: (a) => run(a.node, `DEBIAN_FRONTEND=noninteractive apt-get install -y -- ${shellQuote(a.package)}`, 10 * 60_000),
    }),
    defineTool({
      name: "reboot_node",
      category: "system",
      description: "Reboot a cluster node (guests on it stop unless they are migrated first).",
      input: z.object({ node }),
      tier: "RED",
      summarize: (a) => `Reboot the node ${a.node}`,
      // The reboot is scheduled a minute out, so the answer gets back before the connection drops.
      handler: (a) => run(a.node, "shutdown -r +1 'Reboot requested through Jarvis'"),
    }),
    defineTool({
      name: "wake_node",
      category: "system",
      description: "Wake a powered-off node with Wake-on-LAN, sent from another node that is up.",
      input: z.object({ node, via: node.optional().describe("Node to send the packet from (default: the first other node)") }),
      tier: "YELLOW",
      summarize: (a) => `Wake ${a.node}`,
      handler: async (a) => {
        const mac = nodes.find((n) => n.name === a.node)?.mac;
        if (!mac) throw new Error(`no MAC address is configured for ${a.node} (set "mac" in its PVE_NODES entry)`);
        const via = a.via ?? names.find((n) => n !== a.node);
        if (!via || via === a.node) throw new Error("another node is needed to send the wake-up packet");
        const m = shellQuote(mac);
        const result = await run(via, `if command -v wakeonlan >/dev/null; then wakeonlan ${m}; elif command -v etherwake >/dev/null; then etherwake ${m}; else echo 'neither wakeonlan nor etherwake is installed' >&2; exit 127; fi`);
        if (result.exit_code !== 0) throw new Error(`${via} could not send the packet: ${result.stderr ?? result.stdout}`);
        return { woke: a.node, mac, via };
      },
    }),
    defineTool({
      name: "scan_network_devices",
      category: "smarthome",
      description: "Devices a node currently sees on the network (ARP neighbours), with known ones named.",
      input: z.object({ node: node.optional() }),
      tier: "GREEN",
      untrusted: true,
      handler: async (a) => {
        const from = a.node ?? names[0]!;
        const r = await ssh.exec(from, SCAN_COMMAND, { timeoutMs: 15_000, maxOutputBytes: MAX_OUTPUT });
        if (r.exitCode !== 0) throw new Error(`the neighbour scan failed on ${from}: ${r.stderr}`);
        const known = new Map(devices.map((d) => [d.mac.toLowerCase().replace(/-/g, ":"), d]));
        return {
          node: from,
          devices: parseNeighbourTable(r.stdout).map((n) => {
            const d = known.get(n.mac);
            return { ...n, name: d?.name, owner: d?.owner };
          }),
        };
      },
    }),
  ];
}
