/**
 * describeSessionHandler(): the behaviour every SessionHandler must have (PHP's
 * SessionHandlerInterface as Laravel's CacheBasedSessionHandler implements it, plus the bridge's
 * onlyIfExists / destroyFirst options), run against each driver.
 */
import { describe, expect, it } from "vitest";
import type { SessionHandler } from "../../src/contracts/session.js";

export interface SessionHandlerFixture {
  handler: SessionHandler;
  /** Seconds left on a session's key, or null when the driver cannot tell. */
  ttl?(id: string): Promise<number | null>;
}

let counter = 0;
const freshId = (): string => `Contract${String(++counter).padStart(8, "0")}${"x".repeat(24)}`;

export function describeSessionHandler(
  name: string,
  setup: () => Promise<SessionHandlerFixture> | SessionHandlerFixture,
): void {
  describe(`SessionHandler contract: ${name}`, () => {
    it("reads null for a session that was never written", async () => {
      const { handler } = await setup();
      expect(await handler.read(freshId())).toBeNull();
    });

    it("reads back exactly the bytes written, binary included", async () => {
      const { handler } = await setup();
      const id = freshId();
      const payload = Buffer.from([0x61, 0x3a, 0x00, 0xff, 0x22, 0x3b, 0xc3, 0xa9]);
      expect(await handler.write(id, payload, 60)).toBe(true);
      expect(await handler.read(id)).toEqual(payload);
    });

    it("restarts the lifetime on every write (sliding expiry)", async () => {
      const fixture = await setup();
      const id = freshId();
      await fixture.handler.write(id, Buffer.from("a:0:{}"), 30);
      await fixture.handler.write(id, Buffer.from("a:0:{}"), 7200);
      const ttl = (await fixture.ttl?.(id)) ?? null;
      if (ttl !== null) expect(ttl).toBeGreaterThan(7000);
      expect(await fixture.handler.read(id)).toEqual(Buffer.from("a:0:{}"));
    });

    it("deletes on destroy, and on a write with a lifetime of zero", async () => {
      const { handler } = await setup();
      const a = freshId();
      const b = freshId();
      await handler.write(a, Buffer.from("x"), 60);
      await handler.write(b, Buffer.from("y"), 60);
      await handler.destroy(a);
      await handler.write(b, Buffer.from("y"), 0);
      expect(await handler.read(a)).toBeNull();
      expect(await handler.read(b)).toBeNull();
    });

    it("does not bring back a destroyed session when writing onlyIfExists", async () => {
      const { handler } = await setup();
      const id = freshId();
      await handler.write(id, Buffer.from("old"), 60);
      expect(await handler.write(id, Buffer.from("kept"), 60, { onlyIfExists: true })).toBe(true);
      await handler.destroy(id);
      expect(await handler.write(id, Buffer.from("resurrected"), 60, { onlyIfExists: true })).toBe(false);
      expect(await handler.read(id)).toBeNull();
    });

    it("destroys the retired ids of a migration together with the write", async () => {
      const { handler } = await setup();
      const old = freshId();
      const next = freshId();
      await handler.write(old, Buffer.from("before login"), 60);
      await handler.write(next, Buffer.from("after login"), 60, { destroyFirst: [old] });
      expect(await handler.read(old)).toBeNull();
      expect(await handler.read(next)).toEqual(Buffer.from("after login"));
    });
  });
}
