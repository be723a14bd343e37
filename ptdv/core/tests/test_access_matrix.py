"""The access matrix (issue #14, "Done when"): every URL pattern of the URL conf and every operation of the API's
OpenAPI schema, requested by every role of a SIBLING organisation, by an anonymous visitor, and with hostile
parameters. Generated: a new page or operation is covered without a test of its own, and the test fails if it
cannot fill the new pattern's parameters (add the pattern to OBJECTS or VALUES below).

The world: the victim is the university's organisation (P.B.U) with a person, a candidate, a member, a dossier, a
course, an enrolment, an issued document, an import job, accounts and tokens; the attackers are the accounts of
the cement works' organisation (P.B.C, a sibling under the same bloc), one per role, and a cell secretary of its
cell. For each pattern and each attacker:

- GET never answers 500;
- a pattern whose path names a victim object never answers 200 (404/403, or a redirect);
- a page whose path names no object (lists, reports, exports…) answers without the victim's names or citizen IDs,
  also when the query names the victim's units (?unit=P.B.U…);
- POST with empty data, then with the victim's objects in the data, answers no 500 and changes nothing of the
  victim's (a fingerprint of their rows is the same before and after);
- an anonymous visitor is sent to the login page (API: 401), except on the few public patterns (PUBLIC);
- hostile parameters (?year=0, -1, 20 digits, NUL in any parameter) answer 4xx or the page, never 500."""

import datetime
import io
import json
import re
import time
import zipfile

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from ptdv.admission.services import dossier_open
from ptdv.admission.tests.conftest import member
from ptdv.api.services import api_token_create
from ptdv.audit.models import Event
from ptdv.documents.filling import slug as form_slug
from ptdv.documents.models import IssuedDocument
from ptdv.exchange.models import ImportJob
from ptdv.membership.models import Membership
from ptdv.people.models import Candidate, HelperAssignment, Person
from ptdv.people.services import candidate_enter, helper_assign, person_create
from ptdv.reminders.services import calendar_token_create
from ptdv.restructuring.models import RestructureAct, RestructureItem
from ptdv.training.models import Course, Enrolment
from ptdv.training.services import course_create, course_enrol
from ptdv.units.models import Unit

pytestmark = pytest.mark.django_db
D = datetime.date

SECRET_NAME = "Đào Thị Kín Đáo"
SECRET_CITIZEN_ID = "001300000777"
SECRET_MEMBER = "Nguyễn Văn Bảo Mật"
SECRET_COURSE = "Lớp cảm tình Đảng riêng của trường"
SECRET_HELPER_ID = "001080000778"
SECRETS = [SECRET_NAME, SECRET_CITIZEN_ID, SECRET_MEMBER, SECRET_COURSE, SECRET_HELPER_ID, "victim_admin"]

ATTACKER_ROLES = ["viewer", "cell_secretary", "staff", "committee", "admin"]


