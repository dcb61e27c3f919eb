// SSRF through fetch_webpage and download_file, against real servers on loopback: a "home" server holding a
// secret, an "outside" server that redirects, and traps for a fetch that would look a name up twice. Names
// resolve through an injected resolver, and one endpoint (127.0.0.1 on the outside server's port) is declared
// the open internet by the test's classification; every other address goes through the real range check.
// The system resolver is replaced by one that only records: no lookup leaves this process.
import dns from "node:dns";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { isIP, type AddressInfo } from "node:net";
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SearxngClient } from "../../src/clients/searxng.js";
import { classifyAddress, OUTSIDE } from "../../src/net/address.js";
import { UrlGuard, type ResolvedAddress } from "../../src/net/guard.js";
import { Store } from "../../src/store/db.js";
import { modelText, type ToolOutcome } from "../../src/tools/outcome.js";
import type { ToolRegistry } from "../../src/tools/registry.js";
import { Sandbox } from "../../src/tools/sandbox.js";
import { transferTools } from "../../src/tools/transfer.js";
import { webTools } from "../../src/tools/web.js";
import { tempDir } from "../helpers/jarvis.js";
import { testRegistry } from "../helpers/registry.js";

const SECRET = { home4: "HOME-SECRET-v4", home6: "HOME-SECRET-v6", trap: "REBIND-TRAP-SECRET" };

interface Lab {
  /** Port of the home servers: 127.0.0.1 and ::1. */
  H: number;
  /** Port of the outside server (127.0.0.1) and of the rebinding trap (::1). */
  P: number;
  hits: Record<keyof typeof SECRET, number>;
  close(): Promise<void>;
}

const serve = (handler: (req: IncomingMessage, res: ServerResponse) => void, port: number, host: string) =>
  new Promise<Server>((resolve, reject) => {
    const server = createServer(handler);
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });

/** One server on 127.0.0.1:0 and one on the same port of ::1 (retried if that port is taken on ::1). */
async function pair(v4: Parameters<typeof serve>[0], v6: Parameters<typeof serve>[0]): Promise<[number, Server[]]> {
  for (let attempt = 0; ; attempt++) {
    const a = await serve(v4, 0, "127.0.0.1");
    const port = (a.address() as AddressInfo).port;
    try {
      return [port, [a, await serve(v6, port, "::1")]];
    } catch (err) {
      await new Promise((r) => a.close(r));
      if (attempt > 10) throw err;
    }
  }
}

async function startLab(): Promise<Lab> {
  const hits = { home4: 0, home6: 0, trap: 0 };
  let H = 0;
  const secret = (name: keyof typeof SECRET) => (req: IncomingMessage, res: ServerResponse) => {
    hits[name]++;
    // On the home servers: a redirect that stays on the same address, and one to the other home address.
    if (req.url === "/hop") return res.writeHead(302, { location: "/secret" }).end();
    if (req.url === "/to-v6") return res.writeHead(302, { location: `http://[::1]:${H}/secret` }).end();
    res.writeHead(200, { "content-type": "text/plain" }).end(`${SECRET[name]}\n`);
  };
  const outside = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://outside");
    const redirect = /^\/r\/(\d{3})$/.exec(url.pathname);
    if (redirect) return res.writeHead(Number(redirect[1]), { location: url.searchParams.get("to") ?? "/" }).end();
    res.writeHead(200, { "content-type": "text/html" }).end("<html><body><p>public page</p></body></html>");
  };
  const [h, homes] = await pair(secret("home4"), secret("home6"));
  H = h;
  const [P, others] = await pair(outside, secret("trap"));
  return {
    H,
    P,
    hits,
    close: async () => {
      for (const s of [...homes, ...others]) {
        s.closeAllConnections();
        await new Promise((r) => s.close(r));
      }
    },
  };
}

let lab: Lab;
let store: Store;
let registry: ToolRegistry;
let files: string;
let searxng: SearxngClient;
const log = pino({ level: "silent" });
/** Names the test resolver was asked for, in order. */
const asked: string[] = [];
/** Names the system resolver was asked for: must stay empty. */
const systemAsked: string[] = [];
const realLookup = dns.lookup;

const v4 = (address: string): ResolvedAddress => ({ address, family: 4 });
const v6 = (address: string): ResolvedAddress => ({ address, family: 6 });

