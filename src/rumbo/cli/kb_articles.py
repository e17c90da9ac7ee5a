"""`rumbo kb article …` and `rumbo kb synonyms …`: help-center articles and the synonym list."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from rumbo.cli.common import (
    JsonOpt,
    build_app,
    console,
    fail,
    handles_errors,
    invalid_input,
    plain,
    print_json,
    system_work,
)
from rumbo.cli.kb import kb_cli

if TYPE_CHECKING:
    from pydantic import BaseModel

article_cli = typer.Typer(help="Help-center articles and their versions.", no_args_is_help=True)
synonyms_cli = typer.Typer(help="Words customers use for the same thing.", no_args_is_help=True)
kb_cli.add_typer(article_cli, name="article")
kb_cli.add_typer(synonyms_cli, name="synonyms")

IdArg = Annotated[int, typer.Argument(help="Article id.")]
BodyFile = Annotated[
    str | None,
    typer.Option("--body-file", help="Markdown file with the text ('-' reads standard input)."),
]


def _read_body(body_file: str | None, *, required: bool) -> str | None:
    """The Markdown text: from the file, from standard input for '-' (or, on create, if piped)."""
    if body_file is None and required and not sys.stdin.isatty():
        body_file = "-"
    if body_file is None:
        if required:
            raise fail("body: give --body-file FILE or pipe the Markdown on standard input")
        return None
    if body_file == "-":
        return sys.stdin.read()
    path = Path(body_file)
    if not path.is_file():
        raise fail(f"body-file: {body_file} is not a readable file")
    return path.read_text(encoding="utf-8")


def _build(model: type[BaseModel], values: dict[str, Any]) -> Any:
    from pydantic import ValidationError

    try:
        return model(**values)
    except ValidationError as exc:
        raise invalid_input(exc) from None


def _show_article(out: dict[str, Any], json_out: bool) -> None:
    if json_out:
        print_json(out)
        return
    console.print(
        f"[bold]#{out['id']}[/] {plain(out['title'])}  "
        f"({out['language']}, {plain(out['category'])}, {out['status']}, versión {out['version']})",
        highlight=False,
        markup=True,
    )


@article_cli.command("list")
@handles_errors
def article_list(
    language: Annotated[str | None, typer.Option(help="es or en.")] = None,
    category: Annotated[str | None, typer.Option(help="Only this category.")] = None,
    status: Annotated[str | None, typer.Option(help="draft, published or archived.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 100,
    json_out: JsonOpt = False,
) -> None:
    """List articles, by category and title."""
    from rumbo.knowledge import queries
    from rumbo.knowledge.schemas import ArticleOut

    app = build_app()
    with app.reading() as session:
        rows, total = queries.list_articles(
            session, language=language, category=category, status=status, limit=limit
        )
        items = [ArticleOut.model_validate(a).model_dump(mode="json") for a in rows]
    if json_out:
        print_json({"items": items, "total": total})
        return
    for item in items:
        console.print(
            f"{item['id']:>5}  {item['language']}  {item['status']:<9}  "
            f"{item['category']} · {item['title']}",
            highlight=False,
        )
    console.print(f"{len(items)} de {total} artículos")


@article_cli.command("show")
@handles_errors
def article_show(
    article_id: IdArg,
    versions: Annotated[bool, typer.Option(help="Also list the saved versions.")] = False,
    json_out: JsonOpt = False,
) -> None:
    """Show one article: its fields and Markdown, and optionally its versions."""
    from rumbo.errors import NotFound
    from rumbo.knowledge import queries
    from rumbo.knowledge.schemas import ArticleOut, ArticleVersionOut

    app = build_app()
    with app.reading() as session:
        article = queries.get_article(session, article_id)
        if article is None:
            raise NotFound(f"Article {article_id} does not exist.")
        out = ArticleOut.model_validate(article).model_dump(mode="json")
        history = [
            ArticleVersionOut.model_validate(v).model_dump(mode="json")
            for v in queries.list_versions(session, article_id)
        ]
    if json_out:
        print_json({**out, "versions": history} if versions else out)
        return
    _show_article(out, False)
    console.print(out["body_md"], highlight=False)
    if versions:
        for v in history:
            console.print(
                f"  v{v['version']}  {v['created_at'][:16]}  {v['status']:<9}  {v['note'] or ''}",
                highlight=False,
            )


@article_cli.command("create")
@handles_errors
def article_create(
    title: Annotated[str, typer.Option(help="The article's title.")],
    category: Annotated[str, typer.Option(help="Its category.")],
    language: Annotated[str, typer.Option(help="es or en.")] = "es",
    body_file: BodyFile = None,
    slug: Annotated[str | None, typer.Option(help="Address name (made from the title).")] = None,
    translation_group: Annotated[
        str | None, typer.Option(help="Shared with its version in the other language.")
    ] = None,
    publish: Annotated[bool, typer.Option(help="Publish at once instead of a draft.")] = False,
    json_out: JsonOpt = False,
) -> None:
    """Create an article (a draft unless --publish) from --body-file or standard input."""
    from rumbo.knowledge import actions
    from rumbo.knowledge.schemas import ArticleIn, ArticleOut

    body = _read_body(body_file, required=True)
    data = _build(
        ArticleIn,
        {
            "title": title,
            "category": category,
            "language": language,
            "body_md": body,
            "slug": slug,
            "translation_group": translation_group,
            "status": "published" if publish else "draft",
        },
    )
    app = build_app()
    with system_work(app) as ctx:
        out = ArticleOut.model_validate(actions.create_article(ctx, data)).model_dump(mode="json")
    _show_article(out, json_out)


@article_cli.command("edit")
@handles_errors
def article_edit(
    article_id: IdArg,
    title: Annotated[str | None, typer.Option(help="New title.")] = None,
    category: Annotated[str | None, typer.Option(help="New category.")] = None,
    body_file: BodyFile = None,
    json_out: JsonOpt = False,
) -> None:
    """Change an article's title, category or text; each change is a new version."""
    values: dict[str, Any] = {"title": title, "category": category}
    values["body_md"] = _read_body(body_file, required=False)
    _patch(article_id, {k: v for k, v in values.items() if v is not None}, json_out)


