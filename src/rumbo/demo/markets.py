"""The five markets of the demo company: names, cities, money, phones and local words.

Everything here is invented for the demo; domains use the reserved ``.example`` top-level domain
so no message can ever reach a real mailbox.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Market:
    country: str
    name: str
    currency: str
    usd_rate: float  # local units per US dollar, rounded; only used to price store orders
    utc_offset: int  # hours; fixed, which is close enough for office-hour rhythm
    weight: float  # share of the customer base
    first_names: tuple[str, ...]
    surnames: tuple[str, ...]
    cities: tuple[str, ...]
    shop_kinds: tuple[str, ...]
    card_reader: str  # what people call the card terminal here
    invoice: str  # what people call an electronic invoice here
    tax_id: str
    tax_office: str
    courier: str

    @property
    def invoice_the(self) -> str:
        """The invoice's name with its article: "la factura CFDI", "el comprobante…"."""
        masculine = self.invoice.startswith("comprobante")
        return f"{'el' if masculine else 'la'} {self.invoice}"

    @property
    def tax_office_the(self) -> str:
        """The tax office with its article: "el SAT", "la DIAN"."""
        feminine = self.tax_office in {"DIAN", "AFIP", "SUNAT"}
        return f"{'la' if feminine else 'el'} {self.tax_office}"

    @property
    def of_tax_office(self) -> str:
        """ "del SAT", "de la DIAN"."""
        the = self.tax_office_the
        return "del" + the[2:] if the.startswith("el ") else f"de {the}"

    def phone(self, rng: random.Random) -> str:
        """A mobile number in this market's usual written form, with the country prefix."""

        def d(n: int) -> str:
            return "".join(str(rng.randrange(10)) for _ in range(n))

        if self.country == "MX":
            area = rng.choice(["55", "33", "81", "222", "442", "999"])
            return f"+52 {area} {d(4)} {d(4)}" if len(area) == 2 else f"+52 {area} {d(3)} {d(4)}"
        if self.country == "CO":
            return f"+57 3{rng.randrange(0, 3)}{d(1)} {d(3)} {d(4)}"
        if self.country == "AR":
            return f"+54 9 {rng.choice(['11', '351', '341', '261'])} {d(4)}-{d(4)}"
        if self.country == "CL":
            return f"+56 9 {d(4)} {d(4)}"
        return f"+51 9{d(2)} {d(3)} {d(3)}"