/** The test's DNS: answers may change between questions, as a rebinding attacker's do. */
function testLookup(): (name: string) => Promise<ResolvedAddress[]> {
  const times = new Map<string, number>();
  const zone: Record<string, (n: number) => ResolvedAddress[]> = {
    "outside.example": () => [v4("127.0.0.1")],
    "home.example": () => [v4("127.0.0.1")],
    "nas.lan": () => [v4("127.0.0.1")],
    "xn--hm-cja4c.example": () => [v4("127.0.0.1")], // hömé.example
    // One answer, two addresses: the outside one first, a home one second.
    "mixed.example": () => [v4("127.0.0.1"), v6("::1")],
  };
  // rebind-*: outside at the first question, home (the trap on ::1) at every later one.
  // flip-*: home at both, but another home address the second time.
  const changing = (n: number) => (n === 0 ? [v4("127.0.0.1")] : [v6("::1")]);
  return async (name) => {
    asked.push(name);
    const n = times.get(name) ?? 0;
    times.set(name, n + 1);
    const answer = zone[name] ?? (/^(rebind|flip)-[a-z_]+\.example$/.test(name) ? changing : undefined);
    if (!answer) throw Object.assign(new Error(`${name} not found`), { code: "ENOTFOUND" });
    return answer(n);
  };
}

beforeAll(async () => {
  (dns as { lookup: unknown }).lookup = (host: string, opts: unknown, cb?: (err: Error) => void) => {
    // An IP address is answered without any query (servers listening on 127.0.0.1 ask this way).
    if (isIP(host)) return (realLookup as (...a: unknown[]) => void)(host, opts, cb);
    systemAsked.push(host);
    (typeof opts === "function" ? opts : cb)!(Object.assign(new Error(`system lookup of ${host} refused by the test`), { code: "ENOTFOUND" }));
  };
  lab = await startLab();
  const guard = new UrlGuard({
    lookup: testLookup(),
    classify: (address, port) => (address === "127.0.0.1" && port === lab.P ? OUTSIDE : classifyAddress(address)),
  });
  const top = tempDir("jarvis-ssrf-");
  files = path.join(top, "files");
  mkdirSync(files);
  searxng = new SearxngClient({ url: "http://127.0.0.1:9", urlGuard: guard }, log);
  store = Store.open(path.join(top, "j.db"));
  store.conversations.ensure("c", "test", "sam");
  registry = testRegistry([...webTools(searxng), ...transferTools(new Sandbox([files]), { urlGuard: guard })], store);
});

afterAll(async () => {
  (dns as { lookup: unknown }).lookup = realLookup;
  await searxng?.close();
  store?.close();
  await lab?.close();
});

let n = 0;
type Tool = "fetch_webpage" | "download_file";
const argsFor = (tool: Tool, url: string) => (tool === "fetch_webpage" ? { url } : { url, destination: `dl-${++n}.txt` });
const call = (tool: Tool, args: object) => registry.execute({ name: tool, args }, { actor: "sam", channel: "agent", conversationId: "c", personMessage: "please", messageAt: new Date() });
/** The person presses Approve on the card for this held action. */
const approve = (out: ToolOutcome) => {
  expect(out.status, modelText(out)).toBe("approval_required");
  return registry.approveById((out as { actionId: string }).actionId, { actor: "sam", channel: "card", conversationId: "c" }) as Promise<ToolOutcome>;
};
/** What the call got: the page's text, or the downloaded file's content. */
const got = (tool: Tool, args: { destination?: string }, out: ToolOutcome) => {
  if (out.status !== "ok") return "";
  return tool === "fetch_webpage" ? (out.data as { text: string }).text : readFileSync(path.join(files, args.destination!), "utf8");
};
const reached = () => lab.hits.home4 + lab.hits.home6 + lab.hits.trap;

