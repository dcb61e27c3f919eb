// The live-event services that are configured: Frigate person alerts over MQTT, presence from the nodes'
// ARP tables, and the node watcher (failed backups and services). Started after the server listens, closed
// before the clients they use. Each is imported only when configured (MQTT's library is large).
import type { Clients } from "../clients/build.js";
import type { Config } from "../config/index.js";
import type { Logger } from "../log.js";
import type { IntegrationStatus } from "../status.js";
import type { Store } from "../store/db.js";
import type { PresenceTracker } from "./presence.js";

export interface EventServices {
  presence: PresenceTracker | null;
  start(): void;
  close(): Promise<void>;
}

export async function buildEventServices(config: Config, store: Store, clients: Clients, log: Logger, status: IntegrationStatus): Promise<EventServices> {
  const ssh = clients.ssh;
  const [mqtt, presenceModule, watch] = await Promise.all([
    config.mqtt ? import("./mqtt-alerts.js") : undefined,
    config.presence && ssh ? import("./presence.js") : undefined,
    clients.proxmox ? import("./node-watch.js") : undefined,
  ]);
  const alerts = config.mqtt && mqtt
    ? new mqtt.MqttAlertService(
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
  const presence =
    config.presence && ssh && presenceModule
      ? new presenceModule.PresenceTracker(
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
  const watcher = clients.proxmox && watch ? new watch.NodeWatcher({ proxmox: clients.proxmox, events: store.events }, log.child({ service: "node_watch" })) : null;
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
