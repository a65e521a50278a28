import { Stack } from "@mantine/core";
import { useEffect } from "react";
import { Outlet, useLocation } from "react-router";
import { trackPageView } from "../api/portal-api";
import { PortalNav } from "./portal-nav";

/** What a portal path is about, for `portal.page_viewed` (S10 reads the category). */
export function pageCategory(pathname: string): string {
  const section = pathname.replace(/^\/portal\/?/, "").split("/")[0] ?? "";
  return section === "" ? "home" : section;
}

/** Signed-in portal pages: the sections' navigation, and each page view recorded. */
export function PortalSection() {
  const { pathname } = useLocation();
  useEffect(() => {
    trackPageView(pathname, pageCategory(pathname));
  }, [pathname]);
  return (
    <Stack gap={0}>
      <PortalNav />
      <Outlet />
    </Stack>
  );
}
