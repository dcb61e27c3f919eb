// A small fixed corpus the emulated SearXNG searches, and the result objects SearXNG's JSON output carries
// for it. Result URLs point at pages this emulator serves, so following a result never leaves loopback.
export interface Doc {
  path: string;
  title: string;
  content: string;
  engines: string[];
  category: "general" | "news" | "it" | "science";
  publishedDate: string | null;
}

export const CORPUS: readonly Doc[] = [
  {
    path: "/pages/article",
    title: "Home Assistant 2026.1 release notes",
    content: "Home Assistant's January release brings faster automations, a new energy dashboard and Assist improvements.",
    engines: ["duckduckgo", "brave"],
    category: "general",
    publishedDate: "2026-01-07T00:00:00",
  },
  {
    path: "/pages/frigate-faces",
    title: "Face recognition in Frigate NVR",
    content: "Frigate can recognise known faces and attach the name as a sub label to person events.",
    engines: ["duckduckgo", "google"],
    category: "it",
    publishedDate: null,
  },
  {
    path: "/pages/proxmox-backup",
    title: "Proxmox VE backup and restore",
    content: "Schedule vzdump backups of virtual machines and containers, and restore them from Proxmox Backup Server.",
    engines: ["brave"],
    category: "it",
    publishedDate: null,
  },
  {
    path: "/pages/weather",
    title: "Weather forecast: rain expected this weekend",
    content: "A low-pressure system brings rain and wind from Saturday; temperatures drop to 8 degrees.",
    engines: ["bing news"],
    category: "news",
    publishedDate: "2026-03-14T09:30:00",
  },
  {
    path: "/pages/solar",
    title: "How home solar batteries work",
    content: "Lithium iron phosphate batteries store surplus solar energy for the evening; Home Assistant can track them.",
    engines: ["google", "wikipedia"],
    category: "science",
    publishedDate: null,
  },
  {
    path: "/pages/zigbee",
    title: "Zigbee vs Z-Wave for home automation",
    content: "Both mesh protocols work with Home Assistant; Zigbee is cheaper, Z-Wave avoids Wi-Fi interference.",
    engines: ["duckduckgo"],
    category: "general",
    publishedDate: null,
  },
  {
    path: "/pages/mqtt",
    title: "MQTT explained for home automation",
    content: "MQTT is a lightweight publish/subscribe protocol; Frigate and Home Assistant both use it for events.",
    engines: ["brave", "google"],
    category: "it",
    publishedDate: null,
  },
];

const terms = (s: string) => s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 1);

/** Documents matching any query term, best first; the score grows with matched terms and engines. */
export function searchCorpus(query: string, categories: readonly string[]): { doc: Doc; score: number }[] {
  const wanted = terms(query);
  return CORPUS.filter((d) => categories.includes(d.category))
    .map((doc) => {
      const words = new Set(terms(`${doc.title} ${doc.content}`));
      const hits = wanted.filter((t) => words.has(t)).length;
      return { doc, score: hits * doc.engines.length };
    })
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score);
}

/** One entry of SearXNG's `results` array. */
export function resultObject(base: string, doc: Doc, position: number, score: number) {
  const url = new URL(doc.path, base);
  return {
    url: url.toString(),
    title: doc.title,
    content: doc.content,
    publishedDate: doc.publishedDate,
    thumbnail: "",
    engine: doc.engines[0],
    template: "default.html",
    parsed_url: [url.protocol.slice(0, -1), url.host, url.pathname, "", "", ""],
    img_src: "",
    priority: "",
    engines: doc.engines,
    positions: doc.engines.map(() => position),
    score,
    category: doc.category,
  };
}
