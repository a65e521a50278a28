"""The channel table (app.engine.channels) is the one definition the other lists come
from: what it names exists, and what it publishes for the SPA is the table itself."""

from __future__ import annotations

import json
from typing import get_args

import msgspec

from app.engine import channels
from app.engine.definition import NODE_TYPES
from app.engine.effects import Effect
from app.schemas.registry import render_all

EFFECT_TAGS = {cls.__struct_config__.tag for cls in get_args(Effect)}


def test_each_channel_names_a_real_step_and_effect() -> None:
    for channel in channels.CHANNELS:
        if channel.node_kind is not None:
            assert channel.node_kind in NODE_TYPES, channel.name
        if channel.outbox_kind is not None:
            assert channel.outbox_kind in EFFECT_TAGS, channel.name
        # A step sends on a channel only through the outbox.
        assert channel.node_kind is None or channel.outbox_kind is not None, channel.name


def test_the_lists_follow_the_table() -> None:
    assert channels.CONSENT_CHANNELS == ("email", "sms", "letter", "phone")
    assert sorted(channels.OPT_IN_CHANNELS) == ["email", "sms"]
    assert channels.MESSAGE_CHANNELS == ("email", "sms", "letter", "webhook")
    assert channels.MESSAGE_KINDS == {
        "send_email": "email",
        "send_sms": "sms",
        "create_letter": "letter",
        "webhook": "webhook",
    }
    assert channels.TEMPLATE_KIND_NAMES == ("email", "sms", "letter", "guidance", "layout")
    assert channels.template_parts("email") == ("subject", "html", "text")
    assert channels.template_parts("guidance") == ("text",)
    assert channels.sql_in("channel", ("a", "b")) == "channel IN ('a', 'b')"


def test_the_published_document_is_the_table() -> None:
    published = json.loads(render_all()["channels.json"])
    assert published == json.loads(msgspec.json.encode(channels.document()))
    assert [c["name"] for c in published["channels"]] == [c.name for c in channels.CHANNELS]
    email = published["channels"][0]
    assert email["node_kind"] == "action.send_email"
    assert email["tracked"] is True
