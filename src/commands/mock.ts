/**
 * `specgate mock [--port N] [--specs DIR] [--config FILE] [--fault NAME[=VALUE]]...` (docs/design.md#command-line):
 * runs the behavioural mock of every spec in DIR on 127.0.0.1 until SIGINT/SIGTERM, then closes cleanly (exit 0).
 * Prints the URL, the products served, the built-in test credentials (docs/design.md#mock-defaults: well-known
 * values, printed at start — secrets from a user config are never printed), the /etc/hosts hint for the SLS SDK
 * when SLS is served, and a machine-readable
 * `SPECGATE_MOCK_URL=…` line on stdout. With `--admin-token`, the admin API needs a bearer token for everything but
 * health (docs/mock-limits.md#admin-api): `SPECGATE_ADMIN_TOKEN` when set, else a random one, printed as
 * `SPECGATE_ADMIN_TOKEN=…` (it guards a local test double, not an account: printing it is what lets tools use it).
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { UsageError } from "../core/usage-error.ts";
import { startMock } from "../mock/create-mock-server.ts";
import { FAULT_FORMS, parseFaults } from "../mock/faults.ts";
import { createDefaultMockConfig, type MockConfig, parseMockConfig } from "../mock/mock-config.ts";
import { type LoadedSpecs, loadSpecs } from "../openapi/load-specs.ts";
import { parseCommandArgs } from "./parse-command-args.ts";

const HELP = `Usage: specgate mock [--port N] [--specs DIR] [--config FILE] [--fault NAME[=VALUE]]... [--admin-token]

Runs specgate's behavioural mock on 127.0.0.1 until stopped (Ctrl-C). It serves every operation of every
product whose spec is in DIR (<product>.openapi.json, as npm run gen:specs writes them): SLS and Live have
modules in the product registry (src/products/); any other product is served from its spec alone.
Each request is routed, its signature checked against the product's schemes, its size and rate limits
applied and its parameters validated against the spec; then an operation with a behaviour answers from the
mock's state (SLS consumer groups and shards, Live callback records), any other with its documented example,
else a schema-valid body generated from the spec (the same body every run). Errors come in the product's
own body.
RPC products share /: Action and Version (query, form, or x-acs-action/x-acs-version) pick the operation;
ROA requests go by method and path (SLS takes the project from the Host header); Host breaks ties.
The admin API is under /_specgate/ (health, events, reset, seed, faults).

  --port N          TCP port (default 0: a free port; the URL is printed)
  --specs DIR       the directory of the *.openapi.json to serve (default specs; also SPECGATE_SPECS)
  --config FILE     mock config (JSON or YAML): accounts, projects, apps, throttling, unconfirmed behaviour
  --fault F         inject a fault; repeatable. ${FAULT_FORMS.join(", ")}
  --admin-token     the admin API (but health) needs Authorization: Bearer <token>; the token is
                    $SPECGATE_ADMIN_TOKEN or a random one, printed as SPECGATE_ADMIN_TOKEN=...
  -h, --help        show this help`;

/** The built-in test credentials (docs/design.md#mock-defaults); only these are ever printed. */
const BUILT_IN = createDefaultMockConfig().accounts[0];

