/**
 * The behavioural mock's HTTP server: a thin Fastify adapter. It turns each request into a `WireRequest`, sends
 * `/_specgate/…` to the admin API and everything else through the request pipeline (pipeline/request-pipeline.ts:
 * every product of every loaded spec on one port), applies injected faults, and writes the `WireResponse`.
 * Framework-level failures — oversized or malformed bodies, bad URLs, unparsable HTTP — are answered in the error
 * body of the product the path belongs to, so no client ever sees a Fastify-shaped error.
 */
import { createServer } from "node:http";
import type { Socket } from "node:net";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { type Clock, systemClock } from "../core/clock.ts";
import { type LoadedSpecs, loadSpecs } from "../openapi/load-specs.ts";
import { ADMIN_PREFIX, createAdminHandler } from "./admin-handler.ts";
import type { EventLog } from "./domain/event-log.ts";
import type { Faults } from "./faults.ts";
import { createDefaultMockConfig, type MockConfig } from "./mock-config.ts";
import { MockState } from "./mock-state.ts";
import { createRequestPipeline } from "./pipeline/request-pipeline.ts";
import { clip, isSingletonHeader, splitUrl, type WireRequest, type WireResponse } from "./wire.ts";
import { createDefaultWireBehaviour, type WireBehaviour } from "./wire-behaviour.ts";

/** Options of `createMockServer`; everything defaults to docs/design.md#mock-defaults. */
export interface CreateMockServerOptions {
  config?: MockConfig;
  /** Compiled specs; default `loadSpecs()` (specs/*.openapi.json, compiled once per process). */
  specs?: LoadedSpecs;
  clock?: Clock;
  faults?: Faults;
  /** Gateway-level switches (docs/unconfirmed-behaviour.md); override `config.wire`. */
  wire?: Partial<WireBehaviour>;
  /** Random source of the rate faults (error-rate, drop-rate); default Math.random. */
  random?: () => number;
  /** Bearer token the admin API requires for everything but `GET health` (admin-guard.ts); none by default. */
  adminToken?: string;
  /** Seed of the bodies generated for operations answered from their spec; default 1 (same seed, same bodies). */
  seed?: number;
}

/** A mock server, not yet listening. */
export interface MockServer {
  app: FastifyInstance;
  state: MockState;
  close(): Promise<void>;
}

/** Options of `startMock`. */
export interface StartMockOptions extends CreateMockServerOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Listen address; default 127.0.0.1 (the admin API must stay on loopback). */
  host?: string;
}

/** A listening mock. */
export interface RunningMock {
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
  port: number;
  eventLog: EventLog;
  state: MockState;
  close(): Promise<void>;
}

function isAdmin(path: string): boolean {
  return path.startsWith(ADMIN_PREFIX);
}

function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  return address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.");
}

