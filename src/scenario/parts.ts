/**
 * Parts of values: "$info.iAddressFamily" reads a field of a saved WSAPROTOCOL_INFO,
 * "$addr.port" the port of a saved address; { "from": "$addr", "port": 0 } is that address with
 * its port (or host) replaced. Real test suites build the next call from the last one's result
 * this way (WSASocket with the family of a duplicated structure, bind to a peer's host).
 */

import { STRUCT_SIZES } from "../constants/values.js";
import { decodeProtocolInfo, formatEndpoint, parseEndpoint } from "../kernel/index.js";
import { toNumber, ValueError } from "./values.js";

/**
 * A value as an object of fields, or undefined when it has none. Saved WSAPROTOCOL_INFO bytes
 * are decoded by their size (the A form is 372 bytes, the W form 628), so "$info.iProtocol" reads
 * the same whichever call saved it; an address string has host and port.
 */
function fieldsOf(value: unknown): Record<string, unknown> | undefined {
  if (value instanceof Uint8Array) {
    if (value.length === STRUCT_SIZES.WSAPROTOCOL_INFOA)
      return { ...decodeProtocolInfo(value, "A") };
    if (value.length === STRUCT_SIZES.WSAPROTOCOL_INFOW)
      return { ...decodeProtocolInfo(value, "W") };
    return undefined;
  }
  if (typeof value === "string") {
    const endpoint = parseEndpoint(value);
    return endpoint === undefined ? undefined : { host: endpoint.address, port: endpoint.port };
  }
  if (typeof value === "object" && value !== null && !Array.isArray(value))
    return value as Record<string, unknown>;
  return undefined;
}

function describe(value: unknown): string {
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (value === undefined) return "absent";
  return JSON.stringify(value);
}

/** The part `path` ("iAddressFamily", "ProtocolChain.ChainLen") of `value`, saved as `name`. */
export function partOf(name: string, value: unknown, path: readonly string[]): unknown {
  let current = value;
  let reached = name;
  for (const field of path) {
    const fields = fieldsOf(current);
    if (fields === undefined)
      throw new ValueError(
        `"$${reached}" is ${describe(current)}, which has no fields (expected a saved WSAPROTOCOL_INFO, address or structure)`,
      );
    if (!Object.hasOwn(fields, field))
      throw new ValueError(
        `"$${reached}" has no field "${field}" (it has ${Object.keys(fields).join(", ")})`,
      );
    current = fields[field];
    reached = `${reached}.${field}`;
  }
  return current;
}

const ADDRESS_KEYS = new Set(["from", "host", "port"]);

/**
 * An address written as { "from": ADDRESS, "host"?: TEXT, "port"?: NUMBER }: ADDRESS (a string,
 * usually a saved "$addr", already resolved) with the parts given replaced, as text.
 */
export function changedAddress(value: Record<string, unknown>): string {
  for (const key of Object.keys(value)) {
    if (!ADDRESS_KEYS.has(key))
      throw new ValueError(
        `an address object has no field "${key}" (expected from, and host or port)`,
      );
  }
  const from = value.from;
  const endpoint = typeof from === "string" ? parseEndpoint(from) : undefined;
  if (endpoint === undefined)
    throw new ValueError(
      `"from" must be an address such as "127.0.0.1:80" or a saved "$addr", got ${describe(from)}`,
    );
  let address = endpoint.address;
  if (value.host !== undefined) {
    if (typeof value.host !== "string")
      throw new ValueError(`"host" must be a string, got ${describe(value.host)}`);
    // The host is checked by parsing it with a port, in the family of the original address.
    const bracketed = value.host.includes(":") ? `[${value.host}]:0` : `${value.host}:0`;
    const parsed = parseEndpoint(bracketed);
    if (parsed === undefined || parsed.family !== endpoint.family)
      throw new ValueError(
        `"host" must be an address of the same family as "from" (${endpoint.address}), got ${describe(value.host)}`,
      );
    address = parsed.address;
  }
  let port = endpoint.port;
  if (value.port !== undefined) {
    port = toNumber(value.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new ValueError(`"port" must be from 0 to 65535, got ${describe(value.port)}`);
  }
  return formatEndpoint({ family: endpoint.family, address, port });
}
