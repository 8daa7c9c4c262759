"""The treatment of a finding as a state machine: one table says which change of state is allowed and who
makes it. `services.findings.change_state` is the only writer of `Finding.state` besides routing
(`route`, `reroute`, `accept_report`) and the walk checks (`check_at_walk`), which use this table too.

    à modérer ──(coordination : accepte et oriente)──▶ nouveau
        │                                               │
        └──(coordination : rejette)──▶ rejeté ◀──(organisation chargée : pas pour nous, doublon)──┐
                                                        ▼                                          │
                nouveau ──▶ pris en compte ──▶ en cours ──▶ traité ──▶ vérifié, clos               │
                                 │                ▲           │                                    │
                                 └──▶ traité      └─ rouvert ◀┘ (coordination ou marche suivante)  │
                                 └───────────────────────────────────────────────────────────────┘

Re-routing by hand (`reroute`, the coordinator, with a reason) puts an open or rejected finding back to
« nouveau » for another organisation; it is not a change of this table.
"""

from .choices import FindingState as S

# Who makes a change:
ASSIGNEE = "assignee"  # the organisation in charge (its referents, its Open311 key), or the coordinator
CHECKER = "checker"  # the coordinator, or the team of a later walk of the sector (at that walk)
COORDINATOR = "coordinator"  # the coordinator alone

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.NEW, S.ACKNOWLEDGED): ASSIGNEE,
    (S.NEW, S.REJECTED): ASSIGNEE,
    (S.ACKNOWLEDGED, S.IN_PROGRESS): ASSIGNEE,
    (S.ACKNOWLEDGED, S.TREATED): ASSIGNEE,
    (S.ACKNOWLEDGED, S.REJECTED): ASSIGNEE,
    (S.IN_PROGRESS, S.TREATED): ASSIGNEE,
    (S.REOPENED, S.IN_PROGRESS): ASSIGNEE,
    (S.REOPENED, S.TREATED): ASSIGNEE,
    (S.TREATED, S.CHECKED): CHECKER,
    (S.TREATED, S.REOPENED): CHECKER,
    (S.MODERATION, S.REJECTED): COORDINATOR,
    # Made by `accept_report`, which routes the finding at the same time (never by `change_state`).
    (S.MODERATION, S.NEW): COORDINATOR,
}
ROUTING_TRANSITIONS = frozenset({(S.MODERATION, S.NEW)})

# What the button of each change says, from the point of view of whoever makes it.
VERBS = {
    S.ACKNOWLEDGED: "Prendre en compte",
    S.IN_PROGRESS: "Commencer le traitement",
    S.TREATED: "Déclarer traité",
    S.CHECKED: "Vérifier et clore",
    S.REOPENED: "Rouvrir",
    S.REJECTED: "Rejeter",
}

# From these states the coordinator may re-route a finding to another organisation.
REROUTABLE = frozenset({S.NEW, S.ACKNOWLEDGED, S.IN_PROGRESS, S.REOPENED, S.REJECTED})


def actor(from_state: str, to_state: str) -> str | None:
    """Who may make the change (ASSIGNEE, CHECKER, COORDINATOR), or None if it is not allowed."""
    return TRANSITIONS.get((from_state, to_state))


def next_states(state: str, *, roles: frozenset[str] | set[str]) -> list[str]:
    """The states a user holding `roles` may move a finding to from `state` (routing changes excluded)."""
    return [
        to
        for (source, to), who in TRANSITIONS.items()
        if source == state and who in roles and (source, to) not in ROUTING_TRANSITIONS
    ]
