"""Layout use cases: the built-in defaults, an organization's copies and their versions."""

from __future__ import annotations

from uuid import UUID

from shared_code.ledger.accounts import whole_chart
from shared_code.platform.db import UnitOfWork
from shared_code.platform.errors import FieldError
from shared_code.platform.ids import new_id
from shared_code.reporting import layout_repository
from shared_code.reporting.default_layouts import DEFAULT_LAYOUTS
from shared_code.reporting.errors import (
    idempotency_key_reused,
    layout_invalid,
    layout_kind_mismatch,
    layout_not_found,
)
from shared_code.reporting.layout_repository import StoredVersion
from shared_code.reporting.model import (
    Framework,
    Layout,
    LayoutVersion,
    StatementKind,
    layout_from_json,
    layout_to_json,
)
from shared_code.reporting.validation import validate_layout


def built_in(framework: Framework, kind: StatementKind) -> LayoutVersion:
    """A built-in default as a version (referred to by the framework's name)."""
    return LayoutVersion(None, None, 0, DEFAULT_LAYOUTS[(framework, kind)], built_in=framework.value)


def get_layout_version(uow: UnitOfWork, reference: str, kind: StatementKind | None = None) -> LayoutVersion:
    """The version `reference` names: a saved version's id or a framework (`ifrs_for_smes`,
    `mse`) for its default; refused if it is another statement's layout than `kind`."""
    if reference in {f.value for f in Framework}:
        if kind is None:
            raise layout_not_found()
        return built_in(Framework(reference), kind)
    try:
        version_id = UUID(reference)
    except ValueError:
        raise layout_not_found() from None
    stored = layout_repository.get_version(uow, version_id)
    if stored is None:
        raise layout_not_found()
    found = _version(stored)
    if kind is not None and found.layout.kind is not kind:
        raise layout_kind_mismatch(kind.value, found.layout.kind.value)
    return found


def list_layouts(uow: UnitOfWork) -> list[LayoutVersion]:
    """The built-in defaults, then the newest version of each of the organization's layouts."""
    defaults = [built_in(framework, kind) for framework, kind in DEFAULT_LAYOUTS]
    return [*defaults, *(_version(stored) for stored in layout_repository.latest_versions(uow))]


def layout_history(uow: UnitOfWork, layout_id: UUID) -> list[LayoutVersion]:
    """Every version of one of the organization's layouts, newest first."""
    versions = [_version(stored) for stored in layout_repository.versions_of(uow, layout_id)]
    if not versions:
        raise layout_not_found()
    return versions


def check_layout(uow: UnitOfWork, layout: Layout) -> list[FieldError]:
    """The validator's problems with `layout` against the organization's chart today."""
    return validate_layout(layout, whole_chart(uow))


def save_layout(
    uow: UnitOfWork,
    layout: Layout,
    *,
    saved_by: UUID,
    layout_id: UUID | None = None,
    idempotency_key: str | None = None,
) -> LayoutVersion:
    """Save `layout` as a new layout (a copy) or as the next version of `layout_id`.

    Refused with every problem listed, and nothing saved, unless it places every account
    of the chart in exactly one line and its formulas resolve. With an idempotency key, a
    repeat returns the version the first request saved; the key with another layout is
    refused (409 `idempotency_key_reused`).
    """
    key = None if idempotency_key is None else f"{'version' if layout_id else 'new'}:{idempotency_key}"
    if key is not None:
        earlier = layout_repository.version_for_key(uow, key)
        if earlier is not None:
            return _replay(earlier, layout, layout_id)
    problems = check_layout(uow, layout)
    if problems:
        raise layout_invalid(problems)
    created = layout_id is None
    if layout_id is None:
        layout_id = new_id()
        layout_repository.insert_layout(uow, layout_id, layout.kind.value)
    else:
        kind = layout_repository.layout_kind(uow, layout_id)
        if kind is None:
            raise layout_not_found()
        if kind != layout.kind.value:
            raise layout_kind_mismatch(kind, layout.kind.value)
    stored = layout_repository.insert_version(uow, new_id(), layout_id, layout_to_json(layout), saved_by, key)
    if stored is None:
        # A request with the same key saved first, while this one was being checked.
        if created:
            layout_repository.delete_unversioned_layout(uow, layout_id)
        winner = layout_repository.version_for_key(uow, key or "")
        assert winner is not None
        return _replay(winner, layout, None if created else layout_id)
    return _version(stored)


def _replay(earlier: StoredVersion, layout: Layout, layout_id: UUID | None) -> LayoutVersion:
    if earlier.definition != layout_to_json(layout) or (layout_id is not None and earlier.layout_id != layout_id):
        raise idempotency_key_reused("layout")
    return _version(earlier)


def _version(stored: StoredVersion) -> LayoutVersion:
    return LayoutVersion(
        stored.id, stored.layout_id, stored.version, layout_from_json(stored.definition), created_by=stored.created_by
    )
