/**
 * Records what a private redis-server receives (MONITOR), as the golden traces were recorded:
 * `{ db, args, fromLua }` with the exact argument bytes (MONITOR's escapes undone).
 */
import { connect, type Socket } from "node:net";

export interface TracedCommand {
  db: number;
  args: Buffer[];
  fromLua: boolean;
}

export class Monitor {
  readonly commands: TracedCommand[] = [];
  #socket: Socket | undefined;
  #pending = "";

  static async start(port: number): Promise<Monitor> {
    const monitor = new Monitor();
    await new Promise<void>((resolve, reject) => {
      const socket = connect({ host: "127.0.0.1", port }, () => socket.write("MONITOR\r\n"));
      monitor.#socket = socket;
      socket.setEncoding("latin1");
      socket.once("error", reject);
      socket.on("data", (chunk: string) => {
        monitor.#pending += chunk;
        let end = monitor.#pending.indexOf("\r\n");
        while (end !== -1) {
          const line = monitor.#pending.slice(0, end);
          monitor.#pending = monitor.#pending.slice(end + 2);
          if (line === "+OK") resolve();
          else if (line.startsWith("+")) monitor.#parse(line.slice(1));
          end = monitor.#pending.indexOf("\r\n");
        }
      });
    });
    return monitor;
  }

  /** Waits until a PING carrying `marker` arrives, so every earlier command has been seen. */
  async sync(client: { call(...args: string[]): Promise<unknown> }, marker: string): Promise<void> {
    await client.call("PING", marker);
    const deadline = Date.now() + 5000;
    while (!this.commands.some((c) => c.args[1]?.toString() === marker)) {
      if (Date.now() > deadline) throw new Error("MONITOR did not deliver the sync marker");
      await new Promise((resolve) => setImmediate(resolve));
    }
    const at = this.commands.findIndex((c) => c.args[1]?.toString() === marker);
    this.commands.splice(at, 1);
  }

  take(): TracedCommand[] {
    return this.commands.splice(0, this.commands.length);
  }

  stop(): void {
    this.#socket?.destroy();
  }

  // 1700000000.123456 [1 127.0.0.1:5555] "SET" "k" "v"   (scripts: [0 lua])
  #parse(line: string): void {
    const open = line.indexOf("[");
    const close = line.indexOf("]", open);
    const [db, source] = line.slice(open + 1, close).split(" ");
    const args: Buffer[] = [];
    let i = close + 1;
    while (i < line.length) {
      if (line[i] !== '"') {
        i++;
        continue;
      }
      const bytes: number[] = [];
      i++;
      while (i < line.length && line[i] !== '"') {
        const c = line[i] as string;
        if (c === "\\") {
          const n = line[i + 1] as string;
          if (n === "x") {
            bytes.push(Number.parseInt(line.slice(i + 2, i + 4), 16));
            i += 4;
            continue;
          }
          bytes.push(({ n: 10, r: 13, t: 9, a: 7, b: 8 } as Record<string, number>)[n] ?? n.charCodeAt(0));
          i += 2;
          continue;
        }
        bytes.push(c.charCodeAt(0));
        i++;
      }
      args.push(Buffer.from(bytes));
      i++;
    }
    this.commands.push({ db: Number(db), args, fromLua: source === "lua" });
  }
}
