/**
 * `laravel-redis-bridge/session`: Laravel's Redis sessions and encrypted session cookies for
 * Express — `startSession()` (≈ StartSession + EncryptCookies, with remember-me and blocking),
 * `verifyCsrfToken()`, the Store API on `req.session`, the financial-record rule, and
 * `LaravelSessionStore` for apps that keep express-session.
 */

export type { SessionHandler, SessionSerializer } from "../../src/contracts/session.js";
export {
  SessionEncodeError,
  SessionStateError,
  SessionUnavailableError,
  TokenMismatchError,
} from "../../src/errors/session-errors.js";
export { ArraySessionHandler } from "./array-session-handler.js";
export { CacheSessionHandler, type CacheSessionHandlerOptions } from "./cache-session-handler.js";
export { LaravelSessionStore, laravelSessionId } from "./express-store.js";
export {
  combineValueGuards,
  FINANCIAL_KEY_WORDS,
  type FinancialRecordRuleOptions,
  financialRecordGuard,
  MONEY_CLASSES,
  SessionFinancialRecordError,
} from "./financial-record-guard.js";
export {
  parseRecaller,
  type Recaller,
  type RememberMeOptions,
  type RememberState,
  readRecaller,
  rememberedOf,
} from "./remember-me.js";
export { type CorruptSessionListener, Session, type SessionOptions, type SessionOrigin } from "./session.js";
export type { SessionKey, SessionValueGuard } from "./session-attributes.js";
export {
  loginSessionKey,
  passwordHashSessionKey,
  recallerCookieName,
  SESSION_GUARD_HASH,
} from "./session-auth.js";
export type { SessionBlockOptions } from "./session-block.js";
export { generateSessionId, isValidSessionId } from "./session-id.js";
export {
  type SessionCounters,
  SessionManager,
  type SessionManagerConfig,
  type SessionManagerOptions,
  type SessionServices,
} from "./session-manager.js";
export {
  createSessionSerializer,
  type SessionSerialization,
  type SessionSerializerOptions,
} from "./session-serializer.js";
export type { SessionValue } from "./session-values.js";
export { type SessionRequest, type StartSessionOptions, sessionOf, startSession } from "./start-session.js";
export { StoreSessionHandler } from "./store-session-handler.js";
export { type VerifyCsrfTokenOptions, verifyCsrfToken } from "./verify-csrf-token.js";
