/**
 * The editor's one small store: the canvas graph, its undo history, the clipboard and the
 * latest problems. Components read it through selectors; the server state (the journey,
 * its revision) stays in TanStack Query and the save hook.
 */
import {
  addEdge,
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
} from "@xyflow/react";
import { create } from "zustand";
import type { JourneyDefinition, JourneySettings } from "@/types/generated/journey";
import type { Catalog } from "@/types/generated/journey-catalog";
import type { Problem } from "@/types/generated/journey-problems";
import { copySelection, pasteGraph } from "../model/clipboard";
import { definitionToGraph } from "../model/conversion";
import type { CanvasEdge, CanvasNode, Graph } from "../model/graph";
import { emptyHistory, type History, record, redo, undo } from "../model/history";
import { edgeId, newNodeId } from "../model/ids";
import { layoutGraph } from "../model/layout";
import { KINDS, type NodeKind } from "../model/node-kinds";

export interface EditorState {
  nodes: CanvasNode[];
  edges: CanvasEdge[];
  settings: JourneySettings | undefined;
  readOnly: boolean;
  problems: Problem[];
  catalog: Catalog | null;
  history: History;
  clipboard: Graph | null;
  /** Bumped on every change to the definition; the autosave watches it. */
  changeCount: number;
  dragging: boolean;
}

export interface EditorActions {
  load(definition: JourneyDefinition | null | undefined, options?: { readOnly?: boolean }): void;
  /** Puts a kept copy on the canvas as one undoable change (so the autosave takes it). */
  restore(definition: JourneyDefinition): void;
  setProblems(problems: Problem[]): void;
  setCatalog(catalog: Catalog | null): void;
  onNodesChange(changes: NodeChange<CanvasNode>[]): void;
  onEdgesChange(changes: EdgeChange<CanvasEdge>[]): void;
  /** Connects an exit to a node; false when that exit already has its one edge. */
  connect(connection: Connection): boolean;
  addNode(kind: NodeKind, position: { x: number; y: number }): string;
  updateConfig(id: string, config: unknown): void;
  updateLabel(id: string, label: string): void;
  select(id: string | null): void;
  deleteSelected(): void;
  undo(): void;
  redo(): void;
  copy(): void;
  paste(): void;
  autoLayout(): void;
}

const initial: EditorState = {
  nodes: [],
  edges: [],
  settings: undefined,
  readOnly: false,
  problems: [],
  catalog: null,
  history: emptyHistory(),
  clipboard: null,
  changeCount: 0,
  dragging: false,
};

/** An edge already leaves `source` from `handle`: each exit has at most one edge. */
export function handleInUse(edges: readonly CanvasEdge[], source: string, handle: string): boolean {
  return edges.some((e) => e.source === source && e.sourceHandle === handle);
}

