/**
 * A minimal JSON Schema (draft 2020-12) validator for docs/scenario.schema.json, used by the
 * schema test and by the playground's editor (so it runs in a browser: no node: imports).
 *
 * It implements only the keywords that schema uses, and refuses any other keyword, so the schema
 * cannot quietly rely on one it does not check.
 */

export type Schema = boolean | { readonly [keyword: string]: unknown };

/** Where a failing value sits: property names and array indices from the document's root. */
export type SchemaPath = readonly (string | number)[];

export interface SchemaError {
  readonly path: SchemaPath;
  /** What failed, without the path ("expected string, got number"). */
  readonly message: string;
  /** The failure is an object's property that is not allowed: its key, not its value, is wrong. */
  readonly key?: boolean;
}

const ANNOTATIONS = new Set(["$schema", "$id", "$comment", "title", "description", "$defs"]);
const ASSERTIONS = new Set([
  "type",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "anyOf",
  "enum",
  "minLength",
  "minItems",
  "maxProperties",
  "not",
  "$ref",
]);

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function hasType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === "number" && actual === "integer");
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeOf(value) === "object";
}

/** A path as text: "$", "$.steps[3].call". */
export function pathText(path: SchemaPath): string {
  return `$${path.map((part) => (typeof part === "number" ? `[${part}]` : `.${part}`)).join("")}`;
}

/** An error as one line, "path: what failed". */
export function errorText(error: SchemaError): string {
  return `${pathText(error.path)}: ${error.message}`;
}

/** Errors of `value` against `root`, with their paths; [] when it is valid. */
export function schemaErrors(root: Schema, value: unknown): SchemaError[] {
  function resolve(ref: string): Schema {
    if (!ref.startsWith("#/")) throw new Error(`unsupported $ref ${ref} (only local #/... refs)`);
    let node: unknown = root;
    for (const part of ref.slice(2).split("/")) {
      if (!isPlainObject(node) || !(part in node)) throw new Error(`unresolvable $ref ${ref}`);
      node = node[part];
    }
    return node as Schema;
  }

  function check(schema: Schema, data: unknown, path: SchemaPath, out: SchemaError[]): void {
    if (schema === true) return;
    if (schema === false) {
      out.push({ path, message: "not allowed" });
      return;
    }
    for (const keyword of Object.keys(schema)) {
      if (!ANNOTATIONS.has(keyword) && !ASSERTIONS.has(keyword))
        throw new Error(`the validator does not implement "${keyword}" (at ${pathText(path)})`);
    }
    if (schema.$ref !== undefined) check(resolve(schema.$ref as string), data, path, out);
    if (schema.type !== undefined) {
      const types = Array.isArray(schema.type) ? schema.type : [schema.type];
      if (!types.some((t) => hasType(data, t as string)))
        out.push({ path, message: `expected ${types.join(" or ")}, got ${typeOf(data)}` });
    }
    if (schema.enum !== undefined) {
      const options = schema.enum as unknown[];
      if (!options.some((o) => JSON.stringify(o) === JSON.stringify(data)))
        out.push({ path, message: `${JSON.stringify(data)} is not one of the allowed values` });
    }
    if (schema.minLength !== undefined && typeof data === "string") {
      if ([...data].length < (schema.minLength as number))
        out.push({ path, message: `shorter than ${schema.minLength}` });
    }
    if (schema.minItems !== undefined && Array.isArray(data)) {
      if (data.length < (schema.minItems as number))
        out.push({ path, message: `fewer than ${schema.minItems} items` });
    }
    if (schema.maxProperties !== undefined && isPlainObject(data)) {
      if (Object.keys(data).length > (schema.maxProperties as number))
        out.push({ path, message: `more than ${schema.maxProperties} properties` });
    }
    if (schema.not !== undefined) {
      const inner: SchemaError[] = [];
      check(schema.not as Schema, data, path, inner);
      if (inner.length === 0) out.push({ path, message: "matches a form it must not match" });
    }
    if (schema.anyOf !== undefined) {
      const branches = schema.anyOf as Schema[];
      const failures = branches.map((branch) => {
        const branchErrors: SchemaError[] = [];
        check(branch, data, path, branchErrors);
        return branchErrors;
      });
      if (failures.every((f) => f.length > 0)) {
        const firsts = failures.map((f) => errorText(f[0] as SchemaError));
        out.push({ path, message: `matches none of anyOf (${firsts.join("; ")})` });
      }
    }
    if (isPlainObject(data)) {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      for (const name of (schema.required ?? []) as string[]) {
        if (!(name in data)) out.push({ path, message: `missing required "${name}"` });
      }
      for (const [name, item] of Object.entries(data)) {
        const where = [...path, name];
        const property = properties[name];
        if (property !== undefined) check(property, item, where, out);
        else if (schema.additionalProperties === false)
          out.push({ path: where, message: "not an allowed property", key: true });
        else if (schema.additionalProperties !== undefined)
          check(schema.additionalProperties as Schema, item, where, out);
      }
    }
    if (Array.isArray(data) && schema.items !== undefined) {
      data.forEach((item, i) => {
        check(schema.items as Schema, item, [...path, i], out);
      });
    }
  }

  const errors: SchemaError[] = [];
  check(root, value, [], errors);
  return errors;
}

/** Errors of `value` against `root`, each "path: what failed"; [] when it is valid. */
export function validate(root: Schema, value: unknown): string[] {
  return schemaErrors(root, value).map(errorText);
}