# Hand-laid data tables: the formatter would spread them over hundreds of lines.
# fmt: off
MARKETS: tuple[Market, ...] = (
    Market(
        "MX", "México", "MXN", 17.5, -6, 0.34,
        ("José Luis", "María Guadalupe", "Juan Carlos", "Alejandra", "Fernanda", "Luis Ángel",
         "Verónica", "Miguel Ángel", "Ximena", "Ricardo", "Itzel", "Jorge", "Daniela", "Héctor",
         "Mariana", "Óscar", "Karla", "Rogelio", "Paola", "Arturo", "Brenda", "Emiliano"),
        ("Hernández", "García", "Martínez", "López", "González", "Pérez", "Rodríguez", "Sánchez",
         "Ramírez", "Cruz", "Flores", "Gómez", "Morales", "Vázquez", "Jiménez", "Reyes",
         "Mendoza", "Aguilar", "Ortega", "Castañeda", "Zamora", "Villarreal"),
        ("Ciudad de México", "Guadalajara", "Monterrey", "Puebla", "Querétaro", "Mérida",
         "León", "Tijuana", "Oaxaca", "Toluca"),
        ("Abarrotes", "Ferretería", "Farmacia", "Papelería", "Tortillería", "Miscelánea",
         "Refaccionaria", "Boutique", "Zapatería", "Cafetería", "Panadería", "Óptica"),
        "terminal", "factura CFDI", "RFC", "SAT", "Estafeta",
    ),
    Market(
        "CO", "Colombia", "COP", 4000, -5, 0.24,
        ("Andrés Felipe", "Juan David", "Valentina", "Luisa Fernanda", "Carlos Andrés",
         "Daniela", "Santiago", "Paula Andrea", "Julián", "Catalina", "Sebastián", "Natalia",
         "Camilo", "Laura", "Jhon Fredy", "Marcela", "Mauricio", "Yuliana", "Alejandro"),
        ("Rodríguez", "Gómez", "Restrepo", "Ospina", "Cárdenas", "Londoño", "Vargas",
         "Castaño", "Zuluaga", "Moreno", "Jaramillo", "Quintero", "Salazar", "Giraldo",
         "Montoya", "Arango", "Valencia", "Duque", "Rincón", "Bermúdez"),
        ("Bogotá", "Medellín", "Cali", "Barranquilla", "Bucaramanga", "Pereira", "Cartagena",
         "Manizales"),
        ("Tienda", "Droguería", "Miscelánea", "Ferretería", "Panadería", "Papelería",
         "Cacharrería", "Almacén", "Minimercado", "Café"),
        "datáfono", "factura electrónica", "NIT", "DIAN", "Servientrega",
    ),
    Market(
        "AR", "Argentina", "ARS", 950, -3, 0.18,
        ("Martín", "Lucía", "Gonzalo", "Florencia", "Facundo", "Agustina", "Santiago",
         "Micaela", "Nicolás", "Camila", "Federico", "Sofía", "Matías", "Julieta", "Tomás",
         "Rocío", "Ezequiel", "Belén", "Leandro", "Carolina"),
        ("González", "Fernández", "Rodríguez", "López", "Gómez", "Díaz", "Romano", "Ferrari",
         "Sosa", "Acosta", "Benítez", "Rossi", "Medina", "Herrera", "Giménez", "Álvarez",
         "Bianchi", "Pereyra", "Ledesma", "Sánchez"),
        ("Buenos Aires", "Córdoba", "Rosario", "Mendoza", "La Plata", "Mar del Plata",
         "Tucumán", "Salta"),
        ("Almacén", "Kiosco", "Ferretería", "Librería", "Vinoteca", "Dietética", "Farmacia",
         "Heladería", "Pinturería", "Polirrubro", "Panadería"),
        "posnet", "factura electrónica", "CUIT", "AFIP", "Andreani",
    ),
    Market(
        "CL", "Chile", "CLP", 930, -4, 0.12,
        ("Matías", "Catalina", "Benjamín", "Javiera", "Sebastián", "Constanza", "Felipe",
         "Francisca", "Vicente", "Antonia", "Ignacio", "Fernanda", "Cristóbal", "Valentina",
         "Rodrigo", "Macarena"),
        ("Muñoz", "Rojas", "Díaz", "Soto", "Contreras", "Silva", "Sepúlveda", "Morales",
         "Araya", "Fuentes", "Valenzuela", "Espinoza", "Tapia", "Reyes", "Castillo", "Cortés"),
        ("Santiago", "Valparaíso", "Concepción", "La Serena", "Antofagasta", "Temuco",
         "Viña del Mar", "Rancagua"),
        ("Botillería", "Minimarket", "Ferretería", "Almacén", "Librería", "Farmacia",
         "Panadería", "Bazar", "Emporio"),
        "máquina de tarjetas", "boleta electrónica", "RUT", "SII", "Chilexpress",
    ),
    Market(
        "PE", "Perú", "PEN", 3.75, -5, 0.12,
        ("Luis", "Rosa", "Jorge", "Milagros", "Renzo", "Kiara", "Diego", "Carmen", "Piero",
         "Fiorella", "César", "Lucero", "Gianfranco", "Mayra", "Walter", "Sandra"),
        ("Quispe", "Flores", "Huamán", "Mamani", "Rojas", "Chávez", "Vásquez", "Ramos",
         "Torres", "Castillo", "Mendoza", "Salazar", "Paredes", "Gutiérrez", "Ccori",
         "Villanueva"),
        ("Lima", "Arequipa", "Trujillo", "Cusco", "Piura", "Chiclayo", "Huancayo"),
        ("Bodega", "Botica", "Ferretería", "Librería", "Minimarket", "Panadería", "Bazar",
         "Juguería"),
        "POS", "comprobante electrónico", "RUC", "SUNAT", "Olva Courier",
    ),
)

BY_COUNTRY = {m.country: m for m in MARKETS}

