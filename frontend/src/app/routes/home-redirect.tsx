import { Navigate } from "react-router";
import { paths } from "@/config/paths";
import { homePath, useCurrentUser } from "@/lib/auth";

/** `/`: the active role's dashboard. */
export function HomeRedirect() {
  const target = homePath(useCurrentUser());
  return <Navigate to={target === paths.root ? paths.journeys : target} replace />;
}
