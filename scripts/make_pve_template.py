"""Writes the starting PvE template, contract_templates/pve/programma_van_eisen.docx.

Run once with `PYTHONPATH=. .venv/bin/python scripts/make_pve_template.py`; afterwards the .docx
is the source: a functional administrator edits it in Word and uploads it. The placeholders
are described in contract_templates/pve/README.md.
"""

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TARGET = (
    Path(__file__).resolve().parent.parent
    / "contract_templates"
    / "pve"
    / "programma_van_eisen.docx"
)


def page_number(paragraph) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def dutch_a4(document) -> None:
    """A4 with 25 mm margins, and Dutch (nl-NL) as the language of all text, so Word and
    LibreOffice check spelling, hyphenate and print as a Dutch municipality expects."""
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(25))
    document.core_properties.language = "nl-NL"
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_properties.append(language)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        language.set(qn(attribute), "nl-NL")


def save_with_footer(document, target: Path, footer_text: str) -> None:
    """Put `footer_text` and the page number in the footer, make the page Dutch A4, and write
    the template."""
    dutch_a4(document)
    footer = document.sections[0].footer.paragraphs[0]
    footer.text = footer_text
    page_number(footer)
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(target)
    print(f"written {target}")


def table(document, header: list[str], row: list[str], loop: str, footer: list[str] | None = None):
    """A table whose middle row repeats: docxtpl's {%tr %} rows around it."""
    rows = 4 + (1 if footer else 0)
    grid = document.add_table(rows=rows, cols=len(header))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, header, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page of the table
    repeat.set(qn("w:val"), "true")
    grid.rows[0]._tr.get_or_add_trPr().append(repeat)
    for grid_row in grid.rows:  # a row is never split over two pages
        keep = OxmlElement("w:cantSplit")
        keep.set(qn("w:val"), "true")
        grid_row._tr.get_or_add_trPr().append(keep)
    grid.rows[1].cells[0].text = "{%tr " + loop + " %}"
    for cell, text in zip(grid.rows[2].cells, row, strict=True):
        cell.text = text
    grid.rows[3].cells[0].text = "{%tr endfor %}"
    if footer:
        for cell, text in zip(grid.rows[4].cells, footer, strict=True):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
    return grid


def main() -> None:
    document = Document()
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(11)
    document.core_properties.title = "Programma van Eisen {{ reference }}"
    document.core_properties.author = "Gemeente {{ municipality }}"

    title = document.add_paragraph("Programma van Eisen", style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.LEFT
    document.add_paragraph("{{ tender_title }}", style="Subtitle")
    document.add_paragraph("Gemeente {{ municipality }}")
    document.add_paragraph("Kenmerk {{ reference }} · versie {{ version }} · {{ generated_on }}")
    document.add_paragraph("Opgesteld door {{ author }}")
    document.add_page_break()

    document.add_heading("1. Inleiding en beleidscontext", level=1)
    document.add_paragraph("{{ introduction }}")
    document.add_paragraph("{{ policy_context }}")

    document.add_heading("2. Procedure en planning", level=1)
    document.add_paragraph(
        "Geraamde waarde: {{ estimated_value }} (alle percelen, inclusief alle opties, excl. btw)."
    )
    document.add_paragraph("Procedure: {{ procedure }}.")
    document.add_paragraph("{{ procedure_advice }}")
    document.add_paragraph("Motivering volgens de Gids Proportionaliteit (voorschrift 3.4A):")
    document.add_paragraph("{%p for factor in motivation %}")
    document.add_paragraph("{{ factor.label }}: {{ factor.text }}", style="List Bullet")
    document.add_paragraph("{%p endfor %}")
    table(
        document, ["Stap", "Datum"], ["{{ step.label }}", "{{ step.date }}"], "for step in timeline"
    )

    document.add_heading("3. Looptijd en verlengingsopties", level=1)
    document.add_paragraph("{{ duration }}")

    document.add_heading("4. Tussentijdse bijsturing", level=1)
    document.add_paragraph("{{ steering_clause }}")

    document.add_heading("5. Percelen", level=1)
    document.add_paragraph("{%p for lot in lots %}")
    document.add_heading("Perceel {{ lot.number }}: {{ lot.title }}", level=2)
    document.add_paragraph("Doelgroep: {{ lot.target_group }}")
    document.add_paragraph("{{ lot.scope }}")
    document.add_paragraph(
        "Budget per jaar: {{ lot.budget }} · begroot aantal trajecten: {{ lot.planned_count }}"
        " · prijs per traject: {{ lot.unit_price }}"
    )
    document.add_paragraph("Hoofd-CPV-code: {{ lot.cpv }} · looptijd: {{ lot.duration }}")
    document.add_heading("Eisen", level=3)
    document.add_paragraph("{%p for group in lot.requirement_groups %}")
    document.add_paragraph("{{ group.label }}")
    document.add_paragraph("{%p for requirement in group.requirements %}")
    # Numbered by Regie ("2.3"), not by a Word list style that would count across all lots.
    document.add_paragraph("{{ requirement.number }}  {{ requirement.text }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endfor %}")
    document.add_heading("Prestatie-indicatoren en normen", level=3)
    document.add_paragraph("{%p if not lot.kpis %}")
    document.add_paragraph("Voor dit perceel zijn nog geen normen vastgelegd.")
    document.add_paragraph("{%p else %}")
    table(
        document,
        ["Indicator", "Norm per bijsturingsmoment", "Tolerantie"],
        ["{{ kpi.name }}", "{{ kpi.target }}", "{{ kpi.tolerance }}"],
        "for kpi in lot.kpis",
    )
    document.add_paragraph("{%p endif %}")
    document.add_heading("Gunningscriteria", level=3)
    document.add_paragraph("{{ lot.award_basis }}")
    table(
        document,
        ["Criterium", "Soort", "Weging"],
        ["{{ criterion.name }}", "{{ criterion.kind }}", "{{ criterion.weight }}"],
        "for criterion in lot.criteria",
        footer=["Totaal", "", "{{ lot.weights_total }}"],
    )
    document.add_paragraph("{%p endfor %}")

    document.add_heading("6. Algemene eisen", level=1)
    document.add_paragraph("Deze eisen gelden voor elk perceel.")
    document.add_paragraph("{%p for group in general_requirements %}")
    document.add_paragraph("{{ group.label }}")
    document.add_paragraph("{%p for requirement in group.requirements %}")
    document.add_paragraph("{{ requirement.text }}", style="List Bullet")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endfor %}")

    document.add_paragraph("{%p if notices %}")
    document.add_heading("7. Nota's van inlichtingen", level=1)
    document.add_paragraph("{%p for notice in notices %}")
    document.add_paragraph(
        "Nota {{ notice.number }} ({{ notice.issued_on }}): {{ notice.summary }}"
    )
    document.add_paragraph("{%p for change in notice.changes %}")
    document.add_paragraph(
        "{{ change.subject }}, {{ change.field }}: {{ change.before }} → {{ change.after }}",
        style="List Bullet",
    )
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endif %}")

    save_with_footer(
        document, TARGET, "{{ reference }} · Programma van Eisen · versie {{ version }} · pagina "
    )


if __name__ == "__main__":
    main()