/** Builds the mock (state + Fastify app) without listening. */
export function createMockServer(options: CreateMockServerOptions = {}): MockServer {
  const clock = options.clock ?? systemClock;
  const config = options.config ?? createDefaultMockConfig();
  const wire: WireBehaviour = { ...createDefaultWireBehaviour(), ...config.wire, ...options.wire };
  const state = new MockState({
    config,
    specs: options.specs ?? loadSpecs(),
    clock,
    faults: options.faults ?? {},
    wire,
  });
  const random = options.random ?? Math.random;
  const pipeline = createRequestPipeline(state, { seed: options.seed ?? 1 });
  const admin = createAdminHandler(state, options.adminToken !== undefined ? { token: options.adminToken } : {});

  // Failures found before the pipeline ran, in the error body of the product the Host names, else the one the path
  // belongs to (admin: JSON).
  const malformed = (path: string, message: string, host?: string): WireResponse =>
    isAdmin(path) ? adminProblem(400, message) : pipeline.dialectFor(path, host).badRequest(message);
  const serverError = (path: string, message: string, host?: string): WireResponse =>
    isAdmin(path) ? adminProblem(500, message) : pipeline.dialectFor(path, host).serverError(message);

  const app = Fastify({
    logger: false,
    bodyLimit: wire.maxBodyBytes,
    requestTimeout: 30_000,
    // Node answers an HTTP/1.1 request without Host with a bare 400 unless told not to; the SLS handler
    // answers it instead, in the product's body (400 MissingHost,
    // docs/alibaba/sls-errors.md#request-checks-legacy-list).
    serverFactory: (handler) => createServer({ requireHostHeader: false, requestTimeout: 30_000 }, handler),
    // Framework-level request errors (bad URL encoding, bad media type) in the product's body.
    frameworkErrors: (error, request, reply) => {
      const path = splitUrl(request.raw.url ?? "/").path;
      void send(reply, malformed(path, `Malformed request: ${clip(error.message)}`, request.headers.host));
    },
    // Unparsable HTTP never reaches a route: answer on the raw socket in the product's body when it can.
    clientErrorHandler: (error, socket) => answerClientError(error, socket, malformed),
    // No route declares a Fastify schema (requests are validated against the compiled spec, bodies are
    // serialized by the handlers), so Fastify's own schema compilers are never used. Without these factories
    // Fastify loads its defaults (Ajv via @fastify/ajv-compiler, and fast-json-stringify) at construction:
    // ~40 ms of the 0.3 s start-up budget spent on code that never runs.
    schemaController: { compilersFactory: { buildValidator: refuseRouteSchemas, buildSerializer: refuseRouteSchemas } },
  });

  app.removeAllContentTypeParsers();
  // Every body arrives as bytes: the verifiers hash exactly what was sent, handlers decode what they need.
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error: { code?: string; statusCode?: number; message: string }, request, reply) => {
    const path = splitUrl(request.raw.url ?? "/").path;
    if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      const length = request.headers["content-length"];
      const size = typeof length === "string" ? clip(length, 20) : "more than the limit";
      const dialect = pipeline.dialectFor(path, request.headers.host);
      return send(reply, { ...dialect.tooLarge(size, wire.maxBodyBytes), close: true });
    }
    const status = error.statusCode ?? 500;
    const host = request.headers.host;
    if (status >= 400 && status < 500)
      return send(reply, malformed(path, `Malformed request: ${clip(error.message)}`, host));
    return send(reply, serverError(path, "The mock failed to handle the request.", host));
  });

  // One handler for every route (no hooks: each costs a promise per request). Fastify has already refused an
  // announced body above `bodyLimit` before reading it (FST_ERR_CTP_BODY_TOO_LARGE, answered by the error
  // handler); a GET announcing one is refused here.
  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const wireRequest = toWireRequest(request);
    if (isAdmin(wireRequest.path))
      return send(
        reply,
        isLoopback(request.raw.socket.remoteAddress)
          ? admin(wireRequest)
          : adminProblem(403, "the admin API answers loopback clients only."),
      );
    const faults = state.faults;
    if (faults.latencyMs !== undefined && faults.latencyMs > 0) await delay(faults.latencyMs);
    const fault = injectedFault(faults, wireRequest.path, wireRequest.headers.host);
    const response =
      fault === undefined
        ? pipeline.handle(wireRequest)
        : pipeline
            .dialectFor(wireRequest.path, wireRequest.headers.host)
            .inRequestedFormat(fault, { request: wireRequest });
    if (response.drop === true) return drop(request, reply);
    return send(reply, response);
  };
  /** The drop-rate and error-rate faults' answer, when one strikes. */
  const injectedFault = (faults: Faults, path: string, host: string | undefined): WireResponse | undefined => {
    if (faults.dropRate !== undefined && random() < faults.dropRate) return DROPPED;
    if (faults.errorRate !== undefined && random() < faults.errorRate)
      return serverError(path, "Injected fault: error-rate.", host);
    return undefined;
  };
  app.all("*", handle);
  app.setNotFoundHandler(handle);

  return {
    app,
    state,
    async close() {
      state.stop();
      await app.close();
    },
  };
}

/** Creates the mock and listens on `host:port` (default 127.0.0.1, a free port). */
export async function startMock(options: StartMockOptions = {}): Promise<RunningMock> {
  const server = createMockServer(options);
  const host = options.host ?? "127.0.0.1";
  await server.app.listen({ port: options.port ?? 0, host });
  const address = server.app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : (options.port ?? 0);
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    eventLog: server.state.eventLog,
    state: server.state,
    close: () => server.close(),
  };
}

