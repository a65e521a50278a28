import { describe, expect, it } from "vitest";
import { roles } from "@/testing/fixtures";
import { keepAllowed, roleKind, secondaryRoleOptions } from "./role-label";

const all = [roles.customer, roles.marketer, roles.superUser, roles.warehouse];

describe("role options", () => {
  it("tells customer roles from staff roles", () => {
    expect(roleKind(roles.customer)).toBe("customer");
    expect(roleKind(roles.warehouse)).toBe("staff");
  });

  it("offers as secondary roles only the other roles of the primary role's kind", () => {
    expect(secondaryRoleOptions(all, "warehouse").map((option) => option.value)).toEqual([
      "marketer",
      "super_user",
    ]);
    expect(secondaryRoleOptions(all, "customer")).toEqual([]);
  });

  it("drops chosen secondary roles that no longer fit", () => {
    expect(keepAllowed(["marketer", "customer"], secondaryRoleOptions(all, "warehouse"))).toEqual([
      "marketer",
    ]);
  });
});
