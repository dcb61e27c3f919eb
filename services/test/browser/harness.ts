// The page a card test runs in: it loads the real /jarvis-card.js from the add-on and gives the card a
// `hass` whose connection does what HA's frontend library plus the Jarvis integration do together:
// `jarvis/X` goes to the add-on's X (with the HA user attached), sendMessagePromise resolves with the
// result, subscribeMessage forwards events, hands the add-on's result over as a {type: "result"} event,
// then resolves with an unsubscribe function. Kept small on purpose: it is the relay, not a second card.

export interface HarnessUser {
  id: string;
  name: string;
  is_admin: boolean;
}

export function harnessHtml(opts: { password: string; user: HarnessUser; card: string; config: Record<string, unknown>; dark?: boolean }): string {
  const settings = JSON.stringify(opts);
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>card harness</title>
<style>body { margin: 0; padding: 16px; font-family: sans-serif; background: ${opts.dark ? "#111" : "#fafafa"}; }</style>
<script type="module">
import "/jarvis-card.js";
const settings = ${settings};
const { token } = await (await fetch("/api/auth/login", {
  method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ password: settings.password }),
})).json();

class RelayConnection {
  #ws; #nextId = 1; #open; #handlers = new Map();
  constructor(url) {
    this.#ws = new WebSocket(url);
    this.#open = new Promise((resolve) => this.#ws.addEventListener("open", resolve, { once: true }));
    this.#ws.addEventListener("message", (m) => {
      const frame = JSON.parse(m.data);
      this.#handlers.get(frame.id)?.(frame);
    });
    this.#send({ type: "auth", access_token: token }, () => undefined);
  }
  async #send(msg, handler) {
    const id = this.#nextId++;
    this.#handlers.set(id, handler);
    await this.#open;
    this.#ws.send(JSON.stringify({ ...msg, id }));
    return id;
  }
  #addonMessage(msg) {
    if (!String(msg.type).startsWith("jarvis/")) throw { code: "unknown_command", message: "Unknown command." };
    return { ...msg, type: msg.type.slice("jarvis/".length), user: settings.user };
  }
  sendMessagePromise(msg) {
    return new Promise((resolve, reject) => {
      this.#send(this.#addonMessage(msg), (f) => {
        if (f.type !== "result") return;
        f.success ? resolve(f.result) : reject(f.error);
      });
    });
  }
  addEventListener() {}
  removeEventListener() {}
  subscribeMessage(callback, msg) {
    return new Promise((resolve, reject) => {
      let id;
      const unsubscribe = async () => {
        this.#handlers.delete(id);
        await this.#send({ type: "unsubscribe", subscription: id }, () => undefined);
      };
      this.#send(this.#addonMessage(msg), (f) => {
        if (f.type === "event") return callback(f.event);
        if (!f.success) return reject(f.error);
        callback({ type: "result", result: f.result });
        resolve(unsubscribe);
      }).then((x) => (id = x));
    });
  }
}

const url = new URL("/api/ws", location.href);
url.protocol = "ws:";
const hass = {
  connection: new RelayConnection(url.href),
  user: settings.user,
  themes: { darkMode: !!settings.dark, theme: "default" },
  language: "en",
  locale: { language: "en" },
  states: {},
};
const card = document.createElement(settings.card);
card.setConfig(settings.config);
card.hass = hass;
document.body.append(card);
window.harness = { card, hass };
</script></head><body></body></html>`;
}
