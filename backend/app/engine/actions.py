"""Action nodes: messages, data changes, jobs for staff, webhooks and events.

Text fields marked as templates are Jinja2, rendered in a sandbox when the step runs,
e.g. `Hello {{ contact.first_name }}`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, ClassVar, Literal

from msgspec import Meta, field

from app.engine import config_rules as rules
from app.engine.channels import ConsentChannel
from app.engine.config_rules import Findings
from app.engine.nodes_base import NEXT, ExitRule, FixedExit, InlineMessage, NodeBase, OutcomeExits
from app.engine.primitives import (
    CatalogName,
    Duration,
    EventName,
    FieldAssignment,
    FieldPath,
    Frozen,
    Priority,
    TemplateText,
)
from app.engine.references import Reference
from app.lib.links import link_problem

_TEMPLATE_HELP = "Leave empty to write the text here instead."
_TAGS = Annotated[list[Annotated[str, Meta(min_length=1, max_length=80)]], Meta(max_length=50)]


class SendEmailConfig(Frozen, frozen=True):
    """Send an email: pick a saved template, or write the subject and body here."""

    template: Annotated[
        CatalogName | None, Meta(title="Email template", description=_TEMPLATE_HELP)
    ] = None
    subject: Annotated[
        TemplateText | None,
        Meta(
            title="Subject",
            description="The email's subject line (with a template picked, it replaces the "
            "template's subject).",
        ),
    ] = None
    body: Annotated[
        TemplateText | None,
        Meta(
            title="Text",
            description="The email's text: a blank line starts a paragraph (the HTML part shows "
            "paragraphs).",
        ),
    ] = None


class SendSmsConfig(Frozen, frozen=True):
    """Send a text message: pick a saved template, or write the text here."""

    template: Annotated[
        CatalogName | None, Meta(title="SMS template", description=_TEMPLATE_HELP)
    ] = None
    text: Annotated[TemplateText | None, Meta(title="Text")] = None


class CreateLetterConfig(Frozen, frozen=True):
    """Create a personalised letter (PDF), optionally queued for printing."""

    template: Annotated[
        CatalogName | None, Meta(title="Letter template", description=_TEMPLATE_HELP)
    ] = None
    body: Annotated[
        TemplateText | None,
        Meta(
            title="Letter text",
            description="HTML (a template), e.g. `<p>Dear {{ contact.first_name }},</p>`. "
            "Sanitised once rendered: formatting, lists, tables and links stay; scripts, "
            "styles, `javascript:` links and remote images are removed.",
        ),
    ] = None
    print_queue: Annotated[
        CatalogName | None,
        Meta(
            title="Print queue",
            description="Create a print job with the PDF attached in this queue.",
        ),
    ] = None


class ConsentChange(Frozen, frozen=True):
    """Record that the contact gave or withdrew consent for a channel."""

    channel: Annotated[ConsentChannel, Meta(title="Channel")]
    granted: Annotated[bool, Meta(title="Granted")]


class UpdateContactConfig(Frozen, frozen=True):
    """Change the contact: fields, tags, score, roles or consent."""

    set_fields: Annotated[list[FieldAssignment], Meta(title="Set fields", max_length=50)] = field(
        default_factory=list
    )
    clear_fields: Annotated[list[FieldPath], Meta(title="Clear fields", max_length=50)] = field(
        default_factory=list
    )
    add_tags: Annotated[_TAGS, Meta(title="Add tags")] = field(default_factory=list)
    remove_tags: Annotated[_TAGS, Meta(title="Remove tags")] = field(default_factory=list)
    score_change: Annotated[
        int,
        Meta(title="Change lead score by", ge=-10_000, le=10_000, description="e.g. 10 or -5"),
    ] = 0
    add_roles: Annotated[_TAGS, Meta(title="Add roles")] = field(default_factory=list)
    remove_roles: Annotated[_TAGS, Meta(title="Remove roles")] = field(default_factory=list)
    consent: Annotated[list[ConsentChange], Meta(title="Consent", max_length=4)] = field(
        default_factory=list
    )


class UpdateObjectConfig(Frozen, frozen=True):
    """Change the related object of the journey, e.g. set the order's status."""

    object_type: Annotated[
        CatalogName, Meta(title="Object", examples=["order", "return", "ticket"])
    ]
    set_fields: Annotated[
        list[FieldAssignment], Meta(title="Set fields", min_length=1, max_length=50)
    ]


