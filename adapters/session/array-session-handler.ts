/**
 * ≈ Illuminate\Session\ArraySessionHandler: sessions in process memory, for tests and local tools.
 * Same contract as the Redis handler (including `onlyIfExists` and expiry by lifetime), so code
 * under test behaves as in production; never share it between processes.
 */
import type { SessionHandler } from "../../src/contracts/session.js";
import { type Clock, systemClock } from "../../src/support/clock.js";

export class ArraySessionHandler implements SessionHandler {
  readonly #sessions = new Map<string, { payload: Buffer; expiresAtMs: number }>();
  readonly #clock: Clock;

  constructor(options: { clock?: Clock } = {}) {
    this.#clock = options.clock ?? systemClock;
  }

  /** The key of a session id (the id itself: there is no prefix in memory). */
  key(sessionId: string): string {
    return sessionId;
  }

  async read(sessionId: string): Promise<Buffer | null> {
    const entry = this.#sessions.get(sessionId);
    if (!entry) return null;
    if (entry.expiresAtMs <= this.#clock.now()) {
      this.#sessions.delete(sessionId);
      return null;
    }
    return entry.payload;
  }

  async write(
    sessionId: string,
    payload: Buffer,
    lifetimeSeconds: number,
    options: { onlyIfExists?: boolean; destroyFirst?: readonly string[] } = {},
  ): Promise<boolean> {
    for (const old of options.destroyFirst ?? []) this.#sessions.delete(old);
    if (lifetimeSeconds <= 0) {
      this.#sessions.delete(sessionId);
      return true;
    }
    if (options.onlyIfExists && (await this.read(sessionId)) === null) return false;
    this.#sessions.set(sessionId, {
      payload: Buffer.from(payload),
      expiresAtMs: this.#clock.now() + Math.floor(lifetimeSeconds) * 1000,
    });
    return true;
  }

  async destroy(sessionId: string): Promise<void> {
    this.#sessions.delete(sessionId);
  }

  /** The ids currently held (tests). */
  ids(): string[] {
    return [...this.#sessions.keys()];
  }
}
