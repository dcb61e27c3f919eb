// A throw-away self-signed certificate for the emulator's HTTPS listeners, made with the openssl CLI in a temp
// dir (what a Proxmox node without a public certificate presents). Valid for 127.0.0.1 and localhost, so the
// same file also serves as a CA file in tests of CA-file trust.
import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

export interface SelfSignedCert {
  key: string;
  cert: string;
  /** Path of the PEM certificate, for a client's caFile. */
  certFile: string;
  /** SHA-256 fingerprint as Node and Proxmox print it: "AB:CD:...". */
  fingerprint: string;
  remove(): void;
}

export async function makeSelfSignedCert(commonName = "pve-emulator"): Promise<SelfSignedCert> {
  const dir = mkdtempSync(path.join(tmpdir(), "pve-emu-cert-"));
  const keyFile = path.join(dir, "key.pem");
  const certFile = path.join(dir, "cert.pem");
  await promisify(execFile)("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-days",
    "2",
    "-subj",
    `/CN=${commonName}`,
    "-addext",
    "subjectAltName=IP:127.0.0.1,DNS:localhost",
    "-keyout",
    keyFile,
    "-out",
    certFile,
  ]);
  const cert = readFileSync(certFile, "utf8");
  return {
    key: readFileSync(keyFile, "utf8"),
    cert,
    certFile,
    fingerprint: new X509Certificate(cert).fingerprint256,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