class World:
    def __init__(self, tree, make_user):
        self.tree = tree
        victim_cell = tree.cell_it
        self.unit = victim_cell
        self.helper = member(victim_cell, SECRET_HELPER_ID, SECRET_MEMBER)
        self.membership = Membership.objects.get(person=self.helper)
        self.person = person_create(
            actor=None, unit=victim_cell, full_name=SECRET_NAME, sex="female", birth_date=D(2000, 5, 17),
            citizen_id=SECRET_CITIZEN_ID, occupation="public_employee", general_education="12/12", youth_union=True,
        )  # fmt: skip
        self.candidate = candidate_enter(
            actor=None, person=self.person, unit=victim_cell, entered_on=D(2024, 1, 10), source="youth_union"
        )
        self.assignment = helper_assign(
            actor=None, candidate=self.candidate, helper=self.helper, assigned_on=D(2024, 1, 11)
        )
        self.course = course_create(
            actor=None, kind="awareness", title=SECRET_COURSE, organiser=tree.university,
            starts_on=D(2024, 3, 4), ends_on=D(2024, 3, 8),
        )  # fmt: skip
        self.enrolment = course_enrol(actor=None, course=self.course, persons=[self.person])[0]
        other = person_create(
            actor=None, unit=victim_cell, full_name=SECRET_NAME + " Hai", sex="male", birth_date=D(2001, 1, 2),
            citizen_id="001201000779", occupation="public_employee", general_education="12/12",
        )  # fmt: skip
        second = candidate_enter(actor=None, person=other, unit=victim_cell, entered_on=D(2024, 1, 10), source="other")
        self.dossier = dossier_open(actor=None, candidate=second, opened_on=D(2025, 1, 6))
        self.document = IssuedDocument.objects.create(
            unit=tree.university, year=2025, kind="QĐ", number=1, code="1-QĐ/ĐU", issued_on=D(2025, 2, 1),
            dossier=self.dossier,
        )  # fmt: skip
        from ptdv.membership.movements import transfer_issue

        self.transfer = transfer_issue(actor=None, membership=self.membership, origin=victim_cell,
                                       letter_date=D(2025, 3, 3), destination=tree.commune)  # fmt: skip
        self.victim_admin = make_user(tree.university, "admin", "staff", username="victim_admin")
        from ptdv.followup.models import ResidenceLiaison

        self.liaison = ResidenceLiaison.objects.create(
            membership=self.membership, work_unit=victim_cell, residence_place=SECRET_COURSE, letter_date=D(2024, 5, 2)
        )
        self.job = ImportJob.objects.create(kind="people", file_name="x.xlsx",
                                            created_by=self.victim_admin)  # fmt: skip
        self.calendar_token, self.calendar_raw = calendar_token_create(actor=None, user=self.victim_admin)
        self.api_token, _raw = api_token_create(actor=self.victim_admin, user=self.victim_admin, name="victim")
        self.event = Event.objects.filter(unit=tree.university).first() or Event.objects.first()
        # a restructuring act over the victim's cells (recorded, not applied: its page and its undo are the targets)
        self.restructure_act = RestructureAct.objects.create(date=D(2025, 7, 1), decision_number="9-QĐ/ĐU")
        RestructureItem.objects.create(act=self.restructure_act, source=tree.cell_econ, successor=victim_cell)
        # the attackers: the sibling organisation's accounts, one per role (a cell secretary in its cell)
        self.attackers = {
            role: make_user(
                tree.cell_kiln if role == "cell_secretary" else tree.cement, role, username=f"cement_{role}"
            )
            for role in ATTACKER_ROLES
        }
        self.widest = make_user(tree.cement, *ATTACKER_ROLES, username="cement_all")

    def fingerprint(self):
        """The victim's rows, to compare before and after the attackers' writes."""
        subtree = Unit.objects.filter(path__startswith=self.tree.university.path)
        return (
            list(subtree.order_by("pk").values()),
            list(Person.objects.filter(unit__in=subtree).order_by("pk").values()),
            list(Candidate.objects.filter(unit__in=subtree).order_by("pk").values()),
            list(HelperAssignment.objects.filter(candidate__unit__in=subtree).order_by("pk").values()),
            list(Membership.objects.filter(unit__in=subtree).order_by("pk").values()),
            list(Course.objects.filter(organiser__in=subtree).order_by("pk").values()),
            list(Enrolment.objects.filter(course__organiser__in=subtree).order_by("pk").values()),
            list(type(self.dossier).objects.filter(unit__in=subtree).order_by("pk").values()),
            list(IssuedDocument.objects.filter(unit__in=subtree).order_by("pk").values()),
            list(ImportJob.objects.filter(pk=self.job.pk).values("status", "stop_reason")),
            list(type(self.victim_admin).objects.filter(unit__in=subtree).order_by("pk").values()),
            list(type(self.calendar_token).objects.filter(pk=self.calendar_token.pk).values()),
            list(type(self.api_token).objects.filter(pk=self.api_token.pk).values()),
            list(RestructureAct.objects.filter(pk=self.restructure_act.pk).values()),
            *followup_fingerprint(subtree),
        )


def followup_fingerprint(subtree):
    from ptdv.followup import models as followup

    rows = []
    rows.extend(
        list(model.objects.filter(membership__unit__in=subtree).order_by("pk").values())
        for model in (followup.ResidenceLiaison, followup.ResidenceExemption, followup.ResidenceComment,
                      followup.Rating, followup.StrikeOffProposal)
    )  # fmt: skip
    rows.append(list(followup.QuarterlyRating.objects.filter(unit__in=subtree).values()))
    return rows