class Escalation(Frozen, frozen=True):
    """What happens when nobody claims the job in time."""

    if_unclaimed_after: Annotated[Duration, Meta(title="If nobody claims it within")]
    raise_priority_to: Annotated[Priority | None, Meta(title="Raise priority to")] = None
    notify_supervisors: Annotated[bool, Meta(title="Notify the queue's supervisors")] = True


class CreateJobConfig(Frozen, frozen=True):
    """Create a job for staff in a queue. The journey waits; each outcome is an exit."""

    job_type: Annotated[CatalogName, Meta(title="Job type")]
    queue: Annotated[CatalogName, Meta(title="Queue")]
    title: Annotated[
        TemplateText,
        Meta(title="Job title", min_length=1, examples=["Confirm order {{ object.number }}"]),
    ]
    guidance: Annotated[
        TemplateText | None,
        Meta(title="Guidance", description="What the person working the job should do."),
    ] = None
    priority: Annotated[Priority, Meta(title="Priority")] = "normal"
    due_in: Annotated[Duration | None, Meta(title="Due within")] = None
    link_objects: Annotated[
        list[CatalogName],
        Meta(title="Link objects", description="e.g. `order`, `return`.", max_length=10),
    ] = field(default_factory=list)
    escalation: Annotated[Escalation | None, Meta(title="Escalation")] = None


class WebhookConfig(Frozen, frozen=True):
    """Call another system over HTTP. The “failed” exit is taken after retries run out."""

    url: Annotated[
        str,
        Meta(title="Address", pattern=r"^https?://\S+$", max_length=2000),
    ]
    method: Annotated[Literal["POST", "PUT", "PATCH", "GET", "DELETE"], Meta(title="Method")] = (
        "POST"
    )
    headers: Annotated[dict[str, str], Meta(title="Headers")] = field(default_factory=dict)
    body: Annotated[
        TemplateText | None, Meta(title="Body", description="JSON text; a template.")
    ] = None
    save_response: Annotated[
        dict[Annotated[str, Meta(pattern=r"^[a-z_][a-z0-9_]*$", max_length=60)], str],
        Meta(
            title="Save from the answer",
            description="Journey variable → JSON pointer into the JSON answer, e.g. "
            "`ticket_id` → `/data/id`. Steps after the call (past a wait or event) read "
            "`journey.ticket_id`.",
        ),
    ] = field(default_factory=dict)


class NotifyStaffConfig(Frozen, frozen=True):
    """Send a notification to the people of a queue (or only its supervisors)."""

    queue: Annotated[CatalogName, Meta(title="Queue")]
    message: Annotated[TemplateText, Meta(title="Message", min_length=1)]
    audience: Annotated[Literal["everyone", "supervisors"], Meta(title="Who")] = "everyone"


class EmitEventConfig(Frozen, frozen=True):
    """Record an event for the contact; other journeys can start from it."""

    event_name: EventName
    properties: Annotated[
        dict[str, TemplateText],
        Meta(title="Properties", description="Each value is a template."),
    ] = field(default_factory=dict)


class PortalMessageConfig(Frozen, frozen=True):
    """Show a message to the customer in the portal."""

    title: Annotated[TemplateText, Meta(title="Title", min_length=1)]
    body: Annotated[TemplateText, Meta(title="Message", min_length=1)]
    link: Annotated[
        Annotated[str, Meta(max_length=2000)] | None,
        Meta(
            title="Link",
            description=(
                "A page of the portal (/portal/…), a web address (https://…) or a mailto: address."
            ),
        ),
    ] = None
    pin: Annotated[bool, Meta(title="Highlight on the portal home page")] = False


class SendEmail(NodeBase, frozen=True, tag="action.send_email"):
    config: SendEmailConfig

    def references(self) -> Iterator[Reference]:
        if self.config.template is not None:
            yield Reference("email_template", self.config.template, "config.template")

    def config_problems(self) -> Findings:
        config = self.config
        if config.template is not None:
            return []
        if not config.subject and not config.body:
            return [("config.template", "Pick an email template, or write a subject and text.")]
        if not config.subject:
            return [("config.subject", "Write the subject (or pick an email template).")]
        if not config.body:
            return [("config.body", "Write the email's text (or pick an email template).")]
        return []

    def texts(self) -> list[tuple[str, str]]:
        return rules.present(
            ("config.subject", self.config.subject), ("config.body", self.config.body)
        )

    def inline_message(self) -> InlineMessage | None:
        if self.config.template is not None:
            return None
        return InlineMessage(
            "email", self.config.subject, self.config.body, "config.body", "config.subject"
        )