describe.each(["fetch_webpage", "download_file"] as const)("%s", (tool) => {
  // Routed to 127.0.0.1 (or ::1) on the home port: held for approval, and the person's approval reaches it.
  const reachable = (H: number) => [
    `http://127.0.0.1:${H}/secret`,
    `http://2130706433:${H}/secret`,
    `http://0177.0.0.1:${H}/secret`,
    `http://0x7f.1:${H}/secret`,
    `http://0x7f000001:${H}/secret`,
    `http://127.1:${H}/secret`,
    `http://１２７．０．０．１:${H}/secret`,
    `http://127.0.0.1:${H}#@evil.com`,
    `http://[::ffff:127.0.0.1]:${H}/secret`,
    `http://[::ffff:7f00:1]:${H}/secret`,
    `http://[0:0:0:0:0:ffff:7f00:1]:${H}/secret`,
    `http://[::1]:${H}/secret`,
    `http://localhost:${H}/secret`,
    `http://localhost.:${H}/secret`,
    `http://LOCALHOST:${H}/secret`,
    `http://ⓛocalhost:${H}/secret`,
    `http://home.example:${H}/secret`,
    `http://HOME.example.:${H}/secret`,
    `http://hömé.example:${H}/secret`,
    `http://nas.lan:${H}/secret`,
  ];
  // Home-network spellings that would leave this machine if fetched: only held (never approved here). The three
  // RFC 1918 ranges come in the hex, decimal and octal spellings a URL parser turns into dotted addresses, and
  // one as an IPv4-mapped IPv6 address.
  const heldOnly = (H: number) => [
    `http://[64:ff9b::7f00:1]:${H}/`,
    `http://[2002:7f00:1::]:${H}/`,
    `http://[::127.0.0.1]:${H}/`,
    `http://[::ffff:0:7f00:1]:${H}/`,
    `http://0xa000001:${H}/`,
    `http://2886731012/`,
    `http://0300.0250.1.1/`,
    `http://[::ffff:c0a8:101]/`,
    `http://100.64.0.1/`,
    `http://169.254.10.10/`,
    `http://[fe80::1]/`,
    `http://[fc00::1]/`,
    `http://[fd12:3456::1]/`,
    `http://[2002:c0a8:101::]/`,
    `http://[64:ff9b::a00:1]/`,
  ];

  it("reads the open internet at once (the outside endpoint is not mistaken for home)", async () => {
    const args = argsFor(tool, `http://outside.example:${lab.P}/page`);
    const out = await call(tool, args);
    expect(out).toMatchObject({ status: "ok", tier: tool === "fetch_webpage" ? "GREEN" : "YELLOW" });
    expect(got(tool, args, out)).toContain("public page");
  });

  it("holds every spelling of the home server, shows the address, and reaches it only once approved", async () => {
    for (const url of reachable(lab.H)) {
      const before = reached();
      const args = argsFor(tool, url);
      const held = await call(tool, args);
      expect(held, url).toMatchObject({ status: "approval_required", tier: "ORANGE" });
      expect((held as { summary: string }).summary, url).toMatch(/(127\.0\.0\.1|::1|7f00:1)\S*.*home network/);
      expect(reached(), url).toBe(before);
      const approved = await approve(held);
      expect(approved.status, `${url}: ${modelText(approved)}`).toBe("ok");
      expect(got(tool, args, approved), url).toMatch(/HOME-SECRET-v[46]/);
      expect(reached(), url).toBe(before + 1);
    }
  });

  it("holds home-network addresses that would leave this machine, without sending anything", async () => {
    for (const url of heldOnly(lab.H)) {
      const out = await call(tool, argsFor(tool, url));
      expect(out, url).toMatchObject({ status: "approval_required", tier: "ORANGE" });
    }
  });

  it("refuses places no page lives and URLs that hide their host, without asking", async () => {
    const before = reached();
    for (const url of [`http://0:${lab.H}/`, `http://0.0.0.0:${lab.H}/`, `http://[::]:${lab.H}/`, "http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/", "http://[::ffff:169.254.169.254]/", "http://224.0.0.1/", "http://255.255.255.255/"]) {
      expect(await call(tool, argsFor(tool, url)), url).toMatchObject({ status: "refused", tier: "BLACK" });
    }
    for (const url of [`http://evil.com@127.0.0.1:${lab.H}/`, `http://outside.example:x@127.0.0.1:${lab.H}/`, `http://unknown.example:${lab.H}/`]) {
      const out = await call(tool, argsFor(tool, url));
      expect(out.status, url).toBe("error");
      expect(modelText(out), url).toMatch(/user name or password|could not be looked up/);
    }
    expect(reached()).toBe(before);
  });

  it("refuses every redirect from outside onto the home network, however the Location is written", async () => {
    const P = lab.P;
    const H = lab.H;
    const targets = [
      `http://127.0.0.1:${H}/secret`,
      `http://home.example:${H}/secret`,
      `http://2130706433:${H}/secret`,
      `http://[::ffff:7f00:1]:${H}/secret`,
      `http://[::1]:${H}/secret`,
      `http://localhost:${H}/secret`,
      `//127.0.0.1:${H}/secret`,
      `http://mixed.example:${P}/secret`,
      // Two hops: a relative redirect on the outside server, then onto the home server.
      `/r/302?to=${encodeURIComponent(`http://127.0.0.1:${H}/secret`)}`,
    ];
    const before = reached();
    for (const code of [301, 302, 303, 307, 308]) {
      for (const target of targets) {
        const url = `http://outside.example:${P}/r/${code}?to=${encodeURIComponent(target)}`;
        const out = await call(tool, argsFor(tool, url));
        expect(out.status, `${code} -> ${target}: ${modelText(out)}`).toBe("error");
        expect(modelText(out), `${code} -> ${target}`).toMatch(/redirect onto the home network is not followed/);
      }
    }
    expect(reached()).toBe(before);
    // Redirects that stay outside are followed.
    const args = argsFor(tool, `http://outside.example:${P}/r/307?to=${encodeURIComponent("/page")}`);
    expect(got(tool, args, await call(tool, args))).toContain("public page");
  });

  it("follows an approved home page's redirect on the same address, not to another home address", async () => {
    const hop = argsFor(tool, `http://127.0.0.1:${lab.H}/hop`);
    const ok = await approve(await call(tool, hop));
    expect(got(tool, hop, ok)).toContain(SECRET.home4);
    const before = lab.hits.home6;
    const out = await approve(await call(tool, argsFor(tool, `http://127.0.0.1:${lab.H}/to-v6`)));
    expect(modelText(out)).toMatch(/redirect onto the home network is not followed/);
    expect(lab.hits.home6).toBe(before);
  });

  it("holds a name whose answer mixes an outside address with a home one", async () => {
    const before = reached();
    const out = await call(tool, argsFor(tool, `http://mixed.example:${lab.P}/page`));
    expect(out).toMatchObject({ status: "approval_required", tier: "ORANGE" });
    expect((out as { summary: string }).summary).toContain("::1");
    expect(reached()).toBe(before);
  });

  it("connects to the address it checked: a rebinding answer is never looked up", async () => {
    const name = `rebind-${tool}.example`;
    const args = argsFor(tool, `http://${name}:${lab.P}/page`);
    const out = await call(tool, args);
    expect(out.status, modelText(out)).toBe("ok");
    expect(got(tool, args, out)).toContain("public page");
    expect(asked.filter((a) => a === name)).toHaveLength(1);
    expect(lab.hits.trap).toBe(0);
  });

  it("does not run an approval whose home address changed between the prompt and the run", async () => {
    const before = reached();
    const held = await call(tool, argsFor(tool, `http://flip-${tool}.example:${lab.H}/secret`));
    expect((held as { summary: string }).summary).toContain("127.0.0.1");
    const out = await approve(held);
    expect(out).toMatchObject({ status: "refused" });
    expect(modelText(out)).toMatch(/changed since it was approved.*::1/);
    expect(reached()).toBe(before);
  });
});

