#!/usr/bin/env node
// Entry point for `npx specgate`: the sources are TypeScript run through tsx (DEVELOPERS.md: "run with tsx"),
// so there is no build step between `npm ci` and the first command.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli.ts");
process.exitCode = await main(process.argv.slice(2));
