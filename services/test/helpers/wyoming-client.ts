// A Wyoming client for tests, written from the protocol README rather than from our server's codec, so the
// two cannot share a misreading: header line {type, data?, data_length?, payload_length?} + "\n", then
// data_length bytes of JSON merged over the header's data, then payload_length bytes of payload.
import { connect, type Socket } from "node:net";

export interface ClientEvent {
  type: string;
  data: Record<string, any>;
  payload: Buffer;
  /** The raw header, to check what the server put where. */
  header: Record<string, any>;
}

export class WyomingClient {
  private buffer = Buffer.alloc(0);
  private readonly events: ClientEvent[] = [];
  private waiter: (() => void) | undefined;
  private closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.parse();
      this.waiter?.();
    });
    socket.on("close", () => {
      this.closed = true;
      this.waiter?.();
    });
    socket.on("error", () => {});
  }

  static connect(port: number, host = "127.0.0.1"): Promise<WyomingClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host }, () => resolve(new WyomingClient(socket)));
      socket.once("error", reject);
    });
  }

  /** Sends an event; data goes in its own section (as the Python library does) unless `inline` is set. */
  send(type: string, data?: Record<string, unknown>, payload?: Buffer, opts: { inline?: boolean } = {}): void {
    const header: Record<string, unknown> = { type };
    let dataBytes: Buffer | undefined;
    if (data && opts.inline) header.data = data;
    else if (data) {
      dataBytes = Buffer.from(JSON.stringify(data));
      header.data_length = dataBytes.length;
    }
    if (payload) header.payload_length = payload.length;
    this.sendRaw(Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), dataBytes ?? Buffer.alloc(0), payload ?? Buffer.alloc(0)]));
  }

  sendRaw(bytes: Buffer | string): void {
    this.socket.write(bytes);
  }

  /** The next event, waiting up to timeoutMs. */
  async next(timeoutMs = 15_000): Promise<ClientEvent> {
    const deadline = Date.now() + timeoutMs;
    while (this.events.length === 0) {
      if (this.closed) throw new Error("connection closed while waiting for an event");
      const left = deadline - Date.now();
      if (left <= 0) throw new Error("no event in time");
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
    return this.events.shift()!;
  }

  /** Events up to and including the first of type `last`. */
  async until(last: string): Promise<ClientEvent[]> {
    const seen: ClientEvent[] = [];
    for (;;) {
      const event = await this.next();
      seen.push(event);
      if (event.type === last) return seen;
    }
  }

  /** Resolves once the server has closed the connection. */
  async closedByServer(timeoutMs = 5_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return this.closed;
  }

  close(): void {
    this.socket.destroy();
  }

  private parse(): void {
    for (;;) {
      const nl = this.buffer.indexOf(0x0a);
      if (nl === -1) return;
      const header = JSON.parse(this.buffer.subarray(0, nl).toString("utf8")) as Record<string, any>;
      const dataLength: number = header.data_length ?? 0;
      const payloadLength: number = header.payload_length ?? 0;
      const end = nl + 1 + dataLength + payloadLength;
      if (this.buffer.length < end) return;
      const extra = dataLength > 0 ? JSON.parse(this.buffer.subarray(nl + 1, nl + 1 + dataLength).toString("utf8")) : {};
      this.events.push({
        type: header.type,
        data: { ...(header.data ?? {}), ...extra },
        payload: Buffer.from(this.buffer.subarray(nl + 1 + dataLength, end)),
        header,
      });
      this.buffer = this.buffer.subarray(end);
    }
  }
}
