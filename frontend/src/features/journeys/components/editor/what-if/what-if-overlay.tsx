import { UnstyledButton } from "@mantine/core";
import { createContext, useContext } from "react";
import type { WhatIfResult } from "@/types/generated/what-if-api";
import { formatCount } from "../../../model/stats";
import { difference, nodeWhatIf } from "./model";
import classes from "./what-if.module.css";

/** A number to list the contacts of: the bucket, which side, and its words. */
export interface Drill {
  bucket: string;
  side: "draft" | "live";
  title: string;
}

export interface WhatIfOverlay {
  result: WhatIfResult;
  drill: (drill: Drill) => void;
}

/** The what-if shown on the canvas; null shows none. */
export const WhatIfOverlayContext = createContext<WhatIfOverlay | null>(null);

function Count({ value, drill, label }: { value: number; drill: Drill; label: string }) {
  const overlay = useContext(WhatIfOverlayContext);
  return (
    <UnstyledButton
      className={`nodrag ${classes.count}`}
      aria-label={label}
      title={label}
      onClick={(event) => {
        event.stopPropagation();
        overlay?.drill(drill);
      }}
    >
      {formatCount(value)}
    </UnstyledButton>
  );
}

/** The lines a node card shows while a what-if is on the canvas: the draft's number of
 * contacts at the step and down each exit, next to the live version's. */
export function WhatIfNodeLine({ nodeId, exitIds }: { nodeId: string; exitIds: string[] }) {
  const overlay = useContext(WhatIfOverlayContext);
  const numbers = nodeWhatIf(overlay?.result, nodeId, exitIds);
  if (!numbers) return null;
  const at = `“${numbers.label}”`;
  return (
    <div className={classes.node} data-testid="what-if-node">
      <div className={classes.row}>
        <span className={classes.head}>What-if</span>
        <span>
          draft{" "}
          <Count
            value={numbers.draft}
            drill={{ bucket: `node:${nodeId}`, side: "draft", title: `Draft: brought to ${at}` }}
            label={`${numbers.draft} contacts the draft brought to ${at}: list them`}
          />
        </span>
        <span>
          live{" "}
          <Count
            value={numbers.live}
            drill={{ bucket: `node:${nodeId}`, side: "live", title: `Live: brought to ${at}` }}
            label={`${numbers.live} contacts the live version brought to ${at}: list them`}
          />
        </span>
        <span className={classes.diff} data-testid="what-if-diff">
          {difference(numbers.draft, numbers.live)}
        </span>
      </div>
      {numbers.exits
        .filter((exit) => exit.draft > 0 || exit.live > 0)
        .map((exit) => (
          <div key={exit.id} className={classes.row}>
            <span className={classes.exit}>→ {exit.id}</span>
            <Count
              value={exit.draft}
              drill={{
                bucket: `exit:${nodeId}:${exit.id}`,
                side: "draft",
                title: `Draft: ${at} → ${exit.id}`,
              }}
              label={`${exit.draft} contacts the draft sent from ${at} down “${exit.id}”: list them`}
            />
            <span aria-hidden>/</span>
            <Count
              value={exit.live}
              drill={{
                bucket: `exit:${nodeId}:${exit.id}`,
                side: "live",
                title: `Live: ${at} → ${exit.id}`,
              }}
              label={`${exit.live} contacts the live version sent from ${at} down “${exit.id}”: list them`}
            />
          </div>
        ))}
      {numbers.waiting > 0 && (
        <div className={classes.row}>
          <span className={classes.exit}>still waiting at the end</span>
          <Count
            value={numbers.waiting}
            drill={{
              bucket: `waiting:${nodeId}`,
              side: "draft",
              title: `Draft: still waiting at ${at}`,
            }}
            label={`${numbers.waiting} contacts still waiting at ${at} when the period ended: list them`}
          />
        </div>
      )}
    </div>
  );
}
