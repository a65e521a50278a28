import classes from "./skip-link.module.css";

export const MAIN_CONTENT_ID = "main-content";

/** The first focusable element of every layout: jumps past the header and navigation. */
export function SkipLink() {
  return (
    <a className={classes.skipLink} href={`#${MAIN_CONTENT_ID}`}>
      Skip to main content
    </a>
  );
}
