import { Menu, ScrollArea } from "@mantine/core";
import type { ReactNode } from "react";
import { exitsOf } from "../../model/exits";
import { GROUPS, KINDS, kindsOfGroup, type NodeKind } from "../../model/node-kinds";

/** Kinds a step in the middle of a path can be: not triggers; with `needsExit`, only
 * those that lead on (an end or a goal would cut the path). */
export function insertableKinds(needsExit: boolean): NodeKind[] {
  return GROUPS.filter((g) => g.id !== "trigger")
    .flatMap((g) => kindsOfGroup(g.id))
    .filter(
      (kind) =>
        !needsExit ||
        exitsOf({ kind, config: KINDS[kind].defaults() } as Parameters<typeof exitsOf>[0]).length >
          0,
    );
}

/**
 * The "+" that adds a step right here: on a free exit (the step continues from it) or on
 * a connection (the step goes in between). A Mantine menu, so it works by keyboard too.
 */
export function AddStepMenu(props: {
  label: string;
  needsExit?: boolean;
  onPick: (kind: NodeKind) => void;
  children: ReactNode;
}) {
  const kinds = insertableKinds(props.needsExit ?? false);
  return (
    <Menu position="bottom" withinPortal shadow="md" width={220} trapFocus>
      <Menu.Target>{props.children}</Menu.Target>
      <Menu.Dropdown aria-label={props.label}>
        <ScrollArea.Autosize mah={360} type="auto">
          {GROUPS.filter((g) => g.id !== "trigger").map((group) => {
            const items = kinds.filter((k) => KINDS[k].group === group.id);
            if (!items.length) return null;
            return (
              <div key={group.id}>
                <Menu.Label>{group.label}</Menu.Label>
                {items.map((kind) => (
                  <Menu.Item
                    key={kind}
                    leftSection={<span aria-hidden>{KINDS[kind].icon}</span>}
                    onClick={() => props.onPick(kind)}
                  >
                    {KINDS[kind].label}
                  </Menu.Item>
                ))}
              </div>
            );
          })}
        </ScrollArea.Autosize>
      </Menu.Dropdown>
    </Menu>
  );
}
