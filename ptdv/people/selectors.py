"""Reads about persons and the pool, always through the user's scope (people/access.py)."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, DateField, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from ptdv.core.db import prefix_q
from ptdv.membership.selectors import full_members_of_grassroots
from ptdv.units.models import Unit, subtree_q

from . import rules
from .access import candidates_visible_to, persons_visible_to
from .choices import MAJORITY_ETHNIC_GROUP, NO_RELIGION, Occupation, Sex
from .models import Candidate, HelperAssignment, Person, PersonSearchToken


def pool_rules() -> rules.PoolRules:
    return rules.PoolRules(
        min_age_years=settings.PTDV_MIN_AGE_YEARS,
        max_age_years=settings.PTDV_MAX_AGE_YEARS,
        certificate_valid_months=settings.PTDV_CERTIFICATE_VALID_MONTHS,
        certificate_warning_months=settings.PTDV_CERTIFICATE_WARNING_MONTHS,
    )


SEARCH_SIZE_CAP = 100_000
SMALL_SCOPE_UNITS = 50  # a cell or a small grassroots organisation: reading its persons is cheaper than the index


def person_search(*, user, query: str, limit: int = 50) -> list[Person]:
    """Persons in the user's scope whose names, citizen ID or phone have words starting with every word of
    `query`, ignoring case and diacritics ('dung' finds 'Dũng', 'dao' finds 'Đào').

    The rarest word drives the query (its matches are read from the token index); each other word is checked per
    person through the (person, token) index. Rarity is a bounded count, so 'nguyễn' costs no more than needed.
    When every word is very common, or the user's scope is a few units, the scope is walked in name order instead.
    benchmarks/person_search.py measures both paths."""
    tokens = rules.query_tokens(query)
    if not tokens:
        return []

    def matching(token):
        return PersonSearchToken.objects.filter(prefix_q("token", token))

    scope = persons_visible_to(user)
    sizes = {token: matching(token)[:SEARCH_SIZE_CAP].count() for token in tokens}
    rarest, *others = sorted(tokens, key=lambda token: (sizes[token], token))
    if sizes[rarest] == 0:
        return []
    small_scope = (
        user.unit is not None and Unit.objects.subtree(user.unit)[: SMALL_SCOPE_UNITS + 1].count() <= SMALL_SCOPE_UNITS
    )
    if sizes[rarest] < SEARCH_SIZE_CAP and not small_scope:
        found = scope.filter(pk__in=matching(rarest).values("person_id"))
    else:  # every word is common, or the scope is small: walk the scope in name order, checking each person
        others = tokens
        found = scope
    for token in others:
        found = found.filter(Exists(matching(token).filter(person_id=OuterRef("pk"))))
    return list(found.select_related("unit").order_by("sort_name", "id")[:limit])


def latest_certificate_subquery(person_ref: str = "person_id"):
    """The date of the person's latest passed awareness-course certificate: a certificate has a number and a date
    (a "passed" recorded without them is no certificate, issue #15)."""
    from ptdv.training.models import CourseKind, Enrolment, EnrolmentResult

    return Subquery(
        Enrolment.objects.filter(
            person_id=OuterRef(person_ref),
            course__kind=CourseKind.AWARENESS,
            result=EnrolmentResult.PASSED,
            certificate_date__isnull=False,
        )
        .exclude(certificate_number="")
        .order_by("-certificate_date")
        .values("certificate_date")[:1],
        output_field=DateField(),
    )


def _with_pool_facts(candidates: QuerySet[Candidate]) -> QuerySet[Candidate]:
    helpers = (
        HelperAssignment.objects.filter(candidate_id=OuterRef("pk"), ended_on__isnull=True)
        .order_by()
        .values("candidate_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return candidates.select_related("person", "unit").annotate(
        certificate_date=latest_certificate_subquery(),
        helper_count=Coalesce(Subquery(helpers, output_field=IntegerField()), 0),
    )


def candidate_obstacles(candidate: Candidate, on: datetime.date | None = None) -> list[rules.Obstacle]:
    """What stands between this candidate and admission (needs the annotations of _with_pool_facts)."""
    facts = rules.CandidateFacts(
        birth_date=candidate.person.birth_date,
        general_education=candidate.person.general_education,
        education_exception=bool(candidate.education_exception),
        certificate_date=candidate.certificate_date,
        helper_count=candidate.helper_count,
    )
    return rules.candidate_obstacles(facts, on or timezone.localdate(), pool_rules())


@dataclass
class PoolFilters:
    unit: Unit | None = None
    occupation: str = ""
    youth_union: bool | None = None
    min_age: int | None = None
    max_age: int | None = None
    course: str = ""  # "done": a valid certificate; "missing": none or expired
    helper: Person | None = None
    min_months_in_pool: int | None = None


@dataclass
class PoolCounts:
    total: int
    by_category: dict[str, int] = field(default_factory=dict)
    by_occupation: dict[str, int] = field(default_factory=dict)


def pool_candidates(*, user, filters: PoolFilters, on: datetime.date) -> QuerySet[Candidate]:
    """The active candidates the user may see, filtered, with their pool facts."""
    found = _with_pool_facts(candidates_visible_to(user).filter(left_on__isnull=True))
    if filters.unit is not None:
        found = found.filter(subtree_q(filters.unit.path, "unit__path"))
    if filters.occupation:
        found = found.filter(person__occupation=filters.occupation)
    if filters.youth_union is not None:
        found = found.filter(person__youth_union=filters.youth_union)
    # The filters invert the rules' own arithmetic (rules.latest_start), so they agree with the obstacles.
    if filters.min_age is not None:
        found = found.filter(person__birth_date__lte=rules.latest_start(on, 12 * filters.min_age))
    if filters.max_age is not None:
        found = found.filter(person__birth_date__gt=rules.latest_start(on, 12 * (filters.max_age + 1)))
    if filters.course:
        months = pool_rules().certificate_valid_months
        expired_on_or_before = rules.latest_start(on - datetime.timedelta(days=1), months)
        valid = Q(certificate_date__gt=expired_on_or_before)
        missing = Q(certificate_date__isnull=True) | Q(certificate_date__lte=expired_on_or_before)
        found = found.filter(valid if filters.course == "done" else missing)
    if filters.helper is not None:
        found = found.filter(helper_assignments__helper=filters.helper, helper_assignments__ended_on__isnull=True)
    if filters.min_months_in_pool is not None:
        found = found.filter(entered_on__lte=rules.latest_start(on, filters.min_months_in_pool))
    return found.order_by("unit__path", "person__sort_name", "pk")


def pool_counts(candidates: QuerySet[Candidate]) -> PoolCounts:
    """Counts by category (statistics.md codes) and occupation over a filtered pool, in two queries."""
    plain = candidates.order_by().values("pk")
    base = Candidate.objects.filter(pk__in=plain)
    totals = base.aggregate(
        total=Count("pk"),
        woman=Count("pk", filter=Q(person__sex=Sex.FEMALE)),
        ethnic_minority=Count("pk", filter=~Q(person__ethnicity=MAJORITY_ETHNIC_GROUP)),
        religious=Count("pk", filter=~Q(person__religion=NO_RELIGION)),
        youth_union=Count("pk", filter=Q(person__youth_union=True)),
        business_owner=Count("pk", filter=Q(person__business_owner=True)),
    )
    total = totals.pop("total")
    occupations = dict(
        base.order_by().values_list("person__occupation").annotate(n=Count("pk")).values_list("person__occupation", "n")
    )
    return PoolCounts(
        total=total,
        by_category=totals,
        by_occupation={code: occupations.get(code, 0) for code in Occupation.values},
    )


def helper_choices(*, candidate: Candidate) -> QuerySet[Person]:
    """Full members of the candidate's grassroots organisation: who may be assigned as helper."""
    return full_members_of_grassroots(unit=candidate.unit, exclude_person_id=candidate.person_id)


def person_pool_entries(*, person: Person) -> list[Candidate]:
    return list(
        _with_pool_facts(Candidate.objects.filter(person=person))
        .prefetch_related("helper_assignments__helper", "notes__author")
        .order_by("-entered_on")
    )