/** Runs `specgate mock`; resolves with the exit code once stopped. */
export async function run(args: string[]): Promise<number> {
  const { values } = parseCommandArgs("mock", {
    args,
    allowPositionals: false,
    options: {
      port: { type: "string" },
      specs: { type: "string" },
      config: { type: "string" },
      fault: { type: "string", multiple: true },
      "admin-token": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help === true) {
    console.log(HELP);
    return 0;
  }
  const port = readPort(values.port);
  const faults = parseFaults(values.fault ?? []);
  const config = values.config === undefined ? createDefaultMockConfig() : await readConfig(values.config);

  const specsDir = values.specs ?? (process.env.SPECGATE_SPECS || "specs");
  const specs = loadSpecs(resolve(specsDir));
  const adminToken = values["admin-token"] === true ? readAdminToken(process.env.SPECGATE_ADMIN_TOKEN) : undefined;
  const mock = await startMock({ port, specs, config, faults, ...(adminToken !== undefined ? { adminToken } : {}) });
  printBanner(mock.url, mock.port, specsDir, specs, config, values.config);
  if (values.fault !== undefined && values.fault.length > 0) console.log(`  faults: ${values.fault.join(", ")}`);
  if (adminToken !== undefined) console.log(`SPECGATE_ADMIN_TOKEN=${adminToken}`);
  console.log(`SPECGATE_MOCK_URL=${mock.url}`);

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  await mock.close();
  console.log("specgate mock stopped");
  return 0;
}

/** What the mock serves and how to reach it: the products, the built-in test account, SLS and Live hints. */
function printBanner(
  url: string,
  port: number,
  specsDir: string,
  specs: LoadedSpecs,
  config: MockConfig,
  configFile: string | undefined,
): void {
  const project = specs.products.has("sls") ? config.sls.projects[0] : undefined;
  const app = specs.products.has("live") ? config.live.apps[0] : undefined;
  console.log(`specgate mock listening on ${url}`);
  console.log(`  serving ${specsDir}: ${describeProducts(specs)}`);
  const builtIn = config.accounts.find(
    (a) => a.accessKeyId === BUILT_IN?.accessKeyId && a.accessKeySecret === BUILT_IN.accessKeySecret,
  );
  if (builtIn !== undefined)
    console.log(`  test credentials: AccessKeyId ${builtIn.accessKeyId}, AccessKeySecret ${builtIn.accessKeySecret}`);
  const others = config.accounts.filter((a) => a !== builtIn).map((a) => a.accessKeyId);
  if (others.length > 0) console.log(`  accounts from ${configFile}: ${others.join(", ")} (secrets not shown)`);
  if (project !== undefined) {
    const logstores = project.logstores.map((l) => `${l.name} (${l.shards} shards)`).join(", ");
    console.log(`  SLS: project ${project.name}, logstores ${logstores}`);
    console.log(
      `       the SLS SDKs connect to <project>.<endpoint>: add "127.0.0.1 ${project.name}.sls.localtest" to /etc/hosts and use endpoint sls.localtest:${port}`,
    );
  }
  if (app !== undefined) console.log(`  Live: endpoint ${url} (RPC on /), AppId ${app.appId}`);
}

/** `live (RPC, 2 operations), sls (ROA, 7 operations)`. */
function describeProducts(specs: LoadedSpecs): string {
  return [...specs.products.values()]
    .map(({ definition, spec }) => {
      const n = spec.operations.size;
      return `${definition.id} (${definition.style}, ${n} operation${n === 1 ? "" : "s"})`;
    })
    .join(", ");
}

/** `SPECGATE_ADMIN_TOKEN`, or 32 random hex digits when it is unset or empty. */
function readAdminToken(fromEnv: string | undefined): string {
  if (fromEnv === undefined || fromEnv === "") return randomBytes(16).toString("hex");
  if (!/^[\x21-\x7e]{16,256}$/.test(fromEnv))
    throw new UsageError(
      "SPECGATE_ADMIN_TOKEN must be 16–256 printable ASCII characters without spaces; set another or unset it for a random one.",
    );
  return fromEnv;
}

function readPort(text: string | undefined): number {
  if (text === undefined) return 0;
  if (!/^\d+$/.test(text) || Number(text) > 65535)
    throw new UsageError(`--port ${JSON.stringify(text)} is not a port number; give 0…65535 (0 picks a free port).`);
  return Number(text);
}

async function readConfig(path: string): Promise<MockConfig> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new UsageError(
      `--config ${path}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); check the path.`,
    );
  }
  return parseMockConfig(text, path);
}
