import { createContext, useContext } from "react";

export type SideTab = "inspector" | "problems" | "test";

/** Switches the editor's side panel (a problem opens the inspector on its step). */
export const SidePanelContext = createContext<(tab: SideTab) => void>(() => undefined);

export const useSidePanel = () => useContext(SidePanelContext);