export const useEditorStore = create<EditorState & EditorActions>()((set, get) => {
  const graph = (): Graph => ({ nodes: get().nodes, edges: get().edges });
  /** Applies a change to the definition: one undo step, and a bump for the autosave. */
  const change = (next: Partial<EditorState>, coalesceKey: string | null = null) => {
    const state = get();
    if (state.readOnly) return;
    set({
      ...next,
      history: record(state.history, graph(), coalesceKey),
      changeCount: state.changeCount + 1,
    });
  };
  const travel = (step: typeof undo) => {
    const state = get();
    if (state.readOnly) return;
    const moved = step(state.history, graph());
    if (!moved) return;
    set({ ...moved.graph, history: moved.history, changeCount: state.changeCount + 1 });
  };

  return {
    ...initial,
    load(definition, options) {
      set({
        ...initial,
        catalog: get().catalog,
        ...definitionToGraph(definition),
        settings: definition?.settings,
        readOnly: options?.readOnly ?? false,
      });
    },
    restore(definition) {
      change({ ...definitionToGraph(definition), settings: definition.settings });
    },
    setProblems: (problems) => set({ problems }),
    setCatalog: (catalog) => set({ catalog }),
    onNodesChange(changes) {
      const state = get();
      const readOnly = state.readOnly;
      const kept = readOnly ? changes.filter((c) => c.type === "select") : changes;
      const nodes = applyNodeChanges(kept, state.nodes);
      const removes = kept.some((c) => c.type === "remove");
      const moves = kept.filter((c) => c.type === "position");
      const dragStart = moves.some((c) => c.dragging) && !state.dragging;
      const dragEnd = moves.some((c) => c.dragging === false) && state.dragging;
      if (removes) {
        const gone = new Set(kept.flatMap((c) => (c.type === "remove" ? [c.id] : [])));
        const edges = state.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target));
        change({ nodes, edges });
      } else if (dragStart) {
        // The undo step is the graph before the drag; the save waits for the drop.
        set({ nodes, dragging: true, history: record(state.history, graph()) });
      } else if (dragEnd) {
        set({ nodes, dragging: false, changeCount: state.changeCount + 1 });
      } else {
        set({ nodes });
      }
    },
    onEdgesChange(changes) {
      const state = get();
      const kept = state.readOnly ? changes.filter((c) => c.type === "select") : changes;
      const edges = applyEdgeChanges(kept, state.edges) as CanvasEdge[];
      if (kept.some((c) => c.type === "remove")) change({ edges });
      else set({ edges });
    },
    connect(connection) {
      const state = get();
      const handle = connection.sourceHandle;
      if (state.readOnly || !handle || connection.source === connection.target) return false;
      if (handleInUse(state.edges, connection.source, handle)) return false;
      const edge: CanvasEdge = {
        id: edgeId(connection.source, handle, connection.target),
        source: connection.source,
        target: connection.target,
        sourceHandle: handle,
      };
      change({ edges: addEdge(edge, state.edges) as CanvasEdge[] });
      return true;
    },
    addNode(kind, position) {
      const state = get();
      const id = newNodeId(kind, new Set(state.nodes.map((n) => n.id)));
      const node = {
        id,
        type: kind,
        position,
        selected: true,
        data: { label: KINDS[kind].label, config: KINDS[kind].defaults() },
      } as CanvasNode;
      change({ nodes: [...state.nodes.map((n) => ({ ...n, selected: false })), node] });
      return id;
    },
    updateConfig(id, config) {
      const current = get().nodes.find((n) => n.id === id);
      if (!current || JSON.stringify(current.data.config) === JSON.stringify(config)) return;
      change(
        {
          nodes: get().nodes.map((n) =>
            n.id === id ? ({ ...n, data: { ...n.data, config } } as CanvasNode) : n,
          ),
        },
        `config:${id}`,
      );
    },
    updateLabel(id, label) {
      if (get().nodes.find((n) => n.id === id)?.data.label === label) return;
      change(
        {
          nodes: get().nodes.map((n) =>
            n.id === id ? ({ ...n, data: { ...n.data, label } } as CanvasNode) : n,
          ),
        },
        `label:${id}`,
      );
    },
    select(id) {
      set({
        nodes: get().nodes.map((n) => ({ ...n, selected: n.id === id })),
        edges: get().edges.map((e) => ({ ...e, selected: false })),
      });
    },
    deleteSelected() {
      const state = get();
      const gone = new Set(state.nodes.filter((n) => n.selected).map((n) => n.id));
      const edges = state.edges.filter(
        (e) => !e.selected && !gone.has(e.source) && !gone.has(e.target),
      );
      if (gone.size === 0 && edges.length === state.edges.length) return;
      change({ nodes: state.nodes.filter((n) => !gone.has(n.id)), edges });
    },
    undo: () => travel(undo),
    redo: () => travel(redo),
    copy() {
      const clipboard = copySelection(get().nodes, get().edges);
      if (clipboard.nodes.length > 0) set({ clipboard });
    },
    paste() {
      const { clipboard, nodes, edges } = get();
      if (!clipboard) return;
      const pasted = pasteGraph(clipboard, new Set(nodes.map((n) => n.id)));
      change({
        nodes: [...nodes.map((n) => ({ ...n, selected: false })), ...pasted.nodes],
        edges: [...edges, ...pasted.edges],
      });
      // The next paste lands further along, not on top of this one.
      set({ clipboard: pasted });
    },
    autoLayout() {
      change({ nodes: layoutGraph(get().nodes, get().edges) });
    },
  };
});

export function selectedNode(state: EditorState): CanvasNode | undefined {
  const selected = state.nodes.filter((n) => n.selected);
  return selected.length === 1 ? selected[0] : undefined;
}
