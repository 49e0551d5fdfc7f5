/**
 * The option engine's contracts with the rest of the kernel, which no Winsock call can break: a
 * socket option needs a socket record, and optionValue answers only for the scalar option keys.
 */
import { describe, expect, it } from "vitest";
import { SOL_SOCKET_OPTIONS as SO, SOL_SOCKET } from "../../../src/constants/values.js";
import { optionValue } from "../../../src/kernel/options/index.js";
import { get, readBack, set, tcp4 } from "./harness.js";

describe("a socket option without a socket", () => {
  it("getOption throws for any option but SO_OPENTYPE", () => {
    expect(() => get(null, SOL_SOCKET, SO.SO_RCVBUF)).toThrow(
      "kernel invariant: getOption needs a socket",
    );
    expect(readBack(get(null, SOL_SOCKET, SO.SO_OPENTYPE))).toBe(0);
  });

  it("setOption throws for any option but SO_OPENTYPE", () => {
    expect(() => set(null, SOL_SOCKET, SO.SO_RCVBUF, 4096)).toThrow(
      "kernel invariant: setOption needs a socket",
    );
    expect(set(null, SOL_SOCKET, SO.SO_OPENTYPE, 0x100).ok).toBe(true);
  });
});

describe("optionValue", () => {
  it.each(["SO_NOPE", "SO_OPENTYPE", "SO_PROTOCOL_INFOA", "SO_BSP_STATE", "IP_OPTIONS"])(
    'throws for "%s", which is no socket option value',
    (key) => {
      expect(() => optionValue(tcp4(), key)).toThrow(
        `kernel invariant: no socket option value "${key}"`,
      );
    },
  );

  it("answers the two linger fields SO_LINGER stores (OPT-LINGER)", () => {
    const socket = tcp4();
    expect(optionValue(socket, "SO_LINGER.l_onoff")).toBe(0);
    expect(optionValue(socket, "SO_LINGER.l_linger")).toBe(0);
    // struct linger { u_short l_onoff = 1; u_short l_linger = 5; } as little-endian bytes.
    expect(set(socket, SOL_SOCKET, SO.SO_LINGER, 1 | (5 << 16)).ok).toBe(true);
    expect(optionValue(socket, "SO_LINGER.l_onoff")).toBe(1);
    expect(optionValue(socket, "SO_LINGER.l_linger")).toBe(5);
  });
});
