from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .reader import megabytes


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.PTDV_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s MB; the limit is %(limit)s MB. Split it into several files."),
                params={"size": megabytes(upload.size), "limit": megabytes(limit)},
            )
        return upload