function toWireRequest(request: FastifyRequest): WireRequest {
  const raw = request.raw;
  const { path, rawQuery } = splitUrl(raw.url ?? "/");
  // Node joins repeated headers with ", " except a few it keeps once (RFC 9110 §5.3) and set-cookie (an array,
  // never signed): the handlers read the headers object as it is, and learn about repetitions from rawHeaders.
  let headers = raw.headers as Record<string, string>;
  if (raw.headers["set-cookie"] !== undefined) {
    headers = { ...headers, "set-cookie": (raw.headers["set-cookie"] ?? []).join(",") };
  }
  const body = Buffer.isBuffer(request.body) ? request.body : undefined;
  return {
    method: raw.method ?? "GET",
    path,
    rawQuery,
    headers,
    duplicatedHeaders: findDuplicatedSingletons(raw.rawHeaders, raw.headers),
    ...(body !== undefined ? { body } : {}),
  };
}

const NO_DUPLICATES: readonly string[] = Object.freeze([]);
const DROPPED: WireResponse = Object.freeze({ status: 0, headers: {}, body: "", drop: true });

/** Lowercased names of the singleton headers (wire.ts) that appear more than once in `rawHeaders`. */
function findDuplicatedSingletons(rawHeaders: readonly string[], headers: object): readonly string[] {
  // Node's headers object has one key per distinct name: as many keys as raw pairs means no name came twice,
  // which is every request from a well-behaved client; the scan below lowercases every name.
  if (rawHeaders.length === 2 * Object.keys(headers).length) return NO_DUPLICATES;
  let seen: Set<string> | undefined;
  let duplicated: string[] | undefined;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    if (!isSingletonHeader(name)) continue;
    seen ??= new Set();
    if (!seen.has(name)) seen.add(name);
    else if (duplicated === undefined) duplicated = [name];
    else if (!duplicated.includes(name)) duplicated.push(name);
  }
  return duplicated ?? NO_DUPLICATES;
}

/**
 * Writes the answer on the raw response in one go (status, headers and body: one write): the handlers
 * already serialized the body, so Fastify's reply pipeline (hooks, serializers) has nothing left to add.
 */
function send(reply: FastifyReply, response: WireResponse): void {
  reply.hijack();
  const res = reply.raw;
  const headers: Record<string, string | number> = {
    ...response.headers,
    "content-length": Buffer.byteLength(response.body),
  };
  if (response.close === true) headers.connection = "close";
  res.writeHead(response.status, headers);
  res.end(response.body);
}

function refuseRouteSchemas(): () => never {
  return () => {
    throw new Error("the mock declares no Fastify route schemas: validate against the compiled spec instead");
  };
}

function drop(request: FastifyRequest, reply: FastifyReply): void {
  reply.hijack();
  request.raw.socket.destroy();
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function adminProblem(status: number, message: string): WireResponse {
  return { status, headers: { "content-type": "application/json" }, body: JSON.stringify({ error: message }) };
}

/**
 * HTTP the parser rejected (bad request line, header overflow, bad chunking): a minimal HTTP/1.1 answer in
 * the product's body, chosen from the request line when it can be read, then the socket is closed.
 */
function answerClientError(
  error: Error & { code?: string; rawPacket?: unknown },
  socket: Socket,
  malformed: (path: string, message: string) => WireResponse,
): void {
  if (error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  // Node passes the unparsed bytes as a Buffer (its typings say otherwise).
  const line = Buffer.isBuffer(error.rawPacket) ? error.rawPacket.subarray(0, 200).toString("latin1") : "";
  const target = /^[A-Z]+ (\S+)/.exec(line)?.[1] ?? "";
  // Unreadable, or an admin path: the answer of the product paths other than `/` belong to.
  const path = target === "" ? "/-" : splitUrl(target).path;
  const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
  const response = malformed(isAdmin(path) ? "/-" : path, `Malformed HTTP request (${error.code ?? "parse error"}).`);
  const head = [`HTTP/1.1 ${status} ${status === 431 ? "Request Header Fields Too Large" : "Bad Request"}`];
  for (const [name, value] of Object.entries(response.headers)) head.push(`${name}: ${value}`);
  head.push(`content-length: ${Buffer.byteLength(response.body)}`, "connection: close");
  socket.end(`${head.join("\r\n")}\r\n\r\n${response.body}`);
}
