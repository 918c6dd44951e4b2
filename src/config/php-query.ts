/**
 * The PHP pieces Laravel's ConfigurationUrlParser stands on: `parse_url()` for the URL shapes a
 * REDIS_URL / DB_URL takes, `parse_str()` for its query string and `json_decode()` for every value
 * (laravel-formats.md §1.4). PHP arrays are plain objects here; lists (keys 0..n-1) become arrays.
 */

/** A value in a PHP config array, as json_encode would show it. */
export type PhpConfigValue = string | number | boolean | null | PhpConfigValue[] | PhpConfigArray;
export interface PhpConfigArray {
  [key: string]: PhpConfigValue;
}

/** The components PHP's parse_url() returns (port as int), or null where PHP returns false. */
export interface PhpUrlParts {
  scheme?: string;
  host?: string;
  port?: number;
  user?: string;
  pass?: string;
  path?: string;
  query?: string;
  fragment?: string;
}

const WITH_AUTHORITY = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):)?\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/s;
/** `host:port` without `//`, which parse_url() also reads as host and port. */
const HOST_PORT = /^([^:/?#@]+):(\d+)([/?#].*)?$/s;

/** PHP parse_url() for `scheme://user:pass@host:port/path?query#fragment` and `host:port`. */
export function phpParseUrl(url: string): PhpUrlParts | null {
  const hostPort = HOST_PORT.exec(url);
  const match = WITH_AUTHORITY.exec(hostPort ? `//${url}` : url);
  if (!match) return null;
  const [, scheme, authority = "", path = "", query, fragment] = match;
  const parts: PhpUrlParts = {};
  if (scheme !== undefined) parts.scheme = scheme;
  // The last `@` ends the user info and the first `:` in it separates the password, as in PHP.
  const at = authority.lastIndexOf("@");
  const userInfo = at === -1 ? null : authority.slice(0, at);
  let hostAndPort = at === -1 ? authority : authority.slice(at + 1);
  const bracket = hostAndPort.startsWith("[") ? hostAndPort.indexOf("]") : -1;
  const colon = hostAndPort.indexOf(":", bracket === -1 ? 0 : bracket);
  if (colon !== -1) {
    const port = hostAndPort.slice(colon + 1);
    hostAndPort = hostAndPort.slice(0, colon);
    if (!/^\d*$/.test(port) || Number(port) > 65535) return null;
    if (port !== "") parts.port = Number(port);
  }
  if (hostAndPort === "") return null;
  parts.host = hostAndPort;
  if (userInfo !== null) {
    const split = userInfo.indexOf(":");
    parts.user = split === -1 ? userInfo : userInfo.slice(0, split);
    if (split !== -1) parts.pass = userInfo.slice(split + 1);
  }
  if (path !== "") parts.path = path;
  if (query !== undefined) parts.query = query;
  if (fragment !== undefined) parts.fragment = fragment;
  return parts;
}

/** PHP rawurldecode(): `%XX` only (a `+` stays a plus). Bytes that are not UTF-8 become U+FFFD. */
export function rawUrlDecode(text: string): string {
  if (!text.includes("%")) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === "%" && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text.charAt(i), "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

function urlDecode(text: string): string {
  return rawUrlDecode(text.replaceAll("+", " "));
}

function nextIndex(target: PhpConfigArray): string {
  let next = 0;
  for (const key of Object.keys(target))
    if (/^(0|-?[1-9]\d*)$/.test(key)) next = Math.max(next, Number(key) + 1);
  return String(next);
}

/** Splits `a[b][]` into the base name (PHP-mangled: spaces and dots become `_`) and the bracket keys. */
function keyPath(rawKey: string): string[] | null {
  const key = rawKey.replace(/^ +/, "");
  const open = key.indexOf("[");
  const close = open === -1 ? -1 : key.indexOf("]", open);
  if (open === -1 || close === -1) {
    // An unmatched `[` is mangled to `_` like spaces and dots, and the rest kept literally.
    const base = key.replace(/^([^[]*)\[/, "$1_").replace(/[ .]/g, "_");
    return base === "" ? null : [base];
  }
  const base = key.slice(0, open).replace(/[ .[]/g, "_");
  if (base === "") return null;
  const path = [base];
  // PHP stops at the first character after a `]` that does not open another `[`.
  for (const segment of key.slice(open).matchAll(/\[([^\]]*)\]/gy)) path.push(segment[1] ?? "");
  return path;
}

function toLists(value: PhpConfigValue): PhpConfigValue {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  for (const key of keys) value[key] = toLists(value[key] ?? null);
  return keys.every((key, index) => key === String(index)) && keys.length > 0
    ? keys.map((key) => value[key] ?? null)
    : value;
}

/** PHP parse_str(): `a=1&b[c]=2&d[]=3` → `{a: "1", b: {c: "2"}, d: ["3"]}`; values stay strings. */
export function phpParseStr(query: string): PhpConfigArray {
  const result: PhpConfigArray = Object.create(null);
  for (const pair of query.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const path = keyPath(urlDecode(eq === -1 ? pair : pair.slice(0, eq)));
    if (path === null) continue;
    const value = eq === -1 ? "" : urlDecode(pair.slice(eq + 1));
    let target = result;
    path.forEach((segment, index) => {
      const key = segment === "" && index > 0 ? nextIndex(target) : segment;
      if (index === path.length - 1) {
        target[key] = value;
        return;
      }
      const existing = target[key];
      if (existing === null || typeof existing !== "object" || Array.isArray(existing)) {
        target[key] = Object.create(null) as PhpConfigArray;
      }
      target = target[key] as PhpConfigArray;
    });
  }
  return toLists(result) as PhpConfigArray;
}

/**
 * ConfigurationUrlParser::parseStringsToNativeTypes: every string that is valid JSON becomes its
 * decoded value (`"1.5"` → 1.5, `"true"` → true, `"null"` → null), recursively through arrays.
 */
export function phpNativeTypes(value: PhpConfigValue): PhpConfigValue {
  if (Array.isArray(value)) return value.map(phpNativeTypes);
  if (value !== null && typeof value === "object") {
    const out: PhpConfigArray = Object.create(null);
    for (const [key, inner] of Object.entries(value)) out[key] = phpNativeTypes(inner);
    return out;
  }
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as PhpConfigValue;
  } catch {
    return value;
  }
}
