"""Notification duties after a personal-data breach, per market, as a plan states them.

Stated carefully and always "según la normativa": these are reminders of what each law asks,
for legal and compliance to confirm, not legal advice. Where a law gives no fixed deadline,
none is invented.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BreachRule:
    market: str
    authority_es: str
    authority_en: str
    due_es: str
    due_en: str
    people_es: str
    people_en: str


BREACH_RULES: dict[str, BreachRule] = {
    "ES": BreachRule(
        "ES",
        "Notificar la brecha a la AEPD (RGPD, art. 33)",
        "Notify the breach to the AEPD (GDPR, art. 33)",
        "según la normativa: en 72 horas desde que se conoce, si es posible",
        "as the law requires: within 72 hours of becoming aware, where feasible",
        "Informar sin dilación indebida a las personas afectadas si hay alto riesgo "
        "(RGPD, art. 34)",
        "Tell the people affected without undue delay if the risk is high (GDPR, art. 34)",
    ),
    "MX": BreachRule(
        "MX",
        "Documentar la vulneración y revisar los avisos que pide la LFPDPPP",
        "Document the breach and review the notices the LFPDPPP requires",
        "según la normativa: de inmediato",
        "as the law requires: immediately",
        "Informar de inmediato a los titulares cuyos derechos se vean afectados (LFPDPPP)",
        "Inform the data subjects whose rights are affected immediately (LFPDPPP)",
    ),
    "CO": BreachRule(
        "CO",
        "Reportar el incidente a la SIC en el Registro Nacional de Bases de Datos (Ley 1581)",
        "Report the incident to the SIC in the national database register (Law 1581)",
        "según la normativa: dentro de 15 días hábiles desde que se detecta",
        "as the law requires: within 15 business days of detection",
        "Informar a los titulares afectados (Ley 1581 de 2012)",
        "Inform the data subjects affected (Law 1581 of 2012)",
    ),
    "AR": BreachRule(
        "AR",
        "Evaluar con legal la comunicación a la AAIP (Ley 25.326 y resoluciones de la AAIP)",
        "Assess with legal the notice to the AAIP (Law 25.326 and AAIP resolutions)",
        "según la normativa vigente: cuanto antes",
        "as the rules in force require: as soon as possible",
        "Informar a los titulares afectados (Ley 25.326)",
        "Inform the data subjects affected (Law 25.326)",
    ),
    "CL": BreachRule(
        "CL",
        "Notificar a la Agencia de Protección de Datos Personales (Ley 21.719, una vez en vigor)",
        "Notify the Personal Data Protection Agency (Law 21.719, once in force)",
        "según la normativa: por los medios más expeditos y sin dilaciones indebidas",
        "as the law requires: by the fastest means and without undue delay",
        "Informar a los titulares cuando la ley lo exija (Ley 21.719)",
        "Inform the data subjects when the law requires it (Law 21.719)",
    ),
    "PE": BreachRule(
        "PE",
        "Notificar el incidente a la ANPD (Ley 29733 y su Reglamento)",
        "Notify the incident to the ANPD (Law 29733 and its Regulation)",
        "según la normativa: dentro de 48 horas desde que se conoce",
        "as the law requires: within 48 hours of becoming aware",
        "Informar a los titulares afectados (Reglamento de la Ley 29733)",
        "Inform the data subjects affected (Regulation of Law 29733)",
    ),
}
