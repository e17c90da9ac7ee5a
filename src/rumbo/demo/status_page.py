"""The demo company's status page: the parts of Tenderete's service customers know by name."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rumbo.app import Rumbo
    from rumbo.context import Actor

COMPONENTS = (
    ("pos", "Punto de venta (app y terminales)", "Cobrar, abrir y cerrar caja."),
    ("pagos", "Pagos con tarjeta", "Cobros con tarjeta y transferencias."),
    ("facturacion", "Facturación electrónica", "Emisión y envío de comprobantes."),
    ("tienda", "Tienda en línea", "Compras de equipos e insumos."),
    ("envios", "Envíos", "Seguimiento de pedidos y entregas."),
    ("panel", "Panel de administración", "Reportes, inventario y usuarios."),
)


def load_status_page(app: Rumbo, actor: Actor) -> int:
    """Add the components that are missing; returns how many were added.

    Existing components are left alone: their status may be set by a live incident.
    """
    from rumbo.crisis import queries, status_actions
    from rumbo.crisis.schemas import ComponentIn

    with app.unit_of_work(actor) as ctx:
        present = {c.key for c in queries.components(ctx.session)}
        added = 0
        for position, (key, name, description) in enumerate(COMPONENTS):
            if key not in present:
                data = ComponentIn(key=key, name=name, description=description, position=position)
                status_actions.save_component(ctx, data)
                added += 1
        return added
