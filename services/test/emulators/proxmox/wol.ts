// The LAN as a powered-off node's network card sees it: a UDP socket on 127.0.0.1 that reads Wake-on-LAN
// magic packets (six 0xFF bytes, then the MAC sixteen times) and wakes the node whose MAC it carries, after
// the time the node takes to boot. Anything else that arrives is counted and ignored, as a NIC would.
import { createSocket, type Socket } from "node:dgram";
import { once } from "node:events";
import type { AddressInfo } from "node:net";

/** The MAC inside a magic packet, lower case with colons; null when the packet is not one. */
export function magicPacketMac(packet: Buffer): string | null {
  if (packet.length < 102 || !packet.subarray(0, 6).every((b) => b === 0xff)) return null;
  const mac = packet.subarray(6, 12);
  for (let i = 1; i < 16; i++) if (!packet.subarray(6 + 6 * i, 12 + 6 * i).equals(mac)) return null;
  return [...mac].map((b) => b.toString(16).padStart(2, "0")).join(":");
}

export class WolListener {
  readonly received: string[] = [];
  ignored = 0;
  private socket: Socket | undefined;

  constructor(private readonly wake: (mac: string) => void) {}

  get port(): number {
    return (this.socket?.address() as AddressInfo | undefined)?.port ?? 0;
  }

  async start(): Promise<void> {
    const socket = createSocket("udp4");
    socket.on("message", (msg) => {
      const mac = magicPacketMac(msg);
      if (!mac) {
        this.ignored++;
        return;
      }
      this.received.push(mac);
      this.wake(mac);
    });
    socket.bind(0, "127.0.0.1");
    await once(socket, "listening");
    this.socket = socket;
  }

  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
}
