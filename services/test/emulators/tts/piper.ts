// An emulated Piper HTTP server as in the artibex/piper-http image (rhasspy/piper's Flask http_server.py):
// GET /?text=... or POST / with the raw UTF-8 text as the body -> 22.05 kHz mono WAV of the server's one
// voice. Flask serves the returned bytes as text/html, and an empty text raises, which Flask turns into
// its stock 500 page; unknown paths and methods get Flask's 404/405 pages.
import { type EmulatedReply, startTtsEmulator, type TtsEmulator } from "./control.js";
import { toneWav } from "./tone.js";

export const PIPER_RATE = 22_050;

const flaskPage = (status: number, title: string, text: string): EmulatedReply => ({
  status,
  headers: { "content-type": "text/html; charset=utf-8" },
  body: `<!doctype html>\n<html lang=en>\n<title>${status} ${title}</title>\n<h1>${title}</h1>\n<p>${text}</p>\n`,
});

const serverError = () =>
  flaskPage(
    500,
    "Internal Server Error",
    "The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.",
  );

export function startPiperEmulator(): Promise<TtsEmulator> {
  return startTtsEmulator((req) => {
    if (req.path !== "/") {
      return flaskPage(404, "Not Found", "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.");
    }
    if (req.method !== "GET" && req.method !== "POST") {
      return flaskPage(405, "Method Not Allowed", "The method is not allowed for the requested URL.");
    }
    const text = (req.method === "POST" ? req.body.toString("utf8") : (req.query.get("text") ?? "")).trim();
    if (!text) return serverError(); // ValueError("No text provided")
    return {
      status: 200,
      headers: { "content-type": "text/html; charset=utf-8" },
      body: toneWav(text, { rate: PIPER_RATE, hz: 220 }),
      text,
    };
  }, serverError);
}
