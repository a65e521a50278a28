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
import { exitsOf } from "../model/exits";
import type { CanvasEdge, CanvasNode, Graph } from "../model/graph";
import { emptyHistory, type History, record, redo, undo } from "../model/history";
import { edgeId, newNodeId } from "../model/ids";
import { layoutGraph } from "../model/layout";
import { KINDS, type NodeKind } from "../model/node-kinds";
import { downstream, makeRoom, spotAtEnd, spotBelow, spotForTrigger } from "../model/placement";

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
  /**
   * Adds a step where it continues the journey: after `from` (a step and its exit), or
   * after the selected step's first free exit; connected, below it, covering nothing.
   */
  addStep(kind: NodeKind, from?: { source: string; handle: string }): string;
  /** Puts a new step into a connection: source → new step → the old target. */
  insertOnEdge(edgeId: string, kind: NodeKind): string | null;
  /** Points an exit at a step (null: disconnects it), replacing what it led to. */
  setExitTarget(source: string, handle: string, target: string | null): void;
  updateConfig(id: string, config: unknown): void;
  updateLabel(id: string, label: string): void;
  updateSettings(settings: JourneySettings): void;
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

function newNode(
  kind: NodeKind,
  nodes: readonly CanvasNode[],
  position: { x: number; y: number },
  id = newNodeId(kind, new Set(nodes.map((n) => n.id))),
): CanvasNode {
  return {
    id,
    type: kind,
    position,
    selected: true,
    data: { label: KINDS[kind].label, config: KINDS[kind].defaults() },
  } as CanvasNode;
}

/** The exits of a step on the canvas (its kind and config decide them). */
export function exitsOfNode(
  node: Pick<CanvasNode, "type" | "data">,
  catalog: Catalog | null,
): ReturnType<typeof exitsOf> {
  return exitsOf(
    { kind: node.type, config: node.data.config } as Parameters<typeof exitsOf>[0],
    catalog,
  );
}

function makeEdge(source: string, handle: string, target: string): CanvasEdge {
  return { id: edgeId(source, handle, target), source, target, sourceHandle: handle };
}

/**
 * What a new step continues from: the selected step's first exit not yet connected (or
 * its first exit, left unconnected when all are used, so the step lands below it).
 */
export function continuation(
  state: Pick<EditorState, "nodes" | "edges" | "catalog">,
): { source: string; handle: string } | null {
  const selected = state.nodes.filter((n) => n.selected);
  const source = selected.length === 1 ? selected[0] : undefined;
  if (!source) return null;
  const exits = exitsOfNode(source, state.catalog);
  const free = exits.find((e) => !handleInUse(state.edges, source.id, e.id));
  const exit = free ?? exits[0];
  return exit ? { source: source.id, handle: exit.id } : null;
}

/** An edge already leaves `source` from `handle`: each exit has at most one edge. */
export function handleInUse(edges: readonly CanvasEdge[], source: string, handle: string): boolean {
  return edges.some((e) => e.source === source && e.sourceHandle === handle);
}

export const useEditorStore = create<EditorState & EditorActions>()((set, get) => {
  const graph = (): Graph => ({
    nodes: get().nodes,
    edges: get().edges,
    settings: get().settings,
  });
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
      const node = newNode(kind, state.nodes, position);
      change({ nodes: [...state.nodes.map((n) => ({ ...n, selected: false })), node] });
      return node.id;
    },
    addStep(kind, from) {
      const state = get();
      const after = from ?? continuation(state);
      const source = after && state.nodes.find((n) => n.id === after.source);
      let position: { x: number; y: number };
      let edges = state.edges;
      let id: string;
      if (KINDS[kind].group === "trigger") {
        // A trigger starts the journey: beside the others, connected to nothing before it.
        const triggers = state.nodes.filter((n) => KINDS[n.type]?.group === "trigger");
        position = spotForTrigger(state.nodes, triggers);
        id = newNodeId(kind, new Set(state.nodes.map((n) => n.id)));
      } else if (source && after) {
        const exits = exitsOfNode(source, state.catalog);
        const index = Math.max(
          0,
          exits.findIndex((e) => e.id === after.handle),
        );
        position = spotBelow(state.nodes, source, index, exits.length);
        id = newNodeId(kind, new Set(state.nodes.map((n) => n.id)));
        if (!handleInUse(state.edges, source.id, after.handle)) {
          edges = [...edges, makeEdge(source.id, after.handle, id)];
        }
      } else {
        position = spotAtEnd(state.nodes);
        id = newNodeId(kind, new Set(state.nodes.map((n) => n.id)));
      }
      const node = newNode(kind, state.nodes, position, id);
      change({ nodes: [...state.nodes.map((n) => ({ ...n, selected: false })), node], edges });
      return id;
    },
    insertOnEdge(edgeId, kind) {
      const state = get();
      const edge = state.edges.find((e) => e.id === edgeId);
      const target = edge && state.nodes.find((n) => n.id === edge.target);
      if (!edge || !target || KINDS[kind].group === "trigger") return null;
      const id = newNodeId(kind, new Set(state.nodes.map((n) => n.id)));
      const at = { x: target.position.x, y: target.position.y };
      // The path from the old target on moves down a card, to make room.
      const moved = makeRoom(state.nodes, downstream(state.edges, target.id), at);
      const node = newNode(kind, state.nodes, at, id);
      const first = exitsOf(
        { kind, config: node.data.config } as Parameters<typeof exitsOf>[0],
        state.catalog,
      )[0];
      const edges = state.edges.filter((e) => e.id !== edgeId);
      edges.push(makeEdge(edge.source, edge.sourceHandle, id));
      if (first) edges.push(makeEdge(id, first.id, target.id));
      change({ nodes: [...moved.map((n) => ({ ...n, selected: false })), node], edges });
      return id;
    },
    setExitTarget(source, handle, target) {
      const state = get();
      if (state.readOnly || source === target) return;
      const current = state.edges.find((e) => e.source === source && e.sourceHandle === handle);
      if ((current?.target ?? null) === target) return;
      const edges = state.edges.filter((e) => e !== current);
      if (target) edges.push(makeEdge(source, handle, target));
      change({ edges });
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
    updateSettings(settings) {
      if (JSON.stringify(get().settings ?? {}) === JSON.stringify(settings)) return;
      change({ settings }, "settings");
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
