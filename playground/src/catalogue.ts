/**
 * The one place the playground takes the rules catalogue from (src/rules/catalogue.ts reads a
 * generated module, src/rules/catalogue-data.ts, and needs no node: import).
 */
export { rule } from "../../src/rules/catalogue.js";
