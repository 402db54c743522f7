from app.documents.models import Document, DocumentKind, DocumentTemplate
from app.extensions import db


def list_documents(kind: DocumentKind, obj: db.Model) -> list[Document]:
    """Every version, newest first; the file contents stay unloaded."""
    query = (
        db.select(Document)
        .filter_by(kind=kind, object_type=type(obj).__name__, object_id=obj.id)
        .order_by(Document.version_number.desc())
    )
    return list(db.session.scalars(query))


def list_uploaded_templates() -> list[DocumentTemplate]:
    query = db.select(DocumentTemplate).order_by(DocumentTemplate.uploaded_at.desc())
    return list(db.session.scalars(query))
