/**
 * One place that turns failures into HTTP answers, loudly for the operator and plainly for the
 * client: the bridge's errors carry their status (419 CSRF, 503 session store down), domain errors
 * map to 4xx, anything else is a logged 500 with no internals in the body.
 */
import type { NextFunction, Request, Response } from "express";
import { ZodError } from "zod";
import {
  BridgeError,
  FenceRegressionError,
  LockLostError,
  LockTimeoutError,
  type Logger,
} from "../../src/index.js"; // "laravel-redis-bridge"
import { IdempotencyConflictError, InsufficientFundsError } from "./ledger.js";

export function errorHandler(logger: Logger) {
  return (error: unknown, _req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const [status, message] = classify(error);
    if (status >= 500) logger.error({ err: error }, "request failed");
    res.status(status).json({ message, ...(error instanceof BridgeError ? { code: error.code } : {}) });
  };
}

function classify(error: unknown): [number, string] {
  if (error instanceof ZodError)
    return [422, error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")];
  if (error instanceof InsufficientFundsError || error instanceof IdempotencyConflictError)
    return [422, error.message];
  if (error instanceof LockTimeoutError)
    return [409, "Another payment for this wallet is in progress. Try again."];
  // The lock could no longer be trusted, or an expired holder tried to write: nothing was written.
  if (error instanceof LockLostError || error instanceof FenceRegressionError)
    return [409, "The payment was interrupted before it was recorded. Try again."];
  if (error instanceof BridgeError) {
    const status = (error as { status?: unknown }).status;
    if (typeof status === "number") return [status, error.message];
  }
  return [500, "Server Error"];
}
