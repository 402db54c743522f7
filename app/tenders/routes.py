"""The routes by which a municipality gets a service delivered, and why every route but a
tender has no procurement procedure to advise on."""

from app.core.statuses import LabeledEnum


class Route(LabeledEnum):
    TENDER = "tender", "Aanbesteding"
    IN_HOUSE = "in_house", "Inbesteding"
    REFERRAL = "referral", "Doorverwijzing"
    JOINT_ARRANGEMENT = "joint_arrangement", "Gemeenschappelijke regeling"
    SUBSIDY = "subsidy", "Subsidie"
    COOPERATION = "cooperation", "Samenwerkingsovereenkomst"
    MUNICIPAL_PURCHASE = "municipal_purchase", "Afname bij een andere gemeente"


# Why there is no procedure to advise on: every route but a tender buys nothing on the market.
NO_PROCEDURE_BECAUSE = {
    Route.IN_HOUSE: "Inbesteding: de gemeente laat het werk doen door een eigen organisatie "
    "(zoals Pasmatch) en koopt niets in op de markt. De aanbestedingsregels gelden dan niet; "
    "er is geen procedure te kiezen.",
    Route.REFERRAL: "Doorverwijzing: de gemeente verwijst werkzoekenden naar partijen die hun "
    "eigen verdienmodel hebben (zoals uitzendbureaus) en geeft geen opdracht. Zonder opdracht "
    "is er geen aanbesteding en geen procedure.",
    Route.JOINT_ARRANGEMENT: "Gemeenschappelijke regeling: de taak is belegd bij een openbaar "
    "lichaam van de deelnemende gemeenten (zoals BaanStede), dat haar uitvoert met de bijdrage "
    "uit de begroting van de regeling. Dat is geen opdracht op de markt; de "
    "aanbestedingsregels gelden niet.",
    Route.SUBSIDY: "Subsidie: de gemeente verstrekt geld voor activiteiten van de ontvanger "
    "(titel 4.2 Algemene wet bestuursrecht) en bedingt geen prestatie voor zichzelf. Dat is "
    "geen overheidsopdracht: de subsidieregeling en het staatssteunkader gelden, de "
    "aanbestedingsregels niet.",
    Route.COOPERATION: "Samenwerkingsovereenkomst: overheden voeren samen een publieke taak "
    "uit, zonder winstoogmerk en zonder dat een marktpartij wordt bevoordeeld. Zo'n "
    "samenwerking valt buiten de aanbestedingsregels; leg de gezamenlijke doelen en de "
    "verdeling van de kosten vast in de overeenkomst.",
    Route.MUNICIPAL_PURCHASE: "Afname bij een andere gemeente (zoals schuldhulpverlening van "
    "Zoetermeer): een afspraak tussen overheden over een publieke taak die de leverende "
    "gemeente niet op de markt aanbiedt, valt buiten de aanbestedingsregels. Leg de prijs en "
    "de looptijd vast in een dienstverleningsovereenkomst.",
}
