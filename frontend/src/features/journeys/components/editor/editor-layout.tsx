import { Badge, Box, Tabs } from "@mantine/core";
import type { ReactNode } from "react";
import { useEditorStore } from "../../store/editor-store";
import type { ApiCatalog } from "../../types";
import { Canvas } from "./canvas";
import classes from "./editor-layout.module.css";
import { Inspector } from "./inspector";
import { Palette } from "./palette";
import { ProblemsPanel } from "./problems-panel";

interface EditorLayoutProps {
  toolbar: ReactNode;
  banner?: ReactNode;
  catalog: ApiCatalog | null;
  showPalette: boolean;
}

/** Toolbar on top; palette, canvas and the inspector / problems side by side. */
export function EditorLayout({ toolbar, banner, catalog, showPalette }: EditorLayoutProps) {
  const problemCount = useEditorStore((s) => s.problems.length);
  return (
    <div className={classes.root}>
      <div className={classes.toolbar}>{toolbar}</div>
      {banner}
      <div className={classes.body} data-palette={showPalette}>
        {showPalette && (
          <aside className={classes.palette} aria-label="Palette">
            <Palette />
          </aside>
        )}
        <section className={classes.canvas} aria-label="Canvas">
          <Canvas />
        </section>
        <aside className={classes.side} aria-label="Step details">
          <Tabs defaultValue="inspector" keepMounted={false} className={classes.tabs}>
            <Tabs.List>
              <Tabs.Tab value="inspector">Inspector</Tabs.Tab>
              <Tabs.Tab
                value="problems"
                rightSection={
                  problemCount > 0 ? (
                    <Badge size="xs" color="red" circle>
                      {problemCount}
                    </Badge>
                  ) : null
                }
              >
                Problems
              </Tabs.Tab>
            </Tabs.List>
            <Box className={classes.panel}>
              <Tabs.Panel value="inspector" h="100%">
                <Inspector catalog={catalog} />
              </Tabs.Panel>
              <Tabs.Panel value="problems" h="100%">
                <ProblemsPanel />
              </Tabs.Panel>
            </Box>
          </Tabs>
        </aside>
      </div>
    </div>
  );
}
