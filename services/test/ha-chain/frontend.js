// Stands in for HA's frontend in the HA double's page: the real home-assistant-js-websocket connection every
// card gets as `hass.connection`, the logged-in user as HA's frontend reads it, and a card element built as a
// dashboard builds it (`document.createElement`, `setConfig`, `hass`). Plain JS, bundled for the browser by
// chain.ts: it runs in Chromium, outside the server's type-check.
// The page's query names the access token, the card and its config.
import { createConnection, createLongLivedTokenAuth, getUser } from "home-assistant-js-websocket";

const query = new URLSearchParams(location.search);
const token = query.get("token") ?? "";
const cardName = query.get("card") ?? "jarvis-card";
const config = JSON.parse(query.get("config") ?? '{"type": "custom:jarvis-card"}');

const connection = await createConnection({ auth: createLongLivedTokenAuth(location.origin, token) });
const user = await getUser(connection);
const hass = {
  connection,
  user: { id: user.id, name: user.name, is_admin: user.is_admin },
  themes: { darkMode: false, theme: "default" },
  language: "en",
  locale: { language: "en" },
  states: {},
};
// The integration's extra module defines the card; HA's frontend loads those modules itself.
await customElements.whenDefined(cardName);
const card = document.createElement(cardName);
card.setConfig(config);
card.hass = hass;
document.body.append(card);
Object.assign(window, { harness: { card, hass, connection } });
