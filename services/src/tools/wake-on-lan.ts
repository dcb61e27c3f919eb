// wake_on_lan: Jarvis itself sends a node a Wake-on-LAN magic packet (six 0xFF bytes, then the node's MAC
// sixteen times) over UDP to the configured address, normally the LAN's broadcast address. Needs no SSH and
// no other node that is up; the MAC comes from the node's PVE_NODES entry, never from the caller.
import { createSocket } from "node:dgram";
import { z } from "zod";
import type { ProxmoxNode } from "../config/index.js";
import { defineTool } from "./tool.js";

export interface WolTarget {
  address: string;
  port: number;
}

export function magicPacket(mac: string): Buffer {
  const bytes = Buffer.from(mac.split(/[:-]/).map((h) => parseInt(h, 16)));
  if (bytes.length !== 6) throw new Error(`"${mac}" is not a MAC address`);
  return Buffer.concat([Buffer.alloc(6, 0xff), ...Array.from({ length: 16 }, () => bytes)]);
}

export async function sendMagicPacket(mac: string, target: WolTarget): Promise<void> {
  const socket = createSocket("udp4");
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(0, () => {
        // A broadcast address needs the socket's permission to broadcast; a unicast one does not mind it.
        socket.setBroadcast(true);
        socket.send(magicPacket(mac), target.port, target.address, (err) => (err ? reject(err) : resolve()));
      });
    });
  } finally {
    socket.close();
  }
}

/** Offered only when at least one node has its MAC configured. */
export function wakeOnLanTools(nodes: readonly ProxmoxNode[], target: WolTarget, send = sendMagicPacket) {
  const wakeable = nodes.filter((n) => n.mac);
  if (wakeable.length === 0) return [];
  return [
    defineTool({
      name: "wake_on_lan",
      category: "system",
      description: `Power on a node that is off by sending it a Wake-on-LAN packet from Jarvis (nodes with a MAC set: ${wakeable.map((n) => n.name).join(", ")}).`,
      input: z.object({ node: z.enum(wakeable.map((n) => n.name) as [string, ...string[]]) }),
      tier: "YELLOW",
      summarize: (a) => `Wake ${a.node} (Wake-on-LAN)`,
      handler: async (a) => {
        const mac = wakeable.find((n) => n.name === a.node)!.mac!.toLowerCase().replace(/-/g, ":");
        await send(mac, target);
        return { node: a.node, mac, sent_to: `${target.address}:${target.port}` };
      },
    }),
  ];
}
