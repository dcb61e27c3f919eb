// The live-event services that are configured: Frigate person alerts over MQTT, presence from the nodes'
// ARP tables, and the node watcher (failed backups and services). Started after the server listens, closed
// before the clients they use.
import type { Clients } from "../clients/build.js";
import type { Config } from "../config/index.js";
import type { Logger } from "../log.js";
import type { IntegrationStatus } from "../status.js";
import type { Store } from "../store/db.js";
import { MqttAlertService } from "./mqtt-alerts.js";
import { NodeWatcher } from "./node-watch.js";
import { PresenceTracker } from "./presence.js";

export interface EventServices {
  presence: PresenceTracker | null;
  start(): void;
  close(): Promise<void>;
}

export function buildEventServices(config: Config, store: Store, clients: Clients, log: Logger, status: IntegrationStatus): EventServices {
  const alerts = config.mqtt
    ? new MqttAlertService(
        {
          mqtt: config.mqtt,
          entryCameras: config.frigate?.entryCameras ?? [],
          ...config.alerts,
          events: store.events,
          frigate: clients.frigate,
          ha: clients.homeAssistant,
          speak: null,
        },
        log.child({ service: "mqtt_alerts" }),
        (s, d) => status.set("mqtt", s, d),
      )
    : null;
  const ssh = clients.ssh;
  const presence =
    config.presence && ssh
      ? new PresenceTracker(
          {
            devices: config.presence.devices,
            nodes: ssh.nodes(),
            exec: (node, cmd) => ssh.exec(node, cmd, { timeoutMs: 15_000, maxOutputBytes: 256 * 1024 }),
            events: store.events,
            ha: clients.homeAssistant,
            frigate: clients.frigate,
            intervalMs: config.presence.intervalMs,
            awayAfterMs: config.presence.awayAfterMs,
            cooldownMs: config.presence.cooldownMs,
          },
          log.child({ service: "presence" }),
          (s, d) => status.set("presence", s, d),
        )
      : null;
  const watcher = clients.proxmox ? new NodeWatcher({ proxmox: clients.proxmox, events: store.events }, log.child({ service: "node_watch" })) : null;
  return {
    presence,
    start: () => {
      void alerts?.start();
      void presence?.start();
      watcher?.start();
    },
    close: async () => {
      await Promise.allSettled([alerts?.close(), presence?.close(), watcher?.close()]);
    },
  };
}