# ---------------------------------------------------------------- how to fill each pattern's parameters

# Path parameters that name an object of the victim: pattern name → {parameter: factory(world)}.
OBJECTS = {
    "units:detail": {"pk": lambda w: w.unit.pk},
    "units:children": {"pk": lambda w: w.tree.university.pk},
    "units:create": {"parent_pk": lambda w: w.unit.pk},
    "units:edit": {"pk": lambda w: w.unit.pk},
    "units:close": {"pk": lambda w: w.unit.pk},
    "people:detail": {"pk": lambda w: w.person.pk},
    "people:edit": {"pk": lambda w: w.person.pk},
    "people:pool_enter": {"pk": lambda w: w.helper.pk},
    "people:helper_add": {"pk": lambda w: w.candidate.pk},
    "people:note_add": {"pk": lambda w: w.candidate.pk},
    "people:leave": {"pk": lambda w: w.candidate.pk},
    "people:exception": {"pk": lambda w: w.candidate.pk},
    "people:helper_end": {"pk": lambda w: w.assignment.pk},
    "training:detail": {"pk": lambda w: w.course.pk},
    "training:result": {"pk": lambda w: w.enrolment.pk},
    "training:results": {"pk": lambda w: w.course.pk},
    "training:enrol_person": {"pk": lambda w: w.person.pk},
    "admission:open": {"candidate_pk": lambda w: w.candidate.pk},
    "admission:detail": {"pk": lambda w: w.dossier.pk},
    "admission:close": {"pk": lambda w: w.dossier.pk},
    "admission:failed_vote": {"pk": lambda w: w.dossier.pk},
    "admission:return": {"pk": lambda w: w.dossier.pk},
    "admission:particulars": {"pk": lambda w: w.dossier.pk},
    "admission:probation": {"pk": lambda w: w.dossier.pk},
    "admission:card": {"pk": lambda w: w.dossier.pk},
    "admission:step": {"pk": lambda w: w.dossier.pk},
    "membership:detail": {"pk": lambda w: w.membership.pk},
    "membership:movement": {"pk": lambda w: w.membership.pk},
    "followup:letter": {"pk": lambda w: w.liaison.pk},
    "admission:papers": {"pk": lambda w: w.dossier.pk},
    "admission:ceremony_approval": {"pk": lambda w: w.dossier.pk},
    "admission:referral": {"pk": lambda w: w.dossier.pk},
    "admission:correct": {"pk": lambda w: w.dossier.pk},
    "exchange:job": {"pk": lambda w: w.job.pk},
    "exchange:commit": {"pk": lambda w: w.job.pk},
    "documents:reissue": {"pk": lambda w: w.document.pk},
    "documents:dossier_zip": {"pk": lambda w: w.dossier.pk},
    "documents:dossier_zip_format": {"pk": lambda w: w.dossier.pk},
    "documents:dossier_form": {"pk": lambda w: w.dossier.pk},
    "documents:certificate": {"pk": lambda w: w.enrolment.pk},
    "documents:certificates": {"pk": lambda w: w.course.pk},
    "documents:transfer_letter": {"pk": lambda w: w.transfer.pk},
    "reminders:feed_revoke": {"pk": lambda w: w.calendar_token.pk},
    "account_edit": {"pk": lambda w: w.victim_admin.pk},
    "account_password": {"pk": lambda w: w.victim_admin.pk},
    "api_tokens:revoke": {"pk": lambda w: w.api_token.pk},
    "restructuring:detail": {"pk": lambda w: w.restructure_act.pk},
    "restructuring:undo": {"pk": lambda w: w.restructure_act.pk},
    "admin:view_on_site": {
        "content_type_id": lambda w: ContentType.objects.get_for_model(Unit).pk,
        "object_id": lambda w: w.unit.pk,
    },
    "admin:auth_user_password_change": {"id": lambda w: w.victim_admin.pk},
}
# Path parameters that name no object (a kind, a format, a stage): the same value for every pattern.
VALUES = {
    "kind": "people",
    "fmt": "xlsx",
    "file_format": "docx",
    "slug": form_slug("2-KNĐ"),
    "stage": "application",
    "day": "2026-01-01",
    "app_label": "units",
    "url": "khong-co",
}
# The admin site's object pages: the victim's object of each registered model (the sibling's accounts are not
# administrators of a top unit: the admin site refuses them whatever the object).
ADMIN_OBJECTS = {
    "units.unit": lambda w: w.unit.pk,
    "accounts.user": lambda w: w.victim_admin.pk,
    "audit.event": lambda w: w.event.pk,
}
# Patterns an anonymous visitor may open: the login, the language switch, the token-bearing calendar feed, the
# admin site's own login page (which redirects to the project's login).
PUBLIC = {"login", "logout", "set_language", "reminders:feed", "admin:login", "admin:logout"}
# Patterns whose path names a victim object but whose 200 shows nothing of it (with the reason).
OBJECT_200_ALLOWED = {
    "reminders:feed": "the feed answers the token's owner only; the test's token is the victim's own (a capability)",
}
HOSTILE_NAMES = [
    "year", "min_months", "min_age", "max_age", "page", "unit", "q", "s", "number", "period", "term", "edit",
    "kind", "from", "to", "date_from", "date_to", "format", "closed", "partial", "download", "course", "helper",
    "occupation", "youth_union", "status", "cursor", "limit", "stage", "code", "next", "on",
]  # fmt: skip
HOSTILE_QUERIES = [
    {"year": "0"},
    {"year": "-1"},
    {"year": "99999999999999999999", "number": "99999999999999999999", "page": "99999999999999999999"},
    {"min_months": "9" * 20, "min_age": "9" * 20, "max_age": "-" + "9" * 20, "term": "9" * 20, "unit": "9" * 20},
    {name: "a\x00b" for name in HOSTILE_NAMES},
    {"unit": "\x00", "year": "2026\x00"},
]


def walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            yield prefix + str(pattern.pattern), name, pattern


PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>|\(\?P<(?P<regex_name>\w+)>[^)]*\)")


def fill(route: str, name: str, w: World) -> tuple[str, bool]:
    """The path of a pattern with its parameters filled, and whether it names a victim object."""
    names_object = False

    def value(match):
        nonlocal names_object
        parameter = match.group("name") or match.group("regex_name")
        factories = OBJECTS.get(name, {})
        if parameter in factories:
            names_object = True
            return str(factories[parameter](w))
        if parameter == "object_id" and name.startswith("admin:"):
            names_object = True
            model = admin_model(name)
            factory = ADMIN_OBJECTS.get(model)
            return str(factory(w)) if factory else "1"
        if parameter == "token" and name == "reminders:feed":
            names_object = True
            return w.calendar_raw
        if parameter in VALUES:
            return VALUES[parameter]
        raise AssertionError(
            f"The access matrix cannot fill <{parameter}> of {name!r} ({route}): add it to OBJECTS or VALUES in "
            f"{__name__}."
        )

    path = "/" + PARAMETER.sub(value, route)
    path = path.replace("^", "").replace("$", "")
    return path, names_object


def admin_model(name: str) -> str | None:
    for model in admin.site._registry:
        label = f"{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(f"admin:{label}"):
            return f"{model._meta.app_label}.{model._meta.model_name}"
    return None


def page_patterns():
    return [(route, name, pattern) for route, name, pattern in walk(get_resolver().url_patterns)
            if not name.startswith("api-v1:")]  # fmt: skip


