"""Block Kit for the network of workspaces: a request to join, its answer, the members."""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, ButtonElement

from bot.locale import ENGLISH, Lang, N_
from bot.reference import council_name
from bot.storage.models import NetworkMember
from bot.views.common import blocks_of, context, escape, header, mention, plain, section

APPROVE_JOIN, DECLINE_JOIN, REMOVE_MEMBER = "network_approve", "network_decline", "network_remove"
STATUS = {"pending": N_("asked to join"), "member": N_("in the network"), "declined": N_("declined"),
          "removed": N_("removed")}


def _council(joined: NetworkMember, *, t: Lang = ENGLISH) -> str:
    return escape(council_name(joined.council_code)) if joined.council_code else t._("council not known yet")


def join_request(joined: NetworkMember, *, t: Lang = ENGLISH) -> tuple[str, list[dict]]:
    who = {"workspace": escape(joined.name), "council": _council(joined, t=t)}
    text = t._("{workspace} ({council}) installed Dozen and asks to join the network.", **who)
    by = (" " + t._("Installed by someone there ({person}).", person=joined.installed_by)
          if joined.installed_by else "")
    return text, blocks_of(
        section(t._("*{workspace}* ({council}) installed Dozen and asks to join the network. Once in, it sees the "
                    "network's challenges and pool, and shares its own.", **who) + by),
        ActionsBlock(block_id=f"join_{joined.team_id}", elements=[
            ButtonElement(text=plain(t._("Approve")), action_id=APPROVE_JOIN, value=joined.team_id, style="primary"),
            ButtonElement(text=plain(t._("Decline")), action_id=DECLINE_JOIN, value=joined.team_id),
        ]),
    )


def join_answered(joined: NetworkMember, by: str, *, t: Lang = ENGLISH) -> tuple[str, list[dict]]:
    who = {"workspace": escape(joined.name), "council": _council(joined, t=t), "person": mention(by, t=t)}
    if joined.status == "member":
        text = t._("{workspace} ({council}): let in by {person}.", **who)
    elif joined.status == "removed":
        text = t._("{workspace} ({council}): removed from the network by {person}.", **who)
    else:
        text = t._("{workspace} ({council}): declined by {person}.", **who)
    return text, blocks_of(section(text))


def joined_dm(joined: NetworkMember, *, t: Lang = ENGLISH) -> str:
    name = escape(joined.name)
    if joined.status == "member":
        return t._("{workspace} is now in Dozen's network: its challenges go to every council in it, its pool "
                   "members can be booked by them, and yours can book theirs. An organiser can choose the channels "
                   "with `/dozen config`.", workspace=name)
    if joined.status == "removed":
        return t._("{workspace} was removed from Dozen's network: it now sees and shares only its own.",
                   workspace=name)
    return t._("{workspace}'s request to join Dozen's network was declined. Dozen still works here on its own: "
               "challenges, pool and bookings within this workspace.", workspace=name)


def waiting_dm(joined: NetworkMember, *, t: Lang = ENGLISH) -> str:
    return t._("Thanks for installing Dozen. {workspace} has asked to join the network of councils; its organisers "
               "will answer soon. Until then Dozen works here on its own.", workspace=escape(joined.name))


def members_list(members: list[NetworkMember], *, can_remove: bool, t: Lang = ENGLISH) -> tuple[str, list[dict]]:
    blocks: list = [header(t._("Dozen's network"))]
    for joined in members:
        status = t._(STATUS[joined.status]) if joined.status in STATUS else joined.status
        line = (f"*{escape(joined.name)}* · {_council(joined, t=t)} · {status}"
                + (" · " + t._("the first workspace") if joined.home else "")
                + (" · " + t._("uninstalled") if joined.uninstalled_at else ""))
        removable = can_remove and joined.status == "member" and not joined.home
        blocks.append(section(line, accessory=ButtonElement(
            text=plain(t._("Remove")), action_id=REMOVE_MEMBER, value=joined.team_id, style="danger") if removable
            else None))
    if len(members) == 0:
        blocks.append(section(t._("No workspace has installed Dozen yet.")))
    blocks.append(context(t._("A workspace joins by installing Dozen from /slack/install; organisers approve it.")))
    count = sum(m.status == "member" for m in members)
    return t.ngettext("Dozen's network: {n} workspace", "Dozen's network: {n} workspaces", count), blocks_of(*blocks)
