"""The demo company's own team, its catalogue and the names it goes by.

Tenderete is invented: a point-of-sale and inventory service for small shops, sold per user,
with an online store for the hardware a counter needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rumbo.accounts.schemas import UserCreate
from rumbo.crm.schemas import ProductIn

BRAND = "Tenderete"
COMPETITOR = "PuntoListo"
APP_URL = "app.tenderete.example"
STATUS_URL = "estado.tenderete.example"
STORE_URL = "tienda.tenderete.example"
DEMO_DOMAIN = "demo.rumbo.example"
ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"
DEMO_PASSWORD = "rumbo-demo"  # noqa: S105 - the published password of the sample data


@dataclass(frozen=True)
class StaffMember:
    user: UserCreate
    title: str
    markets: tuple[str, ...] = ()  # countries whose accounts this person manages


def _member(
    local: str, name: str, role: str, title: str, *markets: str, language: str = "es"
) -> StaffMember:
    return StaffMember(
        UserCreate(
            email=f"{local}@{DEMO_DOMAIN}",
            name=name,
            role=role,
            password=DEMO_PASSWORD,
            language=language,
        ),
        title,
        markets,
    )


STAFF: tuple[StaffMember, ...] = (
    _member("admin", "Valeria Ortiz", "admin", "Jefa de Atención al Cliente"),
    _member("andrea.villalobos", "Andrea Villalobos", "agent", "Gerente de cuentas", "MX"),
    _member("rodrigo.mendez", "Rodrigo Méndez", "agent", "Gerente de cuentas", "CO", "PE"),
    _member("julieta.ferraro", "Julieta Ferraro", "agent", "Gerente de cuentas", "AR", "CL"),
    _member("diego.salas", "Diego Salas", "agent", "Agente de soporte"),
    _member("camila.reyes", "Camila Reyes", "agent", "Agente de soporte"),
    _member("sam.whitfield", "Sam Whitfield", "agent", "Support agent", language="en"),
    _member("mariana.quintero", "Mariana Quintero", "communications", "Líder de Comunicación"),
    _member("ernesto.ibarra", "Ernesto Ibarra", "legal", "Legal y protección de datos"),
    _member("paula.cifuentes", "Paula Cifuentes", "viewer", "Dirección de Finanzas"),
)

SUPPORT_AGENTS = tuple(m for m in STAFF if m.title == "Agente de soporte")
ENGLISH_AGENT = next(m for m in STAFF if m.user.language == "en")


def account_manager_for(country: str) -> StaffMember:
    return next(m for m in STAFF if country in m.markets)


def first_name(member: StaffMember) -> str:
    return member.user.name.split(" ")[0]


# Plans are priced per user and month, in US dollars.
PLAN_PRICES = {"Básico": Decimal("9.00"), "Pro": Decimal("19.00"), "Empresa": Decimal("35.00")}


def _product(sku: str, name: str, kind: str, price: str, *aliases: str) -> ProductIn:
    return ProductIn(
        sku=sku, name=name, kind=kind, price=Decimal(price), currency="USD", aliases=list(aliases)
    )


PRODUCTS: tuple[ProductIn, ...] = (
    _product(
        "TND-PLAN-BAS",
        "Tenderete Básico (por usuario)",
        "software",
        "9.00",
        "plan básico",
        "basico",
        "plan basic",
    ),
    _product("TND-PLAN-PRO", "Tenderete Pro (por usuario)", "software", "19.00", "plan pro", "pro"),
    _product(
        "TND-PLAN-EMP",
        "Tenderete Empresa (por usuario)",
        "software",
        "35.00",
        "plan empresa",
        "enterprise",
        "plan empresarial",
    ),
    _product(
        "TND-SRV-INST",
        "Instalación y migración asistida",
        "service",
        "120.00",
        "instalación",
        "migración",
        "puesta en marcha",
    ),
    _product(
        "TND-SRV-CAP",
        "Capacitación en línea (2 horas)",
        "service",
        "60.00",
        "capacitación",
        "curso",
        "training",
    ),
    _product(
        "TND-IMP-58",
        "Impresora térmica de tickets 58 mm USB",
        "hardware",
        "69.00",
        "impresora de tickets",
        "miniprinter",
        "ticketera",
        "impresora 58",
    ),
    _product(
        "TND-IMP-80",
        "Impresora térmica 80 mm USB/Ethernet",
        "hardware",
        "129.00",
        "impresora 80 mm",
        "impresora de red",
        "comandera",
    ),
    _product(
        "TND-IMP-BT",
        "Impresora portátil Bluetooth 58 mm",
        "hardware",
        "89.00",
        "impresora bluetooth",
        "impresora portátil",
    ),
    _product(
        "TND-LEC-1D",
        "Lector de código de barras láser USB",
        "hardware",
        "39.00",
        "lector de barras",
        "escáner",
        "pistola lectora",
        "scanner",
    ),
    _product(
        "TND-LEC-2D",
        "Lector 2D inalámbrico (QR y códigos de barras)",
        "hardware",
        "79.00",
        "lector qr",
        "lector inalámbrico",
        "escáner 2d",
    ),
    _product(
        "TND-CAJ-01",
        "Cajón de dinero metálico 5 billetes / 8 monedas",
        "hardware",
        "59.00",
        "cajón de dinero",
        "gaveta",
        "cajón monedero",
        "caja registradora",
    ),
    _product(
        "TND-PAY-01",
        "Lector de tarjetas con chip y contactless",
        "hardware",
        "49.00",
        "lector de tarjetas",
        "terminal",
        "datáfono",
        "posnet",
        "pinpad",
    ),
    _product(
        "TND-BAL-30",
        "Balanza digital 30 kg con conexión",
        "hardware",
        "109.00",
        "báscula",
        "balanza",
        "pesa",
    ),
    _product(
        "TND-ETQ-01",
        "Impresora de etiquetas y códigos de barras",
        "hardware",
        "149.00",
        "impresora de etiquetas",
        "etiquetadora",
    ),
    _product(
        "TND-PAP-58",
        "Rollos de papel térmico 58 mm (paquete de 10)",
        "hardware",
        "12.00",
        "papel térmico",
        "rollos",
        "bobinas",
    ),
    _product(
        "TND-KIT-01",
        "Kit mostrador: impresora 80 mm + lector + cajón",
        "hardware",
        "219.00",
        "kit mostrador",
        "kit completo",
        "combo punto de venta",
    ),
)
HARDWARE = tuple(p for p in PRODUCTS if p.kind == "hardware")
