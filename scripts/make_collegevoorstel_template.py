"""Writes the starting collegevoorstel template, contract_templates/approvals/collegevoorstel.docx.

Run once with `PYTHONPATH=. .venv/bin/python scripts/make_collegevoorstel_template.py`;
afterwards the .docx is the source, edited in Word and uploaded by a functional administrator.
The structure follows Haarlem's college decisions (docs/domain.md §7); the placeholders are
described in contract_templates/approvals/README.md.
"""

from pathlib import Path

from docx import Document
from docx.shared import Pt

from scripts.make_pve_template import save_with_footer, table

TARGET = (
    Path(__file__).resolve().parent.parent
    / "contract_templates"
    / "approvals"
    / "collegevoorstel.docx"
)


def paragraphs(document, name: str, style: str | None = None) -> None:
    """One Word paragraph per paragraph of the requester's text."""
    document.add_paragraph("{%p for paragraph in " + name + " %}")
    document.add_paragraph("{{ paragraph }}", style=style)
    document.add_paragraph("{%p endfor %}")


def spaced(paragraph) -> None:
    """Some room between a table and the text after it."""
    paragraph.paragraph_format.space_before = Pt(8)


def main() -> None:
    document = Document()
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(11)
    document.core_properties.title = "Collegevoorstel {{ registration_number }}"
    document.core_properties.author = "Gemeente {{ municipality }}"

    document.add_paragraph("Collegevoorstel", style="Title")
    document.add_paragraph("{{ title }}", style="Subtitle")
    document.add_paragraph(
        "Gemeente {{ municipality }} · registratienummer {{ registration_number }} · "
        "{{ subject }} · ingediend door {{ requester }} op {{ submitted_on }}"
    )

    document.add_heading("Kernboodschap", level=2)
    paragraphs(document, "key_message")
    document.add_heading("Behandelvoorstel voor commissie", level=2)
    paragraphs(document, "committee_proposal")
    document.add_heading("Relevante eerdere besluiten", level=2)
    document.add_paragraph("{%p if earlier_decisions %}")
    document.add_paragraph("{%p for decision in earlier_decisions %}")
    document.add_paragraph("{{ decision.citation }}", style="List Bullet")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p for url in decision_urls %}")
    document.add_paragraph("{{ url }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p else %}")
    document.add_paragraph("Geen.")
    document.add_paragraph("{%p endif %}")
    document.add_heading("Besluit College d.d. {{ decision_date }}", level=2)
    document.add_paragraph("Het college van burgemeester en wethouders")
    document.add_paragraph("Besluit:")
    document.add_paragraph("{%p for point in decision_points %}")
    document.add_paragraph("{{ point }}", style="List Number")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("de secretaris,\t\t\t\tde burgemeester,")
    document.add_page_break()

    document.add_heading("1. Inleiding", level=1)
    paragraphs(document, "introduction")
    document.add_heading("2. Besluitpunten college", level=1)
    document.add_paragraph("{%p for point in decision_points %}")
    document.add_paragraph("{{ point }}", style="List Number 2")
    document.add_paragraph("{%p endfor %}")
    table(
        document,
        ["Wat voorligt", ""],
        ["{{ row.label }}", "{{ row.value }}"],
        "for row in subject_rows",
    )
    document.add_heading("3. Beoogd resultaat", level=1)
    paragraphs(document, "intended_result")
    document.add_heading("4. Argumenten", level=1)
    paragraphs(document, "arguments")
    document.add_paragraph("{%p if evidence.shown %}")
    document.add_heading("Prestaties van het contract", level=2)
    document.add_paragraph("{%p if evidence.warning %}")
    document.add_paragraph("{{ evidence.warning }}", style="Intense Quote")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{{ evidence.summary }}")
    document.add_paragraph("{%p if evidence.kpis %}")
    table(
        document,
        ["Indicator", "Norm", "Laatste realisatie", "Beoordeling", "Vorige", "Verloop"],
        [
            "{{ kpi.name }}",
            "{{ kpi.norm }}",
            "{{ kpi.value }} ({{ kpi.moment }})",
            "{{ kpi.rating }}",
            "{{ kpi.previous }}",
            "{{ kpi.trend }}",
        ],
        "for kpi in evidence.kpis",
    )
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p if evidence.actions %}")
    spaced(document.add_paragraph("Open afspraken uit de bijsturingsmomenten:"))
    document.add_paragraph("{%p for action in evidence.actions %}")
    document.add_paragraph(
        "{{ action.text }} — {{ action.owner }}, uiterlijk {{ action.due_on }}"
        "{% if action.overdue %} (termijn verstreken){% endif %}",
        style="List Bullet",
    )
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p endif %}")
    document.add_heading("Financiën", level=2)
    table(
        document,
        ["{{ finance_columns[0] }}", "{{ finance_columns[1] }}", "{{ finance_columns[2] }}"],
        ["{{ line.label }}", "{{ line.target_group }}", "{{ line.amount }}"],
        "for line in finance",
        footer=["{{ finance_total_label }}", "", "{{ finance_total }}"],
    )
    spaced(document.add_paragraph("{{ finance_note }}"))
    document.add_heading("Communicatie", level=2)
    paragraphs(document, "communication")
    document.add_heading("5. Risico's en kanttekeningen", level=1)
    paragraphs(document, "risks")
    document.add_heading("6. Uitvoering", level=1)
    paragraphs(document, "implementation")
    document.add_heading("7. Bijlagen", level=1)
    document.add_paragraph("{%p for annex in annexes %}")
    document.add_paragraph("Bijlage {{ loop.index }}: {{ annex }}")
    document.add_paragraph("{%p else %}")
    document.add_paragraph("Geen.")
    document.add_paragraph("{%p endfor %}")

    save_with_footer(document, TARGET, "{{ registration_number }} {{ short_title }} · pagina ")


if __name__ == "__main__":
    main()
