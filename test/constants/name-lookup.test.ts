/** constantName and flagNames: the name of a value within a group of constants. */
import { describe, expect, it } from "vitest";
import {
  constantName,
  FD_EVENTS,
  flagNames,
  IOCTL_COMMANDS,
  IP_LEVEL_OPTIONS,
  LEVELS,
  MSG_FLAGS,
  POLL_FLAGS,
  PROTOCOLS,
  SOL_SOCKET_OPTIONS,
  TCP_OPTIONS,
} from "../../src/index.js";

describe("constantName", () => {
  it("names a value by its group", () => {
    expect(constantName(LEVELS, 0xffff)).toBe("SOL_SOCKET");
    expect(constantName(TCP_OPTIONS, 1)).toBe("TCP_NODELAY");
    expect(constantName(SOL_SOCKET_OPTIONS, 1)).toBe("SO_DEBUG");
    expect(constantName(IP_LEVEL_OPTIONS, 1)).toBe("IP_OPTIONS");
  });

  it("gives the group's first name where two names share a value", () => {
    expect(constantName(PROTOCOLS, 0)).toBe("IPPROTO_IP");
    expect(constantName(TCP_OPTIONS, 3)).toBe("TCP_KEEPALIVE");
    expect(constantName(SOL_SOCKET_OPTIONS, 0x2005)).toBe("SO_PROTOCOL_INFOW");
  });

  it("matches the 32 bits, whether the value comes signed or unsigned", () => {
    expect(constantName(SOL_SOCKET_OPTIONS, -129)).toBe("SO_DONTLINGER");
    expect(constantName(SOL_SOCKET_OPTIONS, 0xffffff7f)).toBe("SO_DONTLINGER");
    expect(constantName(IOCTL_COMMANDS, 0x8004667e | 0)).toBe("FIONBIO");
  });

  it("names nothing for values outside the group or outside 32 bits", () => {
    expect(constantName(LEVELS, 7)).toBeUndefined();
    expect(constantName(TCP_OPTIONS, 1 + 2 ** 32)).toBeUndefined();
    expect(constantName(TCP_OPTIONS, 1.5)).toBeUndefined();
    expect(constantName(TCP_OPTIONS, Number.NaN)).toBeUndefined();
  });
});

describe("flagNames", () => {
  it("joins the names of the bits set, in group order", () => {
    expect(flagNames(FD_EVENTS, FD_EVENTS.FD_CLOSE | FD_EVENTS.FD_READ)).toBe("FD_READ|FD_CLOSE");
    expect(flagNames(MSG_FLAGS, MSG_FLAGS.MSG_PEEK)).toBe("MSG_PEEK");
  });

  it("prefers a name that covers several bits when it fits", () => {
    expect(flagNames(FD_EVENTS, 0x3ff)).toBe("FD_ALL_EVENTS");
    expect(flagNames(POLL_FLAGS, 0x301)).toBe("POLLERR|POLLIN");
    expect(flagNames(POLL_FLAGS, 0x100)).toBe("POLLRDNORM");
  });

  it("prints bits no name covers as one hex term, and 0 as 0", () => {
    expect(flagNames(MSG_FLAGS, MSG_FLAGS.MSG_OOB | 0x100 | 0x40)).toBe("MSG_OOB|0x140");
    expect(flagNames(FD_EVENTS, 0x80000000)).toBe("0x80000000");
    expect(flagNames(FD_EVENTS, -1)).toBe("FD_ALL_EVENTS|0xfffffc00");
    expect(flagNames(FD_EVENTS, 0)).toBe("0");
  });

  it("prints a number no flags parameter can hold as that number", () => {
    expect(flagNames(FD_EVENTS, 2 ** 40)).toBe(String(2 ** 40));
    expect(flagNames(FD_EVENTS, 0.5)).toBe("0.5");
  });
});
