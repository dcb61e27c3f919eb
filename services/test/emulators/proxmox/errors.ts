// An error the emulator answers with: the HTTP status, Proxmox's message (also the reason phrase) and, for
// parameter failures, the per-parameter texts.
export class PveError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: Record<string, string>,
  ) {
    super(message);
  }
}

/** What Proxmox says when a guest's config file is not on the node asked. */
export const noSuchGuest = (node: string, kind: "qemu" | "lxc", vmid: number) =>
  new PveError(500, `Configuration file 'nodes/${node}/${kind === "qemu" ? "qemu-server" : "lxc"}/${vmid}.conf' does not exist`);
