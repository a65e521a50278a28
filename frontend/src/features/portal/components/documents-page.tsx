import { Anchor } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { formatDateTime } from "@/lib/format";
import { documentPdfUrl, documentsQueryOptions } from "../api/portal-api";
import { PortalTablePage } from "./portal-table-page";

/** "12 KB" — letters are a few kilobytes to a few hundred. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const kb = bytes / 1024;
  return kb < 1024 ? `${Math.round(kb)} KB` : `${(kb / 1024).toFixed(1)} MB`;
}

/** The letters we sent the customer, each downloadable as the PDF that was posted. */
export function DocumentsPage() {
  const query = useQuery(documentsQueryOptions);
  return (
    <PortalTablePage
      title="Documents"
      description="Letters we sent you, as PDF."
      what="your documents"
      empty="No letters yet."
      query={query}
      columns={[
        { header: "Letter", cell: (document) => document.title },
        { header: "Sent", cell: (document) => formatDateTime(document.created_at) },
        { header: "Size", cell: (document) => formatSize(document.size) },
        {
          header: "Download",
          hideHeader: true,
          cell: (document) => (
            // A plain link: the server's PDF attachment is saved as is.
            <Anchor
              href={documentPdfUrl(document.id)}
              download
              aria-label={`Download ${document.title}, sent ${formatDateTime(document.created_at)} (PDF)`}
            >
              Download PDF
            </Anchor>
          ),
        },
      ]}
    />
  );
}