SHOP_NAMES = (
    "Don Beto", "La Esperanza", "El Tornillo Feliz", "La Esquina", "San Rafael", "El Progreso",
    "Doña Marina", "La Espiga", "Los Andes", "El Sol", "Santa Rosa", "La Económica",
    "El Buen Precio", "Mi Barrio", "La Favorita", "Don Ernesto", "El Ángel", "La Central",
    "Las Palmas", "El Roble", "La Estrella", "Doña Juanita", "El Faro", "San Judas",
    "La Nueva", "El Trébol", "Los Pinos", "La Providencia", "Tres Hermanos", "El Mirador",
    "Ana y Luis", "Del Parque", "La Colonia", "El Puerto", "Monteverde", "Vista Alegre",
    "La Cumbre", "El Manantial", "Dulce Hogar", "Alameda", "Bellavista", "San Martín",
)
CHAIN_NAMES = (
    "Grupo Comercial Mirasol", "Farmacias del Pacífico", "Supermercados Mirador",
    "Distribuidora Andina del Sur", "Cadena Hogar y Obra", "Ópticas Visión Clara",
    "Librerías Ateneo Central", "Panificadora La Estrella de Oro", "Ferreterías Unidas",
    "Minimarkets Rápido", "Grupo Tiendas Colibrí", "Boticas Salud Plena",
)
INDUSTRY_BY_KIND = {
    "Abarrotes": "Abarrotes y alimentos", "Tortillería": "Abarrotes y alimentos",
    "Miscelánea": "Abarrotes y alimentos", "Tienda": "Abarrotes y alimentos",
    "Almacén": "Abarrotes y alimentos", "Kiosco": "Abarrotes y alimentos",
    "Minimarket": "Abarrotes y alimentos", "Minimercado": "Abarrotes y alimentos",
    "Bodega": "Abarrotes y alimentos", "Emporio": "Abarrotes y alimentos",
    "Polirrubro": "Abarrotes y alimentos", "Botillería": "Bebidas y licores",
    "Vinoteca": "Bebidas y licores", "Ferretería": "Ferretería y construcción",
    "Pinturería": "Ferretería y construcción", "Refaccionaria": "Autopartes",
    "Farmacia": "Farmacia y salud", "Droguería": "Farmacia y salud", "Botica": "Farmacia y salud",
    "Dietética": "Farmacia y salud", "Óptica": "Farmacia y salud",
    "Papelería": "Papelería y librería", "Librería": "Papelería y librería",
    "Boutique": "Moda y calzado", "Zapatería": "Moda y calzado", "Bazar": "Hogar y regalos",
    "Cacharrería": "Hogar y regalos", "Cafetería": "Cafeterías y restaurantes",
    "Café": "Cafeterías y restaurantes", "Juguería": "Cafeterías y restaurantes",
    "Heladería": "Cafeterías y restaurantes", "Panadería": "Panaderías",
}

# A few customers run their shop in English (owners from abroad in tourist towns, a chain's
# regional office): their tickets are written in English.
ENGLISH_FIRST = ("John", "Sarah", "Emily", "Michael", "Jessica", "David", "Rachel", "Kevin",
                 "Laura", "Brian", "Megan", "Chris")
ENGLISH_LAST = ("Miller", "Thompson", "Carter", "Walsh", "Bennett", "Hughes", "Parker",
                "Collins", "Reed", "Foster", "Sullivan", "Hayes")

# Private shoppers of the online store use webmail; these addresses are fictional too.
WEBMAIL = ("correo.example", "mimail.example", "buzon.example")

# (as a man's title, as a woman's title, the register the role usually calls for)
JOB_TITLES = (
    ("Dueño", "Dueña", "tu"), ("Gerente general", "Gerente general", "usted"),
    ("Encargado de tienda", "Encargada de tienda", "tu"),
    ("Encargado de sucursal", "Encargada de sucursal", "tu"),
    ("Administrador", "Administradora", "usted"), ("Contador", "Contadora", "usted"),
    ("Jefe de compras", "Jefa de compras", "usted"), ("Cajero", "Cajera", "tu"),
    ("Responsable de sistemas", "Responsable de sistemas", "usted"),
    ("Director de operaciones", "Directora de operaciones", "usted"), ("Socio", "Socia", "tu"),
)
# fmt: on
_WOMEN_NOT_IN_A = {
    "Itzel",
    "Rocío",
    "Belén",
    "Carmen",
    "Milagros",
    "Lucero",
    "Sarah",
    "Emily",
    "Rachel",
    "Megan",
}


def is_woman(first_name: str) -> bool:
    """Good enough for the names above: Spanish women's names end in -a, save a few."""
    word = first_name.split(" ")[0]
    return word in _WOMEN_NOT_IN_A or word.endswith("a")