class SendSms(NodeBase, frozen=True, tag="action.send_sms"):
    config: SendSmsConfig

    def references(self) -> Iterator[Reference]:
        if self.config.template is not None:
            yield Reference("sms_template", self.config.template, "config.template")

    def config_problems(self) -> Findings:
        return rules.one_of(self.config.template, self.config.text, "config.template", "SMS text")

    def texts(self) -> list[tuple[str, str]]:
        return rules.present(("config.text", self.config.text))

    def inline_message(self) -> InlineMessage | None:
        if self.config.template is not None:
            return None
        return InlineMessage("sms", None, self.config.text, "config.text")


class CreateLetter(NodeBase, frozen=True, tag="action.create_letter"):
    config: CreateLetterConfig

    def references(self) -> Iterator[Reference]:
        if self.config.template is not None:
            yield Reference("letter_template", self.config.template, "config.template")
        if self.config.print_queue is not None:
            yield Reference("queue", self.config.print_queue, "config.print_queue")

    def config_problems(self) -> Findings:
        return rules.one_of(self.config.template, self.config.body, "config.template", "letter")

    def texts(self) -> list[tuple[str, str]]:
        return rules.present(("config.body", self.config.body))

    def inline_message(self) -> InlineMessage | None:
        if self.config.template is not None:
            return None
        return InlineMessage("letter", None, self.config.body, "config.body")


class UpdateContact(NodeBase, frozen=True, tag="action.update_contact"):
    config: UpdateContactConfig

    def config_problems(self) -> Findings:
        config = self.config
        changes = (
            config.set_fields,
            config.clear_fields,
            config.add_tags,
            config.remove_tags,
            config.add_roles,
            config.remove_roles,
            config.consent,
        )
        found = rules.assignments(config.set_fields, "config.set_fields")
        if not any(changes) and config.score_change == 0:
            found.append(("config", "Choose at least one change to make to the contact."))
        both = sorted(set(config.add_tags) & set(config.remove_tags))
        found.extend(
            ("config.remove_tags", f"The tag “{tag}” is added and removed.") for tag in both
        )
        return found


class UpdateObject(NodeBase, frozen=True, tag="action.update_object"):
    config: UpdateObjectConfig

    def config_problems(self) -> Findings:
        return rules.assignments(self.config.set_fields, "config.set_fields")


class CreateJob(NodeBase, frozen=True, tag="action.create_job"):
    # One exit per outcome of its job type, then the optional one for a cancelled job.
    EXITS: ClassVar[tuple[ExitRule, ...]] = (
        OutcomeExits("job_type"),
        FixedExit("cancelled", "Job cancelled", required=False),
    )
    config: CreateJobConfig

    def references(self) -> Iterator[Reference]:
        yield Reference("job_type", self.config.job_type, "config.job_type")
        yield Reference("queue", self.config.queue, "config.queue")

    def texts(self) -> list[tuple[str, str]]:
        return rules.present(
            ("config.title", self.config.title), ("config.guidance", self.config.guidance)
        )


class Webhook(NodeBase, frozen=True, tag="action.webhook"):
    EXITS: ClassVar[tuple[ExitRule, ...]] = (NEXT, FixedExit("failed", "Failed", required=False))
    config: WebhookConfig

    def texts(self) -> list[tuple[str, str]]:
        headers = [(f"config.headers.{k}", v) for k, v in self.config.headers.items()]
        return [*headers, *rules.present(("config.body", self.config.body))]


class NotifyStaff(NodeBase, frozen=True, tag="action.notify_staff"):
    config: NotifyStaffConfig

    def references(self) -> Iterator[Reference]:
        yield Reference("queue", self.config.queue, "config.queue")

    def texts(self) -> list[tuple[str, str]]:
        return rules.present(("config.message", self.config.message))


class EmitEvent(NodeBase, frozen=True, tag="action.emit_event"):
    config: EmitEventConfig

    def texts(self) -> list[tuple[str, str]]:
        return [(f"config.properties.{k}", v) for k, v in self.config.properties.items()]


class PortalMessage(NodeBase, frozen=True, tag="action.portal_message"):
    config: PortalMessageConfig

    def config_problems(self) -> Findings:
        link = self.config.link
        problem = None if link is None else link_problem(link)
        return [] if problem is None else [("config.link", f"The link {problem}")]

    def texts(self) -> list[tuple[str, str]]:
        return rules.present(("config.title", self.config.title), ("config.body", self.config.body))


ActionNode = (
    SendEmail
    | SendSms
    | CreateLetter
    | UpdateContact
    | UpdateObject
    | CreateJob
    | Webhook
    | NotifyStaff
    | EmitEvent
    | PortalMessage
)
