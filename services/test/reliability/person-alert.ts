// The check that the MQTT alert service is still consuming after a flood or a fuzz: publish one real person
// at the front door and wait for Jarvis to store its alert. Ends the publisher.
import type { MqttClient } from "mqtt";
import { vi } from "vitest";
import type { FrigateEmulator } from "../emulators/frigate/index.js";
import type { TestJarvis } from "../helpers/jarvis.js";

export async function personAlerted(jarvis: TestJarvis, frigate: FrigateEmulator, pub: MqttClient, prefix: string): Promise<boolean> {
  const person = frigate.addEvent({ camera: "front_door", label: "person", sub_label: "alice" });
  for (const m of person.mqtt) await pub.publishAsync(`${prefix}/events`, JSON.stringify(m), { qos: 1 });
  await pub.endAsync();
  const seen = () => jarvis.store.events.list({ types: ["alert"] }).some((e) => e.data?.event_id === person.event.id);
  return vi.waitFor(() => {
    if (!seen()) throw new Error("no alert yet");
  }, { timeout: 20_000, interval: 50 }).then(() => true, () => false);
}
