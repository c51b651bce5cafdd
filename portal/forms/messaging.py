"""Messages and the choice about read receipts."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.attachments import AttachmentRefused, clean_upload
from portal.forms.base import text_field


class MessageForm(forms.Form):
    text = text_field(
        _("Meddelande"), 4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(
        label=_("Bifoga ett foto eller en PDF (valfritt, högst 10 MB)"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}
        ),
    )
    # Made when the form is drawn (or by the phone's outbox): a resend is stored once.
    client_uuid = forms.UUIDField(widget=forms.HiddenInput)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        try:
            return clean_upload(upload)
        except AttachmentRefused as refused:
            raise forms.ValidationError(str(refused.message)) from None

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if not data.get("text") and not data.get("file") and "file" not in self.errors:
            self.add_error("text", _("Skriv något, eller välj ett foto eller en PDF att skicka."))
        return data


class ReadReceiptsForm(forms.Form):
    share = forms.BooleanField(required=False)
