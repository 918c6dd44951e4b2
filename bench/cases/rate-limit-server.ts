/**
 * One Express app per HTTP case of rate-limit.bench.ts, each in its own process so its CPU per
 * request can be read from /proc:  tsx bench/cases/rate-limit-server.ts <kind> <redisPort>
 * prints `listening <port>` when ready. Every kind serves GET / answering "ok":
 *
 *   bridge   bridge.throttle({ maxAttempts, decayMinutes: 60 }): Laravel's ThrottleRequests key
 *            (sha1 of `|ip`), check + hit in one EVALSHA, X-RateLimit-* headers
 *   rlf      a rate-limiter-flexible middleware: consume(req.ip), no headers
 *   none     no limiter
 */
import express from "express";
import { BIG, benchBridge, benchRlf } from "./rate-limit-setup.js";

const [kind = "none", redisPort = "6379"] = process.argv.slice(2);
const app = express();
const ok = (_req: express.Request, res: express.Response): void => {
  res.send("ok");
};

if (kind === "bridge") {
  const bridge = benchBridge(Number(redisPort));
  app.get("/", bridge.throttle({ maxAttempts: BIG, decayMinutes: 60 }), ok);
} else if (kind === "rlf") {
  const { rlf } = benchRlf(Number(redisPort));
  app.get(
    "/",
    (req, res, next) => {
      rlf.consume(req.ip ?? "").then(
        () => next(),
        () => res.status(429).send("Too Many Requests"),
      );
    },
    ok,
  );
} else {
  app.get("/", ok);
}

const server = app.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === "object" && address ? address.port : 0}\n`);
});
// The bench keeps its sockets across rounds: an idle gap must not make one case pay for reconnects.
server.keepAliveTimeout = 120_000;
process.on("SIGTERM", () => process.exit(0));
