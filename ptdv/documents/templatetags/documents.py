from django import template

from ptdv.documents.filling import FORMS, slug

register = template.Library()


@register.inclusion_tag("documents/dossier_forms.html")
def dossier_forms(dossier):
    """The forms of a dossier, each downloadable as Word or PDF, and the whole dossier as a zip."""
    return {"dossier": dossier, "forms": [{"code": f.code, "title": f.title, "slug": slug(f.code)} for f in FORMS]}
