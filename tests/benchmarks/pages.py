"""The pages bench_pages.py measures (P1–P4): per server, the request and how to read the rows out of the
answer. A new page is one more ``Page`` in PAGES."""
from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import bench_declarations
import bench_plans
from benchlib import SECRET, Request, global_id, graphql_request
from wrk import submit_script

PAGE = 50
CACHED = "zhicheng-cached"  # P4's server: `zhicheng api` with the response cache on (the others have it off)


@dataclass
class Target:
    """What one server is asked for a page. ``rounds``: a wrk script per round instead of the fixed request
    (for requests that can be sent once only, e.g. submissions of different applications; no warm-up).
    ``server``: which of the dataset's servers answers, when not the one of its key."""
    request: Request
    rounds: Callable[[int], str] | None = None
    server: str | None = None


@dataclass
class Page:
    key: str
    title: str
    dataset: str
    targets: Callable[[dict], dict[str, Target]]  # dataset facts -> server key -> Target
    rows: Callable[[str, Any], list[dict]]  # (server key, decoded answer) -> rows, each with "id"
    scale: Callable[[dict], str]  # dataset facts -> what the page runs over, for the table
    submits: bool = False  # a mutation: no row check, statements counted instead (count_p3)
    ratios: bool = True  # in the ratio table (P4 has its own target: cached ≥ the plain endpoint)


def pk_of(value: str) -> int:
    """The primary key in a Relay ID ("Plan:12") or a PostGraphile node ID (base64 of ["Plan", 12])."""
    text = base64.b64decode(value).decode()
    if text.startswith("["):
        return int(json.loads(text)[-1])
    return int(text.rsplit(":", 1)[1])


def graphql_data(answer: dict) -> dict:
    if answer.get("errors"):
        raise RuntimeError(f"GraphQL errors: {json.dumps(answer['errors'], ensure_ascii=False)[:800]}")
    return answer["data"]


def stamp(value: str) -> datetime:
    return datetime.fromisoformat(value)


P1_POSTGRAPHILE = (
    "query($regionCodes: [String], $level: String, $first: Int!) {"
    " benchPlanSearch(regionCodes: $regionCodes, level: $level, first: $first) {"
    " edges { node { id name year opensAt closesAt levels"
    " committee: committeeByCommitteeId { name series: seriesBySeriesId { name } }"
    " specialties: planSpecialtiesByPlanId(orderBy: PRIMARY_KEY_ASC) { nodes { specialty: specialtyBySpecialtyId"
    " { name } } } } } } }"
)


def p1_targets(facts: dict) -> dict[str, Target]:
    from models.region.models import region_chain

    return {
        "zhicheng": Target(graphql_request(bench_plans.SEARCH_QUERY, {"filter": bench_plans.FILTER, "first": PAGE},
                                           None)),
        "plain": Target(Request("GET", f"/plans?region={bench_plans.REGION}&level={bench_plans.LEVEL}&first={PAGE}")),
        "postgraphile": Target(graphql_request(P1_POSTGRAPHILE, {"regionCodes": region_chain(bench_plans.REGION),
                                                                 "level": bench_plans.LEVEL, "first": PAGE}, None)),
    }


def p1_rows(server: str, answer: Any) -> list[dict]:
    if server == "postgraphile":
        nodes = [e["node"] for e in graphql_data(answer)["benchPlanSearch"]["edges"]]
        specialties = [[s["specialty"]["name"] for s in n["specialties"]["nodes"]] for n in nodes]
    else:
        nodes = bench_plans.nodes_of(json.dumps(answer).encode())
        specialties = [[s["name"] for s in n["specialties"]] for n in nodes]
    return [{"id": pk_of(n["id"]), "name": n["name"], "year": n["year"], "opensAt": stamp(n["opensAt"]),
             "closesAt": stamp(n["closesAt"]), "levels": list(n["levels"]), "committee": n["committee"]["name"],
             "series": n["committee"]["series"]["name"], "specialties": s} for n, s in zip(nodes, specialties)]


P2_POSTGRAPHILE = (
    "query($unitId: BigInt!, $first: Int!) {"
    " allTasks(condition: {unitId: $unitId, status: \"COMPLETED\"}, orderBy: ROW_ID_DESC, first: $first) {"
    " edges { node { id title: maskedTitle nodeLabel status createdAt runningSeconds"
    " unit: unitByUnitId { name } application { status person: personByPersonId { realName } } } } } }"
)


def p2_targets(facts: dict) -> dict[str, Target]:
    unit = facts["unit"]
    return {
        "zhicheng": Target(graphql_request(bench_declarations.TASKS_QUERY,
                                           {"unitId": global_id("Unit", unit), "first": PAGE}, facts["token"])),
        "plain": Target(Request("GET", f"/tasks?unit={unit}&first={PAGE}")),
        "postgraphile": Target(graphql_request(P2_POSTGRAPHILE, {"unitId": str(unit), "first": PAGE}, None)),
    }


def p2_rows(server: str, answer: Any) -> list[dict]:
    if server == "postgraphile":
        nodes = [e["node"] for e in graphql_data(answer)["allTasks"]["edges"]]
    else:
        nodes = bench_declarations.nodes_of(json.dumps(answer).encode())
    out = []
    for n in nodes:
        app = n["application"]
        out.append({"id": pk_of(n["id"]), "title": n["title"], "nodeLabel": n["nodeLabel"], "status": n["status"],
                    "createdAt": stamp(n["createdAt"]), "runningSeconds": n["runningSeconds"],
                    "unit": n["unit"]["name"], "applicationStatus": app and app["status"],
                    "realName": app and (app["person"] or {}).get("realName")})
    return out


def p3_targets(facts: dict) -> dict[str, Target]:
    """Zhicheng only (the others have no submission): each round submits its own slice of the ready drafts,
    each as its owner; the first draft is kept for counting statements (count_p3)."""
    from models.account.auth import issue_access_token

    ready = facts["ready"][1:]
    share = len(ready) // facts["rounds"]

    def script(round_: int) -> str:
        requests = [graphql_request(bench_declarations.SUBMIT,
                                    {"input": {"applicationId": global_id("Application", a)}},
                                    issue_access_token(owner, SECRET, 6 * 3600))
                    for a, owner in ready[(round_ - 1) * share:round_ * share]]
        return submit_script(requests)

    first, owner = facts["ready"][0]
    return {"zhicheng": Target(graphql_request(bench_declarations.SUBMIT,
                                               {"input": {"applicationId": global_id("Application", first)}},
                                               issue_access_token(owner, SECRET, 6 * 3600)), rounds=script)}


def p4_targets(facts: dict) -> dict[str, Target]:
    """P1's requests, Zhicheng's answered by the server with the response cache on."""
    targets = p1_targets(facts)
    targets["zhicheng"].server = CACHED
    return targets


PAGES = {
    "P1": Page("P1", "P1 plan search with committee and levels", "plans", p1_targets, p1_rows,
               lambda facts: facts["rows"]),
    "P2": Page("P2", "P2 task-centre page of a provincial HR bureau", "tasks", p2_targets, p2_rows,
               lambda facts: f"{facts['unit_tasks']:,} of {facts['tasks']:,} tasks"),
    "P3": Page("P3", "P3 applicationSubmit, each request another applicant's ready draft", "tasks", p3_targets,
               lambda server, answer: [], lambda facts: f"{len(facts['ready']):,} ready drafts", submits=True),
    "P4": Page("P4", "P4 P1 from the response cache (anonymous, 1 s)", "plans", p4_targets, p1_rows,
               lambda facts: facts["rows"], ratios=False),
}
