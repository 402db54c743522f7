from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, SubmitField
from wtforms.fields.choices import SelectChoice

from app.documents.models import DocumentKind
from app.forms import DutchFileInput, DutchForm


class TemplateUploadForm(DutchForm):
    kind = SelectField(
        "Soort document", choices=[SelectChoice(DocumentKind.PVE.value, DocumentKind.PVE.label)]
    )
    template = FileField(
        "Word-sjabloon (.docx)",
        validators=[FileRequired("Kies een bestand.")],
        widget=DutchFileInput(),
        render_kw={"accept": ".docx"},
    )
    submit = SubmitField("Controleren en in gebruik nemen")
