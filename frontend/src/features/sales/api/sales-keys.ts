export const salesKeys = {
  all: () => ["sales"] as const,
  projects: () => ["sales", "projects"] as const,
  project: (id: string) => ["sales", "projects", id] as const,
  cards: (projectId: string, filters: Record<string, string | boolean | undefined>) =>
    ["sales", "projects", projectId, "cards", filters] as const,
  card: (id: string) => ["sales", "cards", id] as const,
  people: () => ["sales", "people"] as const,
  processes: () => ["sales", "processes"] as const,
  runs: (processId: string) => ["sales", "processes", processId, "runs"] as const,
  moves: (processId: string) => ["sales", "processes", processId, "moves"] as const,
};
