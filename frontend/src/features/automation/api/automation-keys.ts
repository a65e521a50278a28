export const automationKeys = {
  notifications: () => ["automation", "notifications"] as const,
  scoreRules: () => ["automation", "score-rules"] as const,
  schedules: () => ["automation", "schedules"] as const,
  runs: (page: number) => ["automation", "schedule-runs", page] as const,
};
