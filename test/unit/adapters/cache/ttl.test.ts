import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { durationMilliseconds, ttlSeconds } from "../../../../adapters/cache/ttl.js";
import { ManualClock } from "../../../../src/support/clock.js";

const clock = new ManualClock(Date.UTC(2026, 0, 1, 12, 0, 0));

describe("ttlSeconds (Repository::getSeconds)", () => {
  it("takes whole seconds as they are and truncates fractions like PHP's (int)", () => {
    expect(ttlSeconds(60, clock)).toBe(60);
    expect(ttlSeconds(1.9, clock)).toBe(1);
    expect(ttlSeconds(0.4, clock)).toBe(0);
  });

  it("answers 0 (delete) for zero, negative and non-finite seconds", () => {
    for (const ttl of [0, -1, -0.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(ttlSeconds(ttl, clock)).toBe(0);
    }
  });

  it("counts a Date from now, rounding milliseconds up (11+: ceil(diffInMilliseconds / 1000))", () => {
    const now = clock.now();
    expect(ttlSeconds(new Date(now + 60_000), clock)).toBe(60);
    expect(ttlSeconds(new Date(now + 1), clock)).toBe(1);
    expect(ttlSeconds(new Date(now + 59_001), clock)).toBe(60);
    expect(ttlSeconds(new Date(now), clock)).toBe(0);
    expect(ttlSeconds(new Date(now - 5000), clock)).toBe(0);
  });

  it("adds up a duration's parts (a DateInterval) and rounds milliseconds up", () => {
    expect(ttlSeconds({ minutes: 5 }, clock)).toBe(300);
    expect(ttlSeconds({ days: 1, hours: 2, minutes: 3, seconds: 4 }, clock)).toBe(93_784);
    expect(ttlSeconds({ milliseconds: 1500 }, clock)).toBe(2);
    expect(ttlSeconds({}, clock)).toBe(0);
    expect(ttlSeconds({ minutes: -1 }, clock)).toBe(0);
    expect(durationMilliseconds({ hours: 1, milliseconds: 1 })).toBe(3_600_001);
  });

  it("never answers a negative or fractional number of seconds", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double(),
          fc.integer().map((ms) => new Date(clock.now() + ms)),
          fc.record({
            seconds: fc.integer({ min: -1e6, max: 1e6 }),
            milliseconds: fc.integer({ min: -999, max: 999 }),
          }),
        ),
        (ttl) => {
          const seconds = ttlSeconds(ttl, clock);
          expect(Number.isInteger(seconds) && seconds >= 0).toBe(true);
        },
      ),
    );
  });
});
