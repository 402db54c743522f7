"""Download any list as Excel or CSV, with the filters the list page had."""

from io import BytesIO

from flask import Blueprint, request, send_file

from app.core.dates import local_today
from app.exports.excel import XLSX_MEDIA_TYPE
from app.exports.lists import LISTS, as_csv, as_xlsx, list_export
from app.permissions import require

bp = Blueprint("exports", __name__, url_prefix="/exporteren")
FORMATS = {"xlsx": (as_xlsx, XLSX_MEDIA_TYPE), "csv": (as_csv, "text/csv; charset=utf-8")}


@bp.get(f"/<any({', '.join(LISTS)}):name>.<any(xlsx, csv):file_format>")
@require("export.download")
def list_file(name: str, file_format: str):
    today = local_today()
    export = list_export(name, request.args, today)
    write, media_type = FORMATS[file_format]
    return send_file(
        BytesIO(write(export)),
        mimetype=media_type,
        as_attachment=True,
        download_name=f"{export.name}-{today.isoformat()}.{file_format}",
    )
