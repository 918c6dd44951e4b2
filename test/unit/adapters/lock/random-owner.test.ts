import { describe, expect, it } from "vitest";
import { randomOwner } from "../../../../adapters/lock/random-owner.js";

describe("randomOwner (Str::random for lock owners)", () => {
  it("gives 16 characters of [A-Za-z0-9] by default, and any length asked for", () => {
    expect(randomOwner()).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(randomOwner(1)).toMatch(/^[A-Za-z0-9]$/);
    expect(randomOwner(40)).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(randomOwner(0)).toBe("");
  });

  it("never repeats an owner across 20 000 draws (pool refills included)", () => {
    const owners = new Set(Array.from({ length: 20_000 }, () => randomOwner()));
    expect(owners.size).toBe(20_000);
  });

  it("uses all 62 characters about equally (no modulo bias)", () => {
    const counts = new Map<string, number>();
    const text = Array.from({ length: 8_000 }, () => randomOwner()).join("");
    for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(62);
    const expected = text.length / 62;
    // Pearson's chi-square with 61 degrees of freedom: 61 on average, > 120 with p < 1e-5.
    const chiSquare = [...counts.values()].reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(120);
  });
});