@article_cli.command("publish")
@handles_errors
def article_publish(article_id: IdArg, json_out: JsonOpt = False) -> None:
    """Publish an article in the help center."""
    _patch(article_id, {"status": "published"}, json_out)


@article_cli.command("archive")
@handles_errors
def article_archive(article_id: IdArg, json_out: JsonOpt = False) -> None:
    """Take an article out of the help center, keeping it and its history."""
    _patch(article_id, {"status": "archived"}, json_out)


@article_cli.command("restore")
@handles_errors
def article_restore(
    article_id: IdArg,
    version: Annotated[int, typer.Argument(help="The version to bring back.")],
    json_out: JsonOpt = False,
) -> None:
    """Bring back an older version's title and text, saved as a new version."""
    from rumbo.knowledge import actions
    from rumbo.knowledge.schemas import ArticleOut

    app = build_app()
    with system_work(app) as ctx:
        article = actions.restore_version(ctx, article_id, version)
        out = ArticleOut.model_validate(article).model_dump(mode="json")
    _show_article(out, json_out)


def _patch(article_id: int, values: dict[str, Any], json_out: bool) -> None:
    from rumbo.knowledge import actions
    from rumbo.knowledge.schemas import ArticleOut, ArticlePatch

    if not values:
        raise fail("give at least one of --title, --category, --body-file")
    patch = _build(ArticlePatch, values)
    app = build_app()
    with system_work(app) as ctx:
        article = actions.update_article(ctx, article_id, patch)
        out = ArticleOut.model_validate(article).model_dump(mode="json")
    _show_article(out, json_out)


@synonyms_cli.command("list")
@handles_errors
def synonyms_list(
    language: Annotated[str | None, typer.Option(help="es or en.")] = None,
    json_out: JsonOpt = False,
) -> None:
    """List the synonym groups."""
    from rumbo.knowledge import queries
    from rumbo.knowledge.schemas import SynonymOut

    app = build_app()
    with app.reading() as session:
        groups = [
            SynonymOut.model_validate(s).model_dump(mode="json")
            for s in queries.list_synonyms(session, language=language)
        ]
    if json_out:
        print_json(groups)
        return
    for group in groups:
        console.print(
            f"{group['id']:>4}  {group['language']}  {', '.join(group['terms'])}",
            highlight=False,
        )
    console.print(f"{len(groups)} grupos de sinónimos")


@synonyms_cli.command("add")
@handles_errors
def synonyms_add(
    terms: Annotated[list[str], typer.Argument(help="Two or more words that mean the same.")],
    language: Annotated[str, typer.Option(help="es or en.")] = "es",
    json_out: JsonOpt = False,
) -> None:
    """Add a group of synonyms, e.g. `envío despacho entrega`."""
    from rumbo.knowledge import synonyms
    from rumbo.knowledge.schemas import SynonymIn, SynonymOut

    data = _build(SynonymIn, {"language": language, "terms": terms})
    app = build_app()
    with system_work(app) as ctx:
        out = SynonymOut.model_validate(synonyms.add_synonym(ctx, data)).model_dump(mode="json")
    if json_out:
        print_json(out)
    else:
        console.print(f"Grupo {out['id']} añadido: {', '.join(out['terms'])}", highlight=False)


@synonyms_cli.command("remove")
@handles_errors
def synonyms_remove(
    synonym_id: Annotated[int, typer.Argument(help="The group's id (see `list`).")],
) -> None:
    """Remove a group of synonyms."""
    from rumbo.knowledge import synonyms

    app = build_app()
    with system_work(app) as ctx:
        synonyms.remove_synonym(ctx, synonym_id)
    console.print(f"Grupo {synonym_id} eliminado.")
