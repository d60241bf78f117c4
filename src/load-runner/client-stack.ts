/**
 * Keep-alive connections to one origin for requests that each hold a connection until their answer is
 * complete (HTTP/1.1 without pipelining, as k6 sends): a stack of idle undici `Client`s (one connection
 * each); a request takes the most recently used one, or a new one when all are busy, and gives it back
 * when done. The stack grows to the highest number of requests in flight at once, as an undici `Pool`
 * without a connection limit would.
 *
 * Why not `Pool`: it finds an idle client by scanning all of them on every request and relays each
 * client's `drain` event; at 50 in flight that measured ~15 % more CPU per request than dispatching to a
 * client directly (bench/engine.bench.ts: "Pool.dispatch" vs "Client/VU dispatch"). Reconnecting, keep-alive
 * timeouts and socket errors stay undici's: a `Client` reconnects on its next request by itself, and an
 * idle one does not keep the process alive.
 */
import { Client } from "undici";

export class ClientStack {
  readonly #idle: Client[] = [];
  #created = 0;

  constructor(
    readonly origin: string,
    readonly create: (origin: string) => Client = (o) => new Client(o),
  ) {}

  /** An idle client, or a new one. Give it back with {@link release} once its request is over. */
  acquire(): Client {
    const client = this.#idle.pop();
    if (client !== undefined) return client;
    this.#created++;
    return this.create(this.origin);
  }

  /** Returns a client whose request is over (answered, failed or aborted). */
  release(client: Client): void {
    if (client.closed || client.destroyed) return;
    this.#idle.push(client);
  }

  /** Clients made so far (connections opened at most once each, reconnects aside). */
  get created(): number {
    return this.#created;
  }

  /** Idle clients now. */
  get idle(): number {
    return this.#idle.length;
  }
}
