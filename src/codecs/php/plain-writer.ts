/**
 * serialize()'s token writer plus the tokens serializePlain() needs that PhpValues never do: JS
 * numbers as `i:` (no detour through a bigint) or `d:`, and the array header in one write.
 */
import { isCanonicalIntKey } from "./array-key.js";
import { PhpWriter } from "./php-writer.js";
import {
  copyKeyToken,
  KEY_NAME_MAX,
  KEY_TOKEN_MAX,
  keyTokenSlot,
  rememberKeyToken,
} from "./plain-key-tokens.js";

/** 10^j up to the most fraction digits {@link PlainWriter.shortFloat} tries (all exact doubles). */
const POWERS_OF_TEN = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000];
const FRACTION_DIGITS_MAX = POWERS_OF_TEN.length - 1;

export class PlainWriter extends PhpWriter {
  /** A JS number as fromPlain() converts it: `i:` within ±(2^53−1) (−0 → 0), else `d:`. */
  number(x: number): void {
    if (Number.isSafeInteger(x)) this.safeInt(x);
    else if (!this.shortFloat(x)) this.float(x);
  }

  /** `i:<n>;` for a safe integer; −0 is written as 0 (fromPlain() makes it the int 0). */
  safeInt(n: number): void {
    const buf = this.room(24);
    buf[this.pos++] = 0x69;
    buf[this.pos++] = 0x3a;
    if (n < 0) buf[this.pos++] = 0x2d;
    this.decimal(n < 0 ? -n : n === 0 ? 0 : n);
    buf[this.pos++] = 0x3b;
  }

  /**
   * An object key. PHP's key rule makes a canonical integer string ("7") the int key 7; those are
   * mostly ids, which rarely repeat, so only string keys go through the key token cache.
   */
  key(key: string): void {
    if (isCanonicalIntKey(key)) {
      this.ascii("i:");
      this.ascii(key);
      this.byte(0x3b);
      return;
    }
    const slot = keyTokenSlot(key);
    if (slot >= 0) {
      this.room(KEY_TOKEN_MAX);
      this.pos += copyKeyToken(slot, this.view, this.pos);
    } else if (key.length > KEY_NAME_MAX) {
      this.string(key);
    } else {
      // Room for a token the cache takes and the 3 bytes read past it. If string() still moved
      // the output to a bigger buffer (it asks for more for non-ASCII), `start` is stale: skip.
      const buf = this.room(KEY_TOKEN_MAX + 3);
      const start = this.pos;
      this.string(key);
      if (this.buf === buf) rememberKeyToken(key, this.view, start, this.pos);
    }
  }

  /** `a:<count>:{` */
  arrayStart(count: number): void {
    const buf = this.room(24);
    buf[this.pos++] = 0x61;
    buf[this.pos++] = 0x3a;
    this.decimal(count);
    buf[this.pos++] = 0x3a;
    buf[this.pos++] = 0x7b;
  }

  /**
   * `d:<x>;` for a non-integral x that is m / 10^j for an integer m below 10^15 and j ≤ 6 (prices,
   * ratios), written from m's digits: float-to-text (`String(x)`) is the priciest step of a
   * payload otherwise. False, writing nothing, for any other x.
   *
   * Why the digits are PHP's (= JS's shortest round-trip digits, in fixed notation from 1e-4 up):
   * `m / 10^j === x` says the decimal m·10^-j rounds to x, and no two decimals of at most 15
   * significant digits round to the same double (DBL_DIG), so no shorter one does either.
   */
  private shortFloat(x: number): boolean {
    const ax = x < 0 ? -x : x;
    // Below 1e-4 PHP writes an exponent; NaN fails here too.
    if (!(ax >= 1e-4)) return false;
    for (let j = 1; j <= FRACTION_DIGITS_MAX; j++) {
      const scale = POWERS_OF_TEN[j] as number;
      const m = ax * scale;
      // Also the exit for unsafe integers (≥ 2^53), the only integral x that comes here.
      if (m >= 1e15) return false;
      if (m !== Math.floor(m) || m / scale !== ax) continue;
      this.fixedDecimal(x < 0, m, j);
      return true;
    }
    return false;
  }

  /** `d:<m·10^-j>;` in fixed notation without trailing zeros (m < 10^15 and not a multiple of 10^j). */
  private fixedDecimal(negative: boolean, m: number, j: number): void {
    const scale = POWERS_OF_TEN[j] as number;
    // Exact: m and every product here are integers below 2^53.
    const whole = Math.floor(m / scale);
    let fraction = m - whole * scale;
    while (fraction % 10 === 0) {
      fraction /= 10;
      j--;
    }
    const buf = this.room(40);
    buf[this.pos++] = 0x64;
    buf[this.pos++] = 0x3a;
    if (negative) buf[this.pos++] = 0x2d;
    this.decimal(whole);
    buf[this.pos++] = 0x2e;
    // The fraction's j digits, leading zeros included, from the last one back.
    let p = this.pos + j;
    this.pos = p + 1;
    buf[p] = 0x3b;
    for (let k = 0; k < j; k++) {
      const digit = fraction % 10;
      buf[--p] = 0x30 + digit;
      fraction = (fraction - digit) / 10;
    }
  }
}