def text_of(response) -> str:
    """What a response shows, whatever its type: a page, JSON, a calendar, the cells of a workbook, the text of a
    Word file or the names in a zip."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(value) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for value in row
        )
    if "zip" in kind or "wordprocessingml" in kind:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(archive.namelist()) + "\n".join(
                archive.read(entry).decode("utf-8", "replace") for entry in archive.namelist() if entry.endswith(".xml")
            )
    return content.decode("utf-8", "replace")


def leaked(response) -> list[str]:
    if response.status_code != 200:
        return []
    text = text_of(response)
    return [secret for secret in SECRETS if secret in text]


@pytest.fixture
def world(tree, make_user, settings, tmp_path):
    settings.PTDV_IMPORT_DIR = tmp_path / "imports"
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.PTDV_API_RATE_LIMIT = "1000000/min"
    return World(tree, make_user)


def _client(user=None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def _request(client, method, path, data=None):
    if method == "GET":
        return client.get(path, data or {})
    return client.post(path, data or {})


def test_every_page_pattern_by_every_role_of_a_sibling_unit(world):
    w = world
    started = time.monotonic()
    patterns = page_patterns()
    problems = []
    exercised = set()
    clients = {role: _client(user) for role, user in w.attackers.items()}
    anonymous = _client()
    victim_data = {
        "unit": w.unit.code, "parent": w.tree.university.code, "person": w.person.pk, "candidate": w.candidate.pk,
        "helper": w.helper.pk, "course": w.course.pk, "dossier": w.dossier.pk, "persons": [w.person.pk],
        "citizen_id": SECRET_CITIZEN_ID, "user": w.victim_admin.pk, "pk": w.person.pk, "token": w.api_token.pk,
    }  # fmt: skip
    # the checks can see: the victim's own administrator reads the person's page and the pool's workbook
    owner = _client(w.victim_admin)
    assert SECRET_NAME in leaked(owner.get(f"/people/{w.person.pk}/"))
    assert SECRET_CITIZEN_ID in leaked(owner.get("/people/pool/", {"format": "xlsx"}))
    requests = 0
    for route, name, _pattern in patterns:
        path, names_object = fill(route, name, w)
        before = w.fingerprint()
        # anonymous
        response = _request(anonymous, "GET", path)
        requests += 1
        if response.status_code >= 500:
            problems.append(f"anonymous GET {path} ({name}): {response.status_code}")
        elif name not in PUBLIC and not name.startswith("admin:"):
            if not (response.status_code == 302 and response["Location"].startswith("/accounts/login/")):
                problems.append(f"anonymous GET {path} ({name}): {response.status_code}, not sent to the login page")
        elif name.startswith("admin:") and name not in PUBLIC and response.status_code == 200:
            problems.append(f"anonymous GET {path} ({name}): 200")
        for role, client in clients.items():
            accepts_post = True
            for method, data in [("GET", None), ("POST", None), ("POST", victim_data)]:
                if method == "POST" and (name == "logout" or not accepts_post):
                    continue
                response = _request(client, method, path, data)
                requests += 1
                if method == "POST" and data is None and response.status_code == 405:
                    accepts_post = False  # a read-only pattern: no need to post the victim's objects to it
                where = f"{role} {method} {path} ({name}){' with the victim in the data' if data else ''}"
                if response.status_code >= 500:
                    problems.append(f"{where}: {response.status_code}")
                    continue
                if method == "GET" and names_object and response.status_code == 200:
                    if name not in OBJECT_200_ALLOWED:
                        problems.append(f"{where}: 200 on the victim's object")
                    continue
                secrets = leaked(response)
                if secrets:
                    problems.append(f"{where}: shows {secrets}")
        if not names_object:
            for query in [{"unit": w.unit.code}, {"unit": w.tree.university.code}, {"unit": w.tree.university.pk},
                          {"unit": "P.B.U", "period": "year", "year": "2024"}]:  # fmt: skip
                response = clients["admin"].get(path, query)
                requests += 1
                if response.status_code >= 500 or leaked(response):
                    problems.append(f"admin GET {path}?{query} ({name}): {response.status_code} {leaked(response)}")
        if w.fingerprint() != before:
            problems.append(f"{name}: the victim's rows changed after the sibling's requests")
            before = w.fingerprint()
        exercised.add(name)
    assert not problems, "\n".join(problems)
    assert exercised == {name for _route, name, _pattern in patterns}
    elapsed = time.monotonic() - started
    print(f"\naccess matrix, pages: {len(patterns)} patterns × {len(clients)} roles + anonymous, "
          f"{requests} requests, {elapsed:.1f} s")  # fmt: skip


def test_hostile_parameters_never_give_a_server_error(world):
    """?year=0, -1, 20 digits, NUL: 4xx or the page, never 500 — on every page, for the widest role of a unit and
    for the owner."""
    w = world
    client = _client(w.victim_admin)
    problems = []
    requests = 0
    for route, name, _pattern in page_patterns():
        if name in {"logout", "admin:logout"}:
            continue
        path, _names_object = fill(route, name, w)
        for query in HOSTILE_QUERIES:
            response = client.get(path, query)
            requests += 1
            if response.status_code >= 500:
                problems.append(f"GET {path}?{query}: {response.status_code}")
    assert not problems, "\n".join(problems)
    print(f"\nhostile parameters: {requests} requests")


# ---------------------------------------------------------------- the API, from its OpenAPI schema

# POST operations that read (a search by citizen ID in the body, kept out of URLs): their answers are checked for
# the victim's names and numbers like a GET's.
READS = {"/api/v1/persons/search"}
API_OBJECTS = {
    "unit_id": lambda w: w.unit.pk,
    "person_id": lambda w: w.person.pk,
    "candidate_id": lambda w: w.candidate.pk,
    "course_id": lambda w: w.course.pk,
    "dossier_id": lambda w: w.dossier.pk,
    "member_id": lambda w: w.membership.pk,
    "stage": lambda w: "application",  # a step's name, not an object: the dossier makes it the victim's
}


def api_operations(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield path, method.upper(), operation


def test_every_api_operation_by_every_role_of_a_sibling_unit(world):
    w = world
    started = time.monotonic()
    tokens = {}
    for role, user in w.attackers.items():
        _token, raw = api_token_create(actor=user, user=user, name="matrix")
        tokens[role] = {"Authorization": f"Bearer {raw}"}
    client = Client(raise_request_exception=False)
    operations = list(api_operations(client))
    problems = []
    requests = 0
    covered = set()
    victim_body = {
        "candidate_id": w.candidate.pk, "unit_id": w.unit.pk, "person_id": w.person.pk, "course_id": w.course.pk,
        "citizen_id": SECRET_CITIZEN_ID, "q": SECRET_CITIZEN_ID, "opened_on": "2025-01-06",
    }  # fmt: skip
    for route, method, _operation in operations:
        names = re.findall(r"{(\w+)}", route)
        for parameter in names:
            if parameter not in API_OBJECTS:
                raise AssertionError(f"The access matrix cannot fill {{{parameter}}} of {method} {route}: add it to "
                                     f"API_OBJECTS in {__name__}.")  # fmt: skip
        path = re.sub(r"{(\w+)}", lambda m: str(API_OBJECTS[m.group(1)](w)), route)
        covered.add(route)
        before = w.fingerprint()
        send = getattr(client, method.lower())
        response = send(path) if method == "GET" else send(path, "{}", content_type="application/json")
        requests += 1
        if response.status_code != 401:
            problems.append(f"anonymous {method} {path}: {response.status_code}, not 401")
        queries = [None]
        if method == "GET" and not names:
            queries += [{"unit": w.unit.code}, {"unit_id": w.unit.pk}, {"unit": w.tree.university.pk}]
        for role, headers in tokens.items():
            for query in queries:
                if method == "GET":
                    response = client.get(path, query or {}, headers=headers)
                    bodies = [None]
                else:
                    bodies = ["{}", victim_body]
                for body in bodies:
                    if body is not None:
                        payload = body if isinstance(body, str) else json.dumps(body)
                        response = getattr(client, method.lower())(
                            path, payload, content_type="application/json", headers=headers
                        )
                    requests += 1
                    where = (
                        f"{role} {method} {path}{'?' + str(query) if query else ''}{' ' + str(body) if body else ''}"
                    )
                    if response.status_code >= 500:
                        problems.append(f"{where}: {response.status_code}")
                    elif names and 200 <= response.status_code < 300:
                        problems.append(f"{where}: {response.status_code} on the victim's object")
                    elif method == "POST" and 200 <= response.status_code < 300 and body != "{}" and route not in READS:
                        problems.append(f"{where}: {response.status_code} with the victim's objects")
                    elif leaked(response):
                        problems.append(f"{where}: shows {leaked(response)}")
        if w.fingerprint() != before:
            problems.append(f"{method} {route}: the victim's rows changed after the sibling's requests")
    # every API pattern of the URL conf is an operation of the schema
    api_routes = {
        "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route).removeprefix("api/v1/")
        for route, name, _pattern in walk(get_resolver().url_patterns)
        if name.startswith("api-v1:") and name not in {"api-v1:openapi-json", "api-v1:openapi-view", "api-v1:api-root"}
    }
    covered = {route.removeprefix("/api/v1") for route in covered}
    assert api_routes <= covered, api_routes - covered
    assert not problems, "\n".join(problems)
    elapsed = time.monotonic() - started
    print(f"\naccess matrix, API: {len(operations)} operations × {len(tokens)} roles + anonymous, {requests} requests, "
          f"{elapsed:.1f} s")  # fmt: skip


def test_hostile_api_parameters_never_give_a_server_error(world):
    w = world
    _token, raw = api_token_create(actor=w.victim_admin, user=w.victim_admin, name="matrix")
    headers = {"Authorization": f"Bearer {raw}"}
    client = Client(raise_request_exception=False)
    problems = []
    for route, method, _operation in api_operations(client):
        if method != "GET":
            continue
        path = re.sub(r"{(\w+)}", lambda m: str(API_OBJECTS[m.group(1)](w)), route)
        for query in HOSTILE_QUERIES:
            response = client.get(path, query, headers=headers)
            if response.status_code >= 500:
                problems.append(f"GET {path}?{query}: {response.status_code}")
    for route in ["/units/{unit_id}", "/persons/{person_id}"]:
        response = client.get("/api/v1" + route.replace("{unit_id}", "9" * 20).replace("{person_id}", "9" * 20),
                              headers=headers)  # fmt: skip
        if response.status_code >= 500:
            problems.append(f"GET {route} with 20 digits: {response.status_code}")
    assert not problems, "\n".join(problems)


FIELD = re.compile(r'<(?:input|select|textarea)[^>]*\sname="([^"]+)"')


def test_hostile_form_values_never_give_a_server_error(world):
    """Every form the owner's pages show, posted back with each field holding 20 digits, then -1: a form error or a
    refusal, never 500 (a number too large for its column reached the database before, issue #14)."""
    w = world
    client = _client(w.victim_admin)
    problems = []
    posted = 0
    for route, name, _pattern in page_patterns():
        if name in {"logout", "admin:logout", "set_language"} or name.startswith("admin:"):
            continue
        path, _names_object = fill(route, name, w)
        page = client.get(path)
        if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
            continue
        fields = sorted(set(FIELD.findall(page.content.decode())) - {"csrfmiddlewaretoken", "q", "s"})
        if not fields:
            continue
        for value in ["9" * 20, "-1", "2147483648"]:
            response = client.post(path, dict.fromkeys(fields, value))
            posted += 1
            if response.status_code >= 500:
                problems.append(f"POST {path} ({name}) with {fields} = {value}: {response.status_code}")
    assert not problems, "\n".join(problems)
    print(f"\nhostile form values: {posted} posts")


def _properties(schema: dict, body_schema: dict) -> dict:
    if "$ref" in body_schema:
        body_schema = schema["components"]["schemas"][body_schema["$ref"].rpartition("/")[2]]
    return body_schema.get("properties", {})


def test_hostile_api_bodies_never_give_a_server_error(world):
    """Every write operation of the API with each field of its body at 20 digits (numbers and text), then -1, by the
    victim's own administrator on the victim's objects: 4xx, never 500 (a number too large for its column)."""
    w = world
    _token, raw = api_token_create(actor=w.victim_admin, user=w.victim_admin, name="matrix")
    headers = {"Authorization": f"Bearer {raw}"}
    client = Client(raise_request_exception=False)
    schema = client.get("/api/v1/openapi.json").json()
    problems = []
    for route, method, operation in api_operations(client):
        if method == "GET":
            continue
        body_schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
        properties = _properties(schema, body_schema)
        path = re.sub(r"{(\w+)}", lambda m: str(API_OBJECTS[m.group(1)](w)), route)
        for big in [10**20, -1]:
            body = {}
            for key, spec in properties.items():
                kind = spec.get("type") or next((s.get("type") for s in spec.get("anyOf", []) if s.get("type")), None)
                body[key] = big if kind in ("integer", "number") else str(big) if kind == "string" else [big]
            response = getattr(client, method.lower())(
                path, json.dumps(body), content_type="application/json", headers=headers
            )
            if response.status_code >= 500:
                problems.append(f"{method} {path} {body}: {response.status_code}")
    assert not problems, "\n".join(problems)
