"""Writes the starting PvE template, contract_templates/pve/programma_van_eisen.docx.

Run once with `PYTHONPATH=. .venv/bin/python scripts/make_pve_template.py`; afterwards the .docx
is the source: a functional administrator edits it in Word and uploads it. The placeholders
are described in contract_templates/pve/README.md.
"""

from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

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


def table(
    document,
    header: list[str],
    row: list[str],
    loop: str,
    footer: list[str] | None = None,
    font_size: int | None = None,
    widths_mm: list[int] | None = None,
):
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
    if widths_mm:
        grid.autofit = False
        for column, width in zip(grid.columns, widths_mm, strict=True):
            column.width = Mm(width)  # the grid LibreOffice reads
        for grid_row in grid.rows:
            for cell, width in zip(grid_row.cells, widths_mm, strict=True):
                cell.width = Mm(width)
    if font_size:
        for grid_row in grid.rows:
            for cell in grid_row.cells:
                for run in cell.paragraphs[0].runs:
                    run.font.size = Pt(font_size)
    return grid


def paragraph_style(document, name: str, base: str = "Normal"):
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles[base]
    return style


def add_styles(document) -> None:
    """Styles the PvE needs beyond Word's defaults: numbered requirements with a hanging
    indent, the table of contents, and the CONCEPT mark."""
    requirement = paragraph_style(document, "Eis")
    requirement.paragraph_format.left_indent = Mm(14)
    requirement.paragraph_format.first_line_indent = Mm(-14)
    requirement.paragraph_format.tab_stops.add_tab_stop(Mm(14))
    requirement.paragraph_format.space_after = Pt(4)
    contents = paragraph_style(document, "Inhoudsopgave", "Heading 1")
    contents.next_paragraph_style = document.styles["Normal"]
    for level, indent in ((1, 0), (2, 8)):
        entry = paragraph_style(document, f"TOC {level}")
        entry.paragraph_format.left_indent = Mm(indent)
        entry.paragraph_format.space_after = Pt(2)
        entry.paragraph_format.tab_stops.add_tab_stop(
            Mm(160), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )
    mark = paragraph_style(document, "Concept")
    mark.font.bold = True
    mark.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    mark.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for level in (1, 2, 3):
        heading = document.styles[f"Heading {level}"]
        heading.paragraph_format.keep_with_next = True


def loop(document, opening: str, body, closing: str = "{%p endfor %}") -> None:
    document.add_paragraph("{%p " + opening + " %}")
    body()
    document.add_paragraph(closing)


def prose(document, name: str) -> None:
    """A chapter of texts from the tender (subheading and paragraphs per text)."""

    def body():
        document.add_heading("{{ clause.title }}", level=3)
        loop(
            document, "for text in clause.paragraphs", lambda: document.add_paragraph("{{ text }}")
        )

    loop(document, f"for clause in {name}", body)


def numbered(document, name: str) -> None:
    loop(
        document,
        f"for requirement in {name}",
        lambda: document.add_paragraph(
            "{{ requirement.number }}\t{{ requirement.text }}", style="Eis"
        ),
    )


