#!/usr/bin/env node
import { main } from "./commands.js";

process.exitCode = await main(
  process.argv.slice(2),
  (line) => console.log(line),
  process.stdout.isTTY === true && process.env.NO_COLOR === undefined,
);