describe("download_file writes", () => {
  it("leaves no file behind when the download is refused", async () => {
    const out = await call("download_file", { url: `http://outside.example:${lab.P}/r/302?to=${encodeURIComponent(`http://127.0.0.1:${lab.H}/`)}`, destination: "refused.txt" });
    expect(out.status).toBe("error");
    expect(existsSync(path.join(files, "refused.txt"))).toBe(false);
  });
});

describe("the page reader outside the registry", () => {
  it("refuses a home URL given as text, and looks nothing up through the system resolver", async () => {
    const before = reached();
    await expect(searxng.fetchPage(`http://home.example:${lab.H}/secret`)).rejects.toThrow(/not fetched without the person's approval/);
    await expect(searxng.fetchPage(`http://127.0.0.1:${lab.H}/secret`)).rejects.toThrow(/not fetched without the person's approval/);
    expect(reached()).toBe(before);
    expect(systemAsked).toEqual([]);
  });
});

describe("address ranges", () => {
  it.each([
    ["8.8.8.8", "outside"],
    ["2606:4700::1111", "outside"],
    ["::ffff:8.8.8.8", "outside"],
    ["64:ff9b::808:808", "outside"],
    ["2002:808:808::1", "outside"],
    ["127.0.0.53", "home"],
    ["172.31.255.255", "home"],
    ["100.127.0.1", "home"],
    ["192.0.2.1", "home"],
    ["198.18.0.1", "home"],
    ["240.0.0.1", "home"],
    ["2001:db8::1", "home"],
    ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "home"],
    ["64:ff9b:1::a00:1", "home"],
    ["::ffff:10.0.0.1", "home"],
    ["fec0::1", "home"],
    ["0.1.2.3", "never"],
    ["169.254.169.254", "never"],
    ["::ffff:169.254.169.254", "never"],
    ["fd00:ec2::254", "never"],
    ["ff02::1", "never"],
    ["not-an-address", "never"],
  ])("%s is %s", (address, kind) => {
    expect(classifyAddress(address).kind).toBe(kind);
  });
});
