"""The history of every membership already on the roll, from its dates: the admission decision (in its cell), the
ceremony, the recognition as a full member, and the strike-off of a probationary member; then the periods the
roll-at-a-date reads (membership.rules.replay, plain Python)."""

from django.db import migrations

CHUNK = 2000


def forwards(apps, schema_editor):
    from ptdv.membership import rules

    Membership = apps.get_model("membership", "Membership")
    RollEvent = apps.get_model("membership", "RollEvent")
    RollPeriod = apps.get_model("membership", "RollPeriod")
    Membership.objects.filter(admission_unit__isnull=True).update(admission_unit=models_f("unit"))
    ids = list(Membership.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        events, periods = [], []
        for m in Membership.objects.filter(pk__in=chunk):
            rows = [(rules.ADMITTED, m.decision_date, m.unit_id, rules.PROBATIONARY, m.decision_number)]
            if m.ceremony_date:
                rows.append((rules.CEREMONY, m.ceremony_date, None, "", ""))
            if m.full_member_date:
                rows.append((rules.FULL, m.full_member_date, None, "", ""))
            if m.status == "struck_off":
                rows.append((rules.STRUCK_OFF, m.ended_on or m.decision_date, None, "", ""))
            steps = [rules.Step(key=n, kind=k, date=d, unit=u, status=s, seq=n) for n, (k, d, u, s, _x) in
                     enumerate(rows)]  # fmt: skip
            history = rules.replay(steps, lenient=True)
            for item in history.replayed:
                kind, day, unit, status, number = rows[item.step.key]
                events.append(
                    RollEvent(
                        membership_id=m.pk, kind=kind, date=day, unit_id=unit, status=status, document_number=number,
                        unit_before_id=item.before.unit if item.before.on_roll else None,
                        unit_after_id=item.after.unit if item.after.on_roll else None,
                        status_before=item.before.status if item.before.on_roll else "",
                        status_after=item.after.status if item.after.on_roll else "",
                    )
                )  # fmt: skip
            for p in history.periods:
                periods.append(RollPeriod(membership_id=m.pk, unit_id=p.unit, status=p.status, exempted=False,
                                          valid_from=p.valid_from, valid_to=p.valid_to))  # fmt: skip
        RollEvent.objects.bulk_create(events, batch_size=CHUNK)
        RollPeriod.objects.bulk_create(periods, batch_size=CHUNK)


def models_f(name):
    from django.db.models import F

    return F(name)


def backwards(apps, schema_editor):
    apps.get_model("membership", "RollPeriod").objects.all().delete()
    apps.get_model("membership", "RollEvent").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("membership", "0006_roll_history")]
    operations = [migrations.RunPython(forwards, backwards)]
