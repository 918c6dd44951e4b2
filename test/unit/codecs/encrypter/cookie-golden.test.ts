import { describe, expect, it } from "vitest";
import {
  cookieValuePrefix,
  decryptCookie,
  decryptXsrfToken,
  encryptCookie,
} from "../../../../src/codecs/encrypter/cookie-value.js";
import { Encrypter } from "../../../../src/codecs/encrypter/encrypter.js";
import {
  decodeCookieValue,
  encodeSetCookieValue,
  formatCookieDate,
  type SameSite,
  serializeSetCookie,
} from "../../../../src/codecs/encrypter/set-cookie.js";
import { GOLDEN_VERSIONS, loadGolden } from "../../../helpers/golden.js";

interface Outgoing {
  id: string;
  name: string;
  plaintextValue: string;
  encrypted: boolean;
  cookieValue: string;
  headerValue: string;
  setCookieHeader: string;
  decryptedPlaintext: string | null;
  cookieValuePrefix: string;
  maxAge: number;
  path: string;
  domain: string | null;
  secure: boolean;
  httpOnly: boolean;
  sameSite: SameSite;
}
interface Incoming {
  id: string;
  description: string;
  name: string;
  cookieValue: string;
  headerValue: string;
  laravelReads: string | null;
}
interface CookiesGolden {
  APP_KEY: string;
  APP_PREVIOUS_KEYS: string | null;
  cipher: string;
  now: number;
  outgoing: Outgoing[];
  incoming: Incoming[];
  xsrfHeader: { cases: Array<{ header: string; laravelToken: string }> };
}

const laravelVersion = { "laravel-8": 8, "laravel-12": 12 } as const;

describe.each(GOLDEN_VERSIONS)("cookies against %s's golden vectors", (version) => {
  const golden = loadGolden<CookiesGolden>(version, "cookies");
  const encrypter = Encrypter.fromAppKey(golden.APP_KEY, golden.cipher, golden.APP_PREVIOUS_KEYS, {
    laravelVersion: laravelVersion[version],
  });
  const outgoing = golden.outgoing.map((c) => [`${c.id} ${c.name}`, c] as const);

  it.each(outgoing)("computes CookieValuePrefix::create for %s", (_id, c) => {
    expect(cookieValuePrefix(c.name, encrypter)).toBe(c.cookieValuePrefix);
  });

  it.each(outgoing)("reads Laravel's outgoing cookie %s as its plaintext", (_id, c) => {
    expect(decryptCookie(c.name, c.cookieValue, encrypter)).toBe(c.encrypted ? c.plaintextValue : null);
    if (c.decryptedPlaintext !== null)
      expect(encrypter.decryptString(c.cookieValue)).toBe(c.decryptedPlaintext);
  });

  it.each(outgoing)("URL-encodes %s exactly as Symfony does in the header", (_id, c) => {
    expect(encodeSetCookieValue(c.cookieValue)).toBe(c.headerValue);
    expect(decodeCookieValue(c.headerValue)).toBe(c.cookieValue);
  });

  it.each(outgoing)("writes the same Set-Cookie header as Laravel for %s", (_id, c) => {
    const header = serializeSetCookie(c.name, c.cookieValue, {
      maxAgeSeconds: c.maxAge,
      now: new Date(golden.now * 1000),
      path: c.path,
      domain: c.domain,
      secure: c.secure,
      httpOnly: c.httpOnly,
      sameSite: c.sameSite,
    });
    const date = formatCookieDate(golden.now + c.maxAge);
    expect(header.replace(date, `{now+${c.maxAge} as HTTP date}`)).toBe(c.setCookieHeader);
  });

  it.each(outgoing.filter(([, c]) => c.encrypted))(
    "encrypts %s so that it decrypts to Laravel's prefixed plaintext",
    (_id, c) => {
      const value = encryptCookie(c.name, c.plaintextValue, encrypter);
      expect(encrypter.decryptString(value)).toBe(c.decryptedPlaintext);
      expect(decryptCookie(c.name, value, encrypter)).toBe(c.plaintextValue);
    },
  );

  it.each(golden.incoming.map((c) => [`${c.id} (${c.description})`, c] as const))(
    "hands the app what Laravel does for incoming %s",
    (_id, c) => {
      const value = decodeCookieValue(c.headerValue);
      expect(value).toBe(c.cookieValue);
      expect(decryptCookie(c.name, value, encrypter)).toBe(c.laravelReads);
    },
  );

  it.each(golden.xsrfHeader.cases.map((c, i) => [i, c] as const))(
    "reads the CSRF token from X-XSRF-TOKEN header %i like VerifyCsrfToken",
    (_i, c) => {
      expect(decryptXsrfToken(c.header, encrypter)).toBe(c.laravelToken);
    },
  );
});
