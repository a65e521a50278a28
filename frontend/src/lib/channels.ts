/**
 * The channels and template kinds, from their one definition (backend/app/engine/channels.py,
 * published as schemas/channels.json with its types in types/generated/channels.ts). Every
 * list, label and union of channels in the SPA comes from here, so a channel added in the
 * backend shows up (or fails the type check where words must be written for it).
 */
import data from "@schemas/channels.json";
import type { Channel, ChannelsDocument, TemplateKindInfo } from "@/types/generated/channels";

const DOCUMENT = data as ChannelsDocument;

export type ChannelName = Channel["name"];
/** A channel people consent to (or refuse): the contact's consent, the portal's choices. */
export type ConsentChannel = ChannelsDocument["consent_channels"][number];
/** A channel the outbox sends on: the message log's channels. */
export type MessageChannel = ChannelsDocument["message_channels"][number];
/** A channel journey steps send from saved templates. */
export type TemplateChannel = ChannelsDocument["template_channels"][number];
/** A saved template's kind: a template channel's, job guidance or a layout. */
export type TemplateKind = TemplateKindInfo["name"];
export type TemplatePart = TemplateKindInfo["parts"][number];

export const CHANNELS: readonly Channel[] = DOCUMENT.channels;
export const CONSENT_CHANNELS: readonly ConsentChannel[] = DOCUMENT.consent_channels;
export const OPT_IN_CHANNELS: readonly ConsentChannel[] = DOCUMENT.opt_in_channels;
export const MESSAGE_CHANNELS: readonly MessageChannel[] = DOCUMENT.message_channels;
export const TEMPLATE_CHANNELS: readonly TemplateChannel[] = DOCUMENT.template_channels;
export const TEMPLATE_KINDS: readonly TemplateKindInfo[] = DOCUMENT.template_kinds;

/** `Email`, `SMS`, `Letter`…: each channel's name as a label. */
export const CHANNEL_LABELS = Object.fromEntries(
  CHANNELS.map((channel) => [channel.name, channel.label]),
) as Record<ChannelName, string>;

/** `Email`, `SMS`, `Letter`, `Job guidance`, `Layout`. */
export const TEMPLATE_KIND_LABELS = Object.fromEntries(
  TEMPLATE_KINDS.map((kind) => [kind.name, kind.label]),
) as Record<TemplateKind, string>;

const PARTS = new Map(TEMPLATE_KINDS.map((kind) => [kind.name, kind.parts]));

/** The parts (subject, HTML, text) a saved template of `kind` has. */
export function templatePartsOf(kind: TemplateKind): readonly TemplatePart[] {
  return PARTS.get(kind) ?? [];
}

/** The channel called `name`. */
export function channelOf(name: ChannelName): Channel {
  const channel = CHANNELS.find((each) => each.name === name);
  if (!channel) throw new Error(`no channel ${name} in schemas/channels.json`);
  return channel;
}

/** How a channel reads inside a sentence: `email`, `SMS`, `letter`. */
export function channelWord(name: ChannelName): string {
  const label = CHANNEL_LABELS[name];
  return label === label.toUpperCase() ? label : label.toLowerCase();
}

/** The channel a journey step of node kind `kind` sends on, or undefined. */
export function channelOfStep(kind: string): Channel | undefined {
  return CHANNELS.find((channel) => channel.node_kind === kind);
}

/** The template channel a step of node kind `kind` picks its saved template from. */
export function templateChannelOfStep(kind: string): TemplateChannel | null {
  const channel = channelOfStep(kind);
  return channel && isTemplateChannel(channel.name) ? channel.name : null;
}

function isTemplateChannel(name: ChannelName): name is TemplateChannel {
  return (TEMPLATE_CHANNELS as readonly string[]).includes(name);
}

export type MessageCount = "sent" | "opened" | "clicked" | "failed";

/** What a sending step's messages can go through: opens and clicks only where tracked. */
export function messageCountsOf(kind: string): readonly MessageCount[] | null {
  const channel = channelOfStep(kind);
  if (!channel?.outbox_kind) return null;
  return channel.tracked ? ["sent", "opened", "clicked", "failed"] : ["sent", "failed"];
}
