import type { CardView, Person, ProjectDetail } from "../types";

/** Where a card dropped on a column goes: a bucket, a holder, or a stage (null: out of one). */
export type ColumnTarget =
  | { bucket_id: string | null; holder_id?: undefined; stage_id?: undefined }
  | { holder_id: string; bucket_id?: undefined; stage_id?: undefined }
  | { stage_id: string | null; bucket_id?: undefined; holder_id?: undefined };

export interface BoardColumn {
  key: string;
  title: string;
  cards: CardView[];
  target: ColumnTarget;
}

export type Grouping = "bucket" | "stage";

/**
 * The board's columns: by bucket (each bucket, then each member holding cards, then the
 * cards in neither), or by funnel stage (each stage in order, then the cards in none).
 */
export function boardColumns(
  project: ProjectDetail,
  cards: readonly CardView[],
  grouping: Grouping,
): BoardColumn[] {
  if (grouping === "stage") {
    const columns: BoardColumn[] = project.stages.map((stage) => ({
      key: `stage:${stage.id}`,
      title: stage.name,
      cards: cards.filter((card) => card.stage_id === stage.id),
      target: { stage_id: stage.id },
    }));
    columns.push({
      key: "stage:none",
      title: "No stage",
      cards: cards.filter((card) => card.stage_id === null),
      target: { stage_id: null },
    });
    return columns;
  }
  const names = new Map<string, Person>(project.members.map((member) => [member.id, member]));
  const columns: BoardColumn[] = project.buckets.map((bucket) => ({
    key: `bucket:${bucket.id}`,
    title: bucket.name,
    cards: cards.filter((card) => card.bucket_id === bucket.id),
    target: { bucket_id: bucket.id },
  }));
  const holders = [...new Set(cards.flatMap((card) => (card.holder_id ? [card.holder_id] : [])))];
  for (const holder of holders) {
    columns.push({
      key: `holder:${holder}`,
      title: `Held by ${names.get(holder)?.name ?? "a former member"}`,
      cards: cards.filter((card) => card.holder_id === holder),
      target: { holder_id: holder },
    });
  }
  columns.push({
    key: "bucket:none",
    title: "Not in a bucket",
    cards: cards.filter((card) => card.bucket_id === null && card.holder_id === null),
    target: { bucket_id: null },
  });
  return columns;
}

/** Words for a card's state: its outcome, and whether it still needs working here. */
export function cardState(card: CardView): string {
  if (!card.last_outcome) return "Not processed";
  return card.processed ? card.last_outcome : `Not processed here (was: ${card.last_outcome})`;
}
