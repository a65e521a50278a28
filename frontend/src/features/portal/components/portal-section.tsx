import { useEffect } from "react";
import { Outlet, useLocation } from "react-router";
import { trackPageView } from "../api/portal-api";

/** What a portal path is about, for `portal.page_viewed` (S10 reads the category). */
export function pageCategory(pathname: string): string {
  const section = pathname.replace(/^\/portal\/?/, "").split("/")[0] ?? "";
  return section === "" ? "home" : section;
}

/** Signed-in portal pages: each page view recorded (the layout shows the sections). */
export function PortalSection() {
  const { pathname } = useLocation();
  useEffect(() => {
    trackPageView(pathname, pageCategory(pathname));
  }, [pathname]);
  return <Outlet />;
}
