// Turning fetched bytes into readable text: charset decoding, the <title>, and HTML -> plain text without
// the parts of a page that are not its content (scripts, styles, navigation, footers, forms).
import { convert, type HtmlToTextOptions } from "html-to-text";

const NOISE = ["script", "style", "noscript", "template", "nav", "footer", "aside", "form", "button", "svg", "iframe"];

const OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  selectors: [
    { selector: "a", options: { ignoreHref: true } },
    { selector: "img", format: "skip" },
    ...["h1", "h2", "h3", "h4", "h5", "h6"].map((selector) => ({ selector, options: { uppercase: false } })),
    ...NOISE.map((selector) => ({ selector, format: "skip" })),
  ],
};

export type TextKind = "html" | "text";

/** Which content types can be read as text, and how; undefined for anything else. */
export function textKind(contentType: string): TextKind | undefined {
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  if (type === "text/html" || type === "application/xhtml+xml") return "html";
  if (type.startsWith("text/") || type === "application/json" || type === "application/xml") return "text";
  return undefined;
}

export function decode(bytes: Buffer, contentType: string): string {
  const charset = /charset\s*=\s*"?([\w-]+)/i.exec(contentType)?.[1] ?? "utf-8";
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes); // unknown charset label
  }
}

/** The page's own content root when it marks one (article, then main), else the body. */
function baseSelector(html: string): string {
  if (/<article[\s>]/i.test(html)) return "article";
  if (/<main[\s>]/i.test(html)) return "main";
  return "body";
}

export function htmlTitle(html: string): string {
  const raw = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? "";
  return convert(raw, { wordwrap: false }).replace(/\s+/g, " ").trim();
}

export function htmlToText(html: string): string {
  const text = convert(html, { ...OPTIONS, baseElements: { selectors: [baseSelector(html)] } });
  return text.replace(/\n{3,}/g, "\n\n").trim();
}
