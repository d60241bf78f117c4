// Preloaded (`node --import`) into tools that must run offline, such as `redocly lint` from scripts/lint-specs.ts:
// a connection to any host but loopback is refused before a name is looked up, and written to the file
// SPECGATE_OFFLINE_LOG names, so the caller fails naming it instead of reaching the network.
import { appendFileSync } from "node:fs";
import net from "node:net";

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

/** The host and port of `Socket#connect`'s arguments (`net.connect` passes them normalised as an array). */
function targetOf(args) {
  const [first, second] = args;
  if (Array.isArray(first)) return targetOf(first);
  if (first !== null && typeof first === "object") {
    return first.path === undefined ? { host: first.host ?? "localhost", port: first.port } : undefined;
  }
  if (typeof first === "string" && !/^\d+$/.test(first)) return undefined; // a Unix socket or pipe path
  return { host: typeof second === "string" ? second : "localhost", port: first };
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connectToLoopbackOnly(...args) {
  const target = targetOf(args);
  if (target !== undefined && !LOOPBACK.test(String(target.host))) {
    const where = `${target.host}:${target.port}`;
    if (process.env.SPECGATE_OFFLINE_LOG) appendFileSync(process.env.SPECGATE_OFFLINE_LOG, `${where}\n`);
    throw new Error(`offline run: refused a connection to ${where}`);
  }
  return connect.apply(this, args);
};
