"""Help-center articles several test modules publish, and how they publish them."""

from __future__ import annotations

from rumbo.app import Rumbo
from rumbo.knowledge import actions as kb_actions
from rumbo.knowledge.schemas import ArticleIn
from tests.conftest import SYSTEM

PASSWORD_ARTICLE = ArticleIn(
    title="Cómo restablecer tu contraseña",
    category="Cuenta y acceso",
    status="published",
    body_md=(
        "Si olvidaste tu contraseña, entra en la pantalla de inicio de sesión y pulsa "
        "«¿Olvidaste tu contraseña?». Te enviaremos un enlace por correo electrónico para "
        "crear una nueva contraseña. El enlace vence en 30 minutos."
    ),
)


def publish(app: Rumbo, *articles: ArticleIn) -> None:
    with app.unit_of_work(SYSTEM) as ctx:
        kb_actions.upsert_articles(ctx, list(articles))
