/** Where a session came from when it started: for logs and metrics, never shown to users. */
export type SessionOrigin = "new" | "loaded" | "corrupt";

/**
 * What the session reports when a stored value does not decode (bad key left untouched). `key` shows
 * only the first 6 characters of the id (`laravel_cache:AbCdEf…`): session ids never reach logs.
 */
export type CorruptSessionListener = (info: { key: string; reason: string; cause: unknown }) => void;