def main() -> None:
    document = Document()
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(11)
    document.core_properties.title = "Programma van Eisen {{ reference }}"
    document.core_properties.author = "Gemeente {{ municipality }}"
    add_styles(document)

    # Cover page: no footer (a different first page), the CONCEPT mark in its own header.
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "{{ concept_mark }}"
    section.first_page_header.paragraphs[0].style = document.styles["Concept"]
    section.header.paragraphs[0].text = "{{ concept_mark }}"
    section.header.paragraphs[0].style = document.styles["Concept"]
    for _ in range(6):
        document.add_paragraph()
    document.add_paragraph("Programma van Eisen", style="Title")
    document.add_paragraph("{{ tender_title }}", style="Subtitle")
    document.add_paragraph("Gemeente {{ municipality }}")
    document.add_paragraph("Kenmerk {{ reference }} · versie {{ version }} · {{ generated_on }}")
    loop(
        document,
        "for title in lot_titles",
        lambda: document.add_paragraph("{{ title }}", style="List Bullet"),
    )
    document.add_page_break()
    document.add_paragraph("Inhoud", style="Inhoudsopgave")
    document.add_page_break()

    document.add_heading("1 Inleiding en aanleiding", level=1)
    loop(document, "for text in introduction", lambda: document.add_paragraph("{{ text }}"))
    document.add_paragraph("{%p if decisions %}")
    document.add_paragraph("Dit Programma van Eisen bouwt voort op:")
    loop(
        document,
        "for decision in decisions",
        lambda: document.add_paragraph("{{ decision }}", style="List Bullet"),
    )
    document.add_paragraph("{%p endif %}")
    document.add_paragraph(
        "De opdracht bestaat uit afzonderlijke percelen, elk met een eigen doelgroep. Per perceel "
        "sluit de gemeente een raamovereenkomst met tussentijdse bijsturingsmomenten. De gemeente "
        "voert de regie: de klantmanager verwijst deelnemers door en blijft verantwoordelijk."
    )

    document.add_heading("2 Procedure en planning", level=1)
    document.add_paragraph("{%p if procedure %}")
    document.add_paragraph("Procedure: {{ procedure }}.")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p if estimated_value %}")
    document.add_paragraph(
        "De geraamde waarde van de opdracht is {{ estimated_value }} exclusief btw, voor alle "
        "percelen samen en inclusief alle opties tot verlenging."
    )
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("De planning van de procedure:")
    table(
        document,
        ["Stap", "Datum"],
        ["{{ step.label }}", "{{ step.date }}"],
        "for step in planning",
        widths_mm=[110, 50],
    )
    document.add_paragraph(
        "Vragen worden alleen schriftelijk gesteld en geanonimiseerd beantwoord in de nota van "
        "inlichtingen, die deel uitmaakt van dit Programma van Eisen."
    )

    document.add_heading("3 Looptijd, opties en opzegging", level=1)
    document.add_paragraph(
        "Per perceel geldt een raamovereenkomst met een eerste contractperiode en opties tot "
        "verlenging. De gemeente beslist per optie of zij die licht en laat dat de opdrachtnemer "
        "uiterlijk op de genoemde datum weten (de opzegtermijn vóór het einde van de lopende "
        "periode). Inclusief alle opties duurt een raamovereenkomst ten hoogste {{ max_months }}."
    )

    def terms_body():
        document.add_heading("{{ term.lots }}", level=3)
        table(
            document,
            ["Periode", "Duur", "Looptijd", "Uiterlijk gelicht (opzegtermijn)"],
            ["{{ row.period }}", "{{ row.months }}", "{{ row.dates }}", "{{ row.notice }}"],
            "for row in term.rows",
            font_size=10,
            widths_mm=[36, 26, 50, 48],
        )

    loop(document, "for term in terms", terms_body)

    document.add_heading("4 Resultaatdefinities", level=1)
    document.add_paragraph(
        "Deze definities gelden voor de rapportage, de normen en de bekostiging van alle percelen."
    )
    prose(document, "results")

    document.add_heading("5 Percelen", level=1)

    def lot_body():
        document.add_heading("{{ lot.number }} {{ lot.title }}", level=2)
        document.add_heading("Doelgroep", level=3)
        document.add_paragraph("Doelgroep: {{ lot.target_group }}.")
        loop(document, "for text in lot.profile", lambda: document.add_paragraph("{{ text }}"))
        document.add_paragraph("{%p if lot.expected %}")
        document.add_paragraph("{{ lot.expected }}")
        document.add_paragraph("{%p endif %}")
        document.add_heading("Gevraagde dienstverlening", level=3)
        loop(document, "for text in lot.service", lambda: document.add_paragraph("{{ text }}"))
        document.add_paragraph("{%p if lot.cpv %}")
        document.add_paragraph("Hoofd-CPV-code: {{ lot.cpv }}.")
        document.add_paragraph("{%p endif %}")
        document.add_heading("Werkproces en termijnen", level=3)
        table(
            document,
            ["Stap", "Termijn en afspraak"],
            ["{{ step.step }}", "{{ step.term }}"],
            "for step in lot.process",
            widths_mm=[35, 125],
        )
        document.add_heading("Resultaten", level=3)
        document.add_paragraph("{{ lot.lasting_outflow }} De definities in hoofdstuk 4 gelden.")
        document.add_heading("Prestatie-indicatoren en normen", level=3)
        document.add_paragraph(
            "De opdrachtnemer rapporteert per bijsturingsmoment de realisatie van elke indicator "
            "tegenover de norm. Een minimum moet ten minste, een maximum mag ten hoogste worden "
            "bereikt; binnen de tolerantie geldt een norm als deels behaald."
        )
        kpis = table(
            document,
            ["Indicator en definitie", "Eenheid", "Norm", "Tolerantie", "Meetmoment"],
            [
                "{{ kpi.name }}",
                "{{ kpi.unit }}",
                "{{ kpi.norm }}",
                "{{ kpi.tolerance }}",
                "{{ kpi.measured_when }}",
            ],
            "for kpi in lot.kpis",
            font_size=9,
            widths_mm=[48, 21, 24, 25, 42],
        )
        indicator = kpis.rows[2].cells[0]
        indicator.paragraphs[0].runs[0].bold = True
        definition = indicator.add_paragraph().add_run("{{ kpi.definition }}")
        definition.font.size = Pt(9)
        document.add_heading("Bekostiging", level=3)
        table(
            document,
            ["Onderdeel", "Bedrag of afspraak (excl. btw)"],
            ["{{ row.label }}", "{{ row.value }}"],
            "for row in lot.payment",
            widths_mm=[80, 80],
        )
        document.add_heading("Eisen", level=3)

        def group_body():
            document.add_heading("{{ group.label }}", level=4)
            numbered(document, "group.requirements")

        loop(document, "for group in lot.requirement_groups", group_body)
        document.add_heading("Gunning", level=3)
        document.add_paragraph("{{ lot.award_basis }}")
        table(
            document,
            ["Criterium", "Omschrijving", "Soort", "Weging"],
            [
                "{{ criterion.name }}",
                "{{ criterion.description }}",
                "{{ criterion.kind }}",
                "{{ criterion.weight }}",
            ],
            "for criterion in lot.criteria",
            footer=["Totaal", "", "", "{{ lot.weights_total }}"],
            font_size=10,
            widths_mm=[40, 80, 20, 20],
        )
        document.add_paragraph("{{ lot.price_formula }}")

    loop(document, "for lot in lots", lot_body)

    document.add_heading("6 Beoordeling van de inschrijvingen", level=1)
    document.add_paragraph(
        "Elk kwaliteitscriterium wordt door een beoordelingscommissie met een score beoordeeld "
        "op de schaal hieronder. De punten per criterium zijn de score gedeeld door 10, maal de "
        "weging. De prijs wordt per perceel beoordeeld met de formule die bij het perceel staat. "
        "De inschrijving met de meeste punten is de economisch meest voordelige."
    )
    table(
        document,
        ["Score", "Oordeel", "Toelichting"],
        ["{{ grade.score }}", "{{ grade.label }}", "{{ grade.meaning }}"],
        "for grade in quality_scale",
        widths_mm=[20, 40, 100],
    )

    document.add_heading("7 Kwaliteit", level=1)
    prose(document, "quality")

    document.add_heading("8 Privacy en informatiebeveiliging", level=1)
    document.add_paragraph(
        "De opdrachtnemer meldt een (vermoed) datalek binnen {{ breach_hours }} uur na ontdekking "
        "aan de gemeente. Dossiers van deelnemers worden {{ retention_years }} jaar na het einde "
        "van het traject bewaard en daarna vernietigd."
    )
    prose(document, "privacy")
    numbered(document, "privacy_requirements")

    document.add_heading("9 Rapportage, bijsturing en escalatie", level=1)
    document.add_paragraph(
        "Elke {{ steering_interval }} is er een tussentijds bijsturingsmoment; deze momenten "
        "maken deel uit van de overeenkomst. Bij afwijking van een norm maken gemeente en "
        "opdrachtnemer bijsturingsafspraken, elk met een eigenaar en een termijn."
    )
    document.add_paragraph("{%p if steering_dates %}")
    document.add_paragraph(
        "In de eerste contractperiode vallen de bijsturingsmomenten op: {{ steering_dates }}."
    )
    document.add_paragraph("{%p endif %}")
    prose(document, "reporting")
    numbered(document, "reporting_requirements")

    document.add_heading("10 Social return", level=1)
    document.add_paragraph(
        "De opdrachtnemer besteedt ten minste {{ social_return_percent }} van de opdrachtwaarde "
        "aan werk, stages of leerplekken voor mensen met een afstand tot de arbeidsmarkt, en "
        "verantwoordt dat jaarlijks aan de gemeente."
    )
    numbered(document, "social_return_requirements")

    document.add_heading("11 Bekostiging en facturatie", level=1)
    document.add_paragraph(
        "Het bekostigingsmodel en de bedragen staan per perceel in hoofdstuk 5. De bedragen zijn "
        "maxima exclusief btw; de gemeente betaalt alleen geleverde en aangetoonde prestaties."
    )
    prose(document, "invoicing")

    document.add_heading("12 Aansprakelijkheid, beëindiging en inkoopvoorwaarden", level=1)
    prose(document, "conditions")

    document.add_heading("13 Begrippenlijst", level=1)
    table(
        document,
        ["Begrip", "Betekenis"],
        ["{{ entry.term }}", "{{ entry.definition }}"],
        "for entry in glossary",
        widths_mm=[45, 115],
    )

    document.add_paragraph("{%p if notices %}")
    document.add_heading("14 Nota's van inlichtingen", level=1)

    def notice_body():
        document.add_heading("Nota {{ notice.number }} van {{ notice.issued_on }}", level=2)
        document.add_paragraph("{{ notice.summary }}")
        loop(
            document,
            "for change in notice.changes",
            lambda: document.add_paragraph(
                "{{ change.subject }}, {{ change.field }}: "
                "{{ change.before }} → {{ change.after }}",
                style="List Bullet",
            ),
        )

    loop(document, "for notice in notices", notice_body)
    document.add_paragraph("{%p endif %}")

    update = OxmlElement("w:updateFields")  # Word refreshes the contents' page numbers on open
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)
    save_with_footer(
        document, TARGET, "{{ reference }} · Programma van Eisen · versie {{ version }} · pagina "
    )


if __name__ == "__main__":
    main()
