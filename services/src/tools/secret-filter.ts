// Masks secrets in text that tools read from disk or a node before the model sees it: private key blocks,
// KEY=value lines whose key looks secret (.env files), "password: ..." in YAML/INI, bearer tokens and the
// shapes of common API keys.
const RULES: [RegExp, string | ((...m: string[]) => string)][] = [
  [/-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/g, "[redacted private key]"],
  [
    /^(\s*(?:export\s+)?[A-Za-z0-9_.-]*(?:SECRET|TOKEN|PASSWORD|PASSWD|PASS|API_?KEY|PRIVATE_?KEY|CREDENTIALS?)[A-Za-z0-9_.-]*\s*[=:]\s*)(.+)$/gim,
    (_m, head) => `${head}[redacted]`,
  ],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{16,}/g, "$1 [redacted]"],
  [/\bsk-(?:ant-)?[A-Za-z0-9_-]{16,}/g, "[redacted key]"],
  [/\bAKIA[0-9A-Z]{16}\b/g, "[redacted key]"],
  [/\bgh[pousr]_[A-Za-z0-9]{30,}/g, "[redacted key]"],
  [/\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g, "[redacted token]"],
  [/(PVEAPIToken=[^=\s]+=)[0-9a-f-]{36}/g, "$1[redacted]"],
];

export function maskSecrets(text: string): { text: string; masked: number } {
  let masked = 0;
  let out = text;
  for (const [pattern, replacement] of RULES) {
    out = out.replace(pattern, (...m: string[]) => {
      masked++;
      return typeof replacement === "string"
        ? replacement.replace(/\$(\d)/g, (_x, i: string) => m[Number(i)] ?? "")
        : replacement(...m);
    });
  }
  return { text: out, masked };
}
