import { keepPreviousData, queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type {
  BucketView,
  CardDetail,
  CardPage,
  CardView,
  ImportReport,
  OutcomeInput,
  Person,
  ProjectDetail,
  ProjectSummary,
} from "../types";
import { salesKeys } from "./sales-keys";

const SALES = "/api/v1/sales";
const at = (id: string) => encodeURIComponent(id);

export const projectsQueryOptions = queryOptions({
  queryKey: salesKeys.projects(),
  queryFn: ({ signal }) => api.get<ProjectSummary[]>(`${SALES}/projects`, { signal }),
});

export function projectQueryOptions(id: string) {
  return queryOptions({
    queryKey: salesKeys.project(id),
    queryFn: ({ signal }) => api.get<ProjectDetail>(`${SALES}/projects/${at(id)}`, { signal }),
  });
}

export const peopleQueryOptions = queryOptions({
  queryKey: salesKeys.people(),
  queryFn: ({ signal }) => api.get<Person[]>(`${SALES}/people`, { signal }),
  staleTime: 60_000,
});

/** The board's filters, as the API takes them. */
export interface CardFilters {
  holder?: "me" | undefined;
  q?: string | undefined;
  processed?: boolean | undefined;
}

export function cardsQueryOptions(projectId: string, filters: CardFilters) {
  return queryOptions({
    queryKey: salesKeys.cards(projectId, { ...filters }),
    queryFn: ({ signal }) =>
      api.get<CardPage>(`${SALES}/projects/${at(projectId)}/cards`, {
        signal,
        query: { ...filters, limit: 500 },
      }),
    placeholderData: keepPreviousData,
    // Cards move under people's feet (a colleague, an automatic process): look again often.
    refetchInterval: 10_000,
  });
}

export function cardQueryOptions(id: string) {
  return queryOptions({
    queryKey: salesKeys.card(id),
    queryFn: ({ signal }) => api.get<CardDetail>(`${SALES}/cards/${at(id)}`, { signal }),
  });
}

function useInvalidateSales() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: salesKeys.all() });
}

export interface ProjectCreateInput {
  name: string;
  description: string;
  outcomes: OutcomeInput[];
  stages: { name: string }[];
  buckets: string[];
  member_ids: string[];
}

export function useCreateProject() {
  const invalidate = useInvalidateSales();
  return useMutation({
    mutationFn: (body: ProjectCreateInput) => api.post<ProjectDetail>(`${SALES}/projects`, body),
    onSuccess: invalidate,
  });
}

/** A change to one project answered with the project as it now is. */
function useProjectChange<T, R>(projectId: string, send: (body: T) => Promise<R>) {
  const invalidate = useInvalidateSales();
  return useMutation({ mutationFn: send, onSuccess: invalidate, mutationKey: [projectId] });
}

export function useReplaceOutcomes(projectId: string) {
  return useProjectChange(projectId, (outcomes: OutcomeInput[]) =>
    api.put<ProjectDetail>(`${SALES}/projects/${at(projectId)}/outcomes`, { outcomes }),
  );
}

export function useReplaceStages(projectId: string) {
  return useProjectChange(projectId, (stages: { id?: string | null; name: string }[]) =>
    api.put<ProjectDetail>(`${SALES}/projects/${at(projectId)}/stages`, { stages }),
  );
}

export function useReplaceMembers(projectId: string) {
  return useProjectChange(projectId, (user_ids: string[]) =>
    api.put<ProjectDetail>(`${SALES}/projects/${at(projectId)}/members`, { user_ids }),
  );
}

export function useCreateBucket(projectId: string) {
  return useProjectChange(projectId, (body: { name: string; user_ids: string[] }) =>
    api.post<BucketView>(`${SALES}/projects/${at(projectId)}/buckets`, body),
  );
}

export function useUpdateBucket(projectId: string) {
  return useProjectChange(projectId, ({ id, ...body }: { id: string; user_ids: string[] }) =>
    api.patch<BucketView>(`${SALES}/buckets/${at(id)}`, body),
  );
}

export function useDeleteBucket(projectId: string) {
  return useProjectChange(projectId, (id: string) => api.delete(`${SALES}/buckets/${at(id)}`));
}

export function useImportCards(projectId: string) {
  return useProjectChange(projectId, (csv: string) =>
    api.post<ImportReport>(`${SALES}/projects/${at(projectId)}/cards/import`, { csv }),
  );
}

export interface OutcomeChoice {
  cardId: string;
  outcome_id: string;
  booking?: { user_id: string; at: string } | null;
  note?: string;
}

export function useSetOutcome() {
  const invalidate = useInvalidateSales();
  return useMutation({
    mutationFn: ({ cardId, ...body }: OutcomeChoice) =>
      api.post<CardView>(`${SALES}/cards/${at(cardId)}/outcome`, body),
    onSuccess: invalidate,
  });
}

export interface CardPlace {
  cardId: string;
  bucket_id?: string | null;
  holder_id?: string | null;
  stage_id?: string | null;
}

export function useMoveCard() {
  const invalidate = useInvalidateSales();
  return useMutation({
    mutationFn: ({ cardId, ...body }: CardPlace) =>
      api.patch<CardView>(`${SALES}/cards/${at(cardId)}`, body),
    onSuccess: invalidate,
  });
}
