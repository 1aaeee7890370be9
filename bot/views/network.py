"""Block Kit for the network of workspaces: a request to join, its answer, the members."""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, ButtonElement

from bot.reference import council_name
from bot.storage.models import NetworkMember
from bot.views.common import blocks_of, context, escape, header, mention, plain, section

APPROVE_JOIN, DECLINE_JOIN, REMOVE_MEMBER = "network_approve", "network_decline", "network_remove"
STATUS = {"pending": "asked to join", "member": "in the network", "declined": "declined", "removed": "removed"}


def _council(joined: NetworkMember) -> str:
    return escape(council_name(joined.council_code)) if joined.council_code else "council not known yet"


def join_request(joined: NetworkMember) -> tuple[str, list[dict]]:
    text = f"{escape(joined.name)} ({_council(joined)}) installed Dozen and asks to join the network."
    by = f" Installed by someone there ({joined.installed_by})." if joined.installed_by else ""
    return text, blocks_of(
        section(f"*{escape(joined.name)}* ({_council(joined)}) installed Dozen and asks to join the network. "
                "Once in, it sees the network's challenges and pool, and shares its own." + by),
        ActionsBlock(block_id=f"join_{joined.team_id}", elements=[
            ButtonElement(text=plain("Approve"), action_id=APPROVE_JOIN, value=joined.team_id, style="primary"),
            ButtonElement(text=plain("Decline"), action_id=DECLINE_JOIN, value=joined.team_id),
        ]),
    )


def join_answered(joined: NetworkMember, by: str) -> tuple[str, list[dict]]:
    verdict = {"member": "let in", "removed": "removed from the network"}.get(joined.status, "declined")
    text = f"{escape(joined.name)} ({_council(joined)}): {verdict} by {mention(by)}."
    return text, blocks_of(section(text))


def joined_dm(joined: NetworkMember) -> str:
    if joined.status == "member":
        return (f"{escape(joined.name)} is now in Dozen's network: its challenges go to every council in it, its "
                "pool members can be booked by them, and yours can book theirs. An organiser can choose the "
                "channels with `/dozen config`.")
    if joined.status == "removed":
        return f"{escape(joined.name)} was removed from Dozen's network: it now sees and shares only its own."
    return (f"{escape(joined.name)}'s request to join Dozen's network was declined. Dozen still works here on its "
            "own: challenges, pool and bookings within this workspace.")


def waiting_dm(joined: NetworkMember) -> str:
    return (f"Thanks for installing Dozen. {escape(joined.name)} has asked to join the network of councils; its "
            "organisers will answer soon. Until then Dozen works here on its own.")


def members_list(members: list[NetworkMember], *, can_remove: bool) -> tuple[str, list[dict]]:
    blocks: list = [header("Dozen's network")]
    for joined in members:
        line = (f"*{escape(joined.name)}* · {_council(joined)} · {STATUS.get(joined.status, joined.status)}"
                + (" · the first workspace" if joined.home else "")
                + (" · uninstalled" if joined.uninstalled_at else ""))
        removable = can_remove and joined.status == "member" and not joined.home
        blocks.append(section(line, accessory=ButtonElement(
            text=plain("Remove"), action_id=REMOVE_MEMBER, value=joined.team_id, style="danger") if removable
            else None))
    if len(members) == 0:
        blocks.append(section("No workspace has installed Dozen yet."))
    blocks.append(context("A workspace joins by installing Dozen from /slack/install; organisers approve it."))
    return f"Dozen's network: {sum(m.status == 'member' for m in members)} workspaces", blocks_of(*blocks)
