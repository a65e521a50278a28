/** Conditions read in plain words, as the journey canvas reads them. */
export { describeCondition } from "@/components/condition-builder/describe";
