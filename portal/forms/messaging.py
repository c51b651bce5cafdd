"""Messages and the choice about read receipts."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.attachments import AttachmentRefused, clean_upload, clean_voice
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
    # A recorded voice message (static/js/voice.js puts the recording here).
    voice = forms.FileField(label=_("Röstmeddelande"), required=False)
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

    def clean_voice(self):
        upload = self.cleaned_data.get("voice")
        if not upload:
            return None
        try:
            return clean_voice(upload)
        except AttachmentRefused as refused:
            raise forms.ValidationError(str(refused.message)) from None

    def clean(self):
        super().clean()
        data = self.cleaned_data
        sent = data.get("text") or data.get("file") or data.get("voice")
        if not sent and "file" not in self.errors and "voice" not in self.errors:
            self.add_error("text", _("Skriv något, eller välj ett foto eller en PDF att skicka."))
        return data


class ReadReceiptsForm(forms.Form):
    share = forms.BooleanField(required=False)
