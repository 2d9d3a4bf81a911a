/* eslint-disable */
/**
 * Generated `api` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run `npx convex dev`.
 * @module
 */

import type {
  ApiFromModules,
  FilterApi,
  FunctionReference,
} from "convex/server";
import type * as crons from "../crons.js";
import type * as devices from "../devices.js";
import type * as http from "../http.js";
import type * as lib_auth from "../lib/auth.js";
import type * as lib_claims from "../lib/claims.js";
import type * as lib_clerkBackend from "../lib/clerkBackend.js";
import type * as lib_clerkWebhook from "../lib/clerkWebhook.js";
import type * as lib_clerkWebhookHandler from "../lib/clerkWebhookHandler.js";
import type * as lib_deliveries from "../lib/deliveries.js";
import type * as lib_deviceInput from "../lib/deviceInput.js";
import type * as lib_deviceSessions from "../lib/deviceSessions.js";
import type * as lib_env from "../lib/env.js";
import type * as lib_errors from "../lib/errors.js";
import type * as lib_userSync from "../lib/userSync.js";
import type * as users from "../users.js";
import type * as webhookDeliveries from "../webhookDeliveries.js";

/**
 * A utility for referencing Convex functions in your app's API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = api.myModule.myFunction;
 * ```
 */
declare const fullApi: ApiFromModules<{
  crons: typeof crons;
  devices: typeof devices;
  http: typeof http;
  "lib/auth": typeof lib_auth;
  "lib/claims": typeof lib_claims;
  "lib/clerkBackend": typeof lib_clerkBackend;
  "lib/clerkWebhook": typeof lib_clerkWebhook;
  "lib/clerkWebhookHandler": typeof lib_clerkWebhookHandler;
  "lib/deliveries": typeof lib_deliveries;
  "lib/deviceInput": typeof lib_deviceInput;
  "lib/deviceSessions": typeof lib_deviceSessions;
  "lib/env": typeof lib_env;
  "lib/errors": typeof lib_errors;
  "lib/userSync": typeof lib_userSync;
  users: typeof users;
  webhookDeliveries: typeof webhookDeliveries;
}>;
export declare const api: FilterApi<
  typeof fullApi,
  FunctionReference<any, "public">
>;
export declare const internal: FilterApi<
  typeof fullApi,
  FunctionReference<any, "internal">
>;
