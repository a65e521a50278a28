import { ActionIcon, Badge, Box, Tabs, Tooltip } from "@mantine/core";
import { useLocalStorage } from "@mantine/hooks";
import { type ReactNode, useState } from "react";
import { useEditorStore } from "../../store/editor-store";
import type { ApiCatalog } from "../../types";
import { Canvas } from "./canvas";
import classes from "./editor-layout.module.css";
import { Inspector } from "./inspector";
import { Palette } from "./palette";
import { ProblemsPanel } from "./problems-panel";
import { SidePanelContext, type SideTab } from "./side-panel";
import { StartFromTemplate } from "./start-from-template";

interface EditorLayoutProps {
  toolbar: ReactNode;
  banner?: ReactNode;
  catalog: ApiCatalog | null;
  showPalette: boolean;
  /** The Test tab's content (the draft editor's test panel); no tab without it. */
  testPanel?: ReactNode;
  /** Replaces the inspector and problems (a path view's own panel), with its name. */
  side?: { label: string; content: ReactNode };
}

/** Toolbar on top; palette (collapsible), canvas and the inspector / problems side by side. */
export function EditorLayout({
  toolbar,
  banner,
  catalog,
  showPalette,
  testPanel,
  side,
}: EditorLayoutProps) {
  const errors = useEditorStore((s) => s.problems.filter((p) => p.severity !== "warning").length);
  const warnings = useEditorStore((s) => s.problems.filter((p) => p.severity === "warning").length);
  const [tab, setTab] = useState<SideTab>("inspector");
  const [templates, setTemplates] = useState(false);
  // Kept per browser: someone who folds the palette away wants it folded next time too.
  const [folded, setFolded] = useLocalStorage({
    key: "waymark.editor.palette-folded",
    defaultValue: false,
  });
  const total = errors + warnings;
  return (
    <SidePanelContext.Provider value={setTab}>
      <div className={classes.root}>
        <div className={classes.toolbar}>{toolbar}</div>
        {banner}
        <div
          className={classes.body}
          data-palette={showPalette ? (folded ? "folded" : "open") : "none"}
          data-side={tab === "test" ? "wide" : undefined}
        >
          {showPalette && (
            <aside className={classes.palette} aria-label="Palette">
              <Tooltip label={folded ? "Show the step names" : "Fold the palette"} position="right">
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="sm"
                  className={classes.fold}
                  aria-label={folded ? "Unfold the palette" : "Fold the palette"}
                  aria-expanded={!folded}
                  onClick={() => setFolded(!folded)}
                >
                  {folded ? "»" : "«"}
                </ActionIcon>
              </Tooltip>
              <Palette folded={folded} />
            </aside>
          )}
          <section className={classes.canvas} aria-label="Canvas">
            <Canvas onStartFromTemplate={showPalette ? () => setTemplates(true) : undefined} />
          </section>
          {side ? (
            <aside className={classes.side} aria-label={side.label}>
              <Box className={classes.panel}>{side.content}</Box>
            </aside>
          ) : (
            <aside className={classes.side} aria-label="Step details">
              <Tabs
                value={tab}
                onChange={(value) => setTab((value as SideTab) ?? "inspector")}
                keepMounted={false}
                className={classes.tabs}
              >
                <Tabs.List>
                  <Tabs.Tab value="inspector">Inspector</Tabs.Tab>
                  <Tabs.Tab
                    value="problems"
                    aria-label={`Problems: ${errors} to fix, ${warnings} warning${warnings === 1 ? "" : "s"}`}
                    rightSection={
                      total > 0 ? (
                        <Badge
                          size="sm"
                          color={errors > 0 ? "red" : "yellow"}
                          c={errors > 0 ? undefined : "dark"}
                          circle
                          data-testid="problem-count"
                        >
                          {total}
                        </Badge>
                      ) : null
                    }
                  >
                    Problems
                  </Tabs.Tab>
                  {testPanel && <Tabs.Tab value="test">Test</Tabs.Tab>}
                </Tabs.List>
                <Box className={classes.panel}>
                  <Tabs.Panel value="inspector" h="100%">
                    <Inspector catalog={catalog} />
                  </Tabs.Panel>
                  <Tabs.Panel value="problems" h="100%">
                    <ProblemsPanel />
                  </Tabs.Panel>
                  {testPanel && (
                    <Tabs.Panel value="test" h="100%">
                      {testPanel}
                    </Tabs.Panel>
                  )}
                </Box>
              </Tabs>
            </aside>
          )}
        </div>
      </div>
      <StartFromTemplate opened={templates} onClose={() => setTemplates(false)} />
    </SidePanelContext.Provider>
  );
}
