/**
 * What the two throttle golden tests (ThrottleRequests and ThrottleRequestsWithRedis) share: the
 * typed return values of rate-limiter.json, an Express app on a free port, and the comparison of
 * one HTTP answer with the one Laravel recorded (status, the recorded headers with `{now+60}`
 * filled in, the JSON message of a 429).
 */
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import type express from "express";
import { expect } from "vitest";
import type { GOLDEN_VERSIONS } from "../../../helpers/golden.js";

/** A PHP value in the golden files' typed form (golden/README.md §4), as far as these traces use it. */
export interface Typed {
  t: string;
  v?: unknown;
  entries?: Array<[Typed, Typed]>;
}

/** One recorded request: its id, Laravel's clock (UNIX s) and what the middleware returned. */
export interface TraceCase {
  id: string;
  now: number;
  return: Typed;
}

/** A typed PHP array as a Map from its keys (as text) to its values. */
export function entriesOf(t: Typed): Map<string, Typed> {
  return new Map((t.entries ?? []).map(([k, v]) => [String(k.v), v]));
}

/** The Laravel major a golden folder was recorded with. */
export function majorOf(version: (typeof GOLDEN_VERSIONS)[number]): 8 | 12 {
  return version === "laravel-8" ? 8 : 12;
}

/** `app` listening on a free loopback port. */
export async function listen(app: express.Express): Promise<{ base: string; close: () => void }> {
  const http = app.listen(0, "127.0.0.1");
  await once(http, "listening");
  return { base: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, close: () => http.close() };
}

/**
 * Sends one recorded request (`headers` say who sends it) and expects Laravel's answer: the status,
 * every header Laravel sent (ours may send more), and for a 429 Laravel's JSON message.
 */
export async function expectRecordedAnswer(
  url: string,
  headers: Record<string, string>,
  c: TraceCase,
): Promise<void> {
  const response = await fetch(url, { headers: { accept: "application/json", ...headers } });
  const want = entriesOf(c.return);
  expect(response.status, c.id).toBe(Number(want.get("status")?.v));
  const wantHeaders = [...entriesOf(want.get("headers") as Typed)].map(([name, v]) => [
    name,
    String(v.v).replace("{now+60}", String(c.now + 60)),
  ]);
  const gotHeaders = wantHeaders.map(([name]) => [name, response.headers.get(name as string)]);
  expect(gotHeaders, c.id).toEqual(wantHeaders);
  const message = want.get("message")?.v;
  if (response.status === 429 && message !== undefined) {
    expect(await response.json(), c.id).toEqual({ message });
  } else {
    await response.arrayBuffer();
  }
}
