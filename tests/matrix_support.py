"""Permission matrices as one parametrized case per cell (operation × role) that share one world per row.

Emptying the database before every test costs 0.1–0.3 s (tests/conftest.py's ``clean``), and building a
matrix's world as much again; a hundred cells each paying both would make a matrix ten times slower. So a
module with a matrix overrides ``clean`` with ``SharedWorld.clean``: it empties the database as conftest
does, except between two cells of the same row whose world came back intact, which then reuse it.

A cell takes the world with ``async with shared.use(build) as world``: it is built after a reset, and
handed to the next cell of the row only if the block ended without an exception (an operation that
raised, or an assertion that failed, may have left it half-changed); then the next cell starts from an
empty database again. ``shared.spoil()`` says a cell changed it on purpose. Tests that never call
``use`` start from an empty database, as under conftest.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from tests.conftest import empty_database


class SharedWorld:
    def __init__(self, row_param: str) -> None:
        self.row_param = row_param  # the parametrize argument naming a cell's row
        self.row: Any = None
        self.world: Any = None
        self.fit = False  # the last cell ended cleanly: the database may serve the next cell of its row

    async def clean(self, request):
        """Body of a module's autouse ``clean`` override."""
        if "app" not in request.fixturenames and not request.node.get_closest_marker("db"):
            yield
            return
        request.getfixturevalue("app")  # the ORM is up
        callspec = getattr(request.node, "callspec", None)
        # A row: the cells of one test function with the same row parameter (or all its cells, without one).
        row = (request.node.originalname, callspec.params.get(self.row_param)) if callspec else None
        if row is None or row != self.row or not self.fit:
            await empty_database()
            self.row, self.world = row, None
        self.fit = False
        yield

    @asynccontextmanager
    async def use(self, build: Callable[[], Awaitable[Any]] | None = None):
        """The row's world (``build`` makes it for the row's first cell); without ``build``, only the
        database is shared: each cell builds what it needs on top of what the row's cells left."""
        if build is not None and self.world is None:
            self.world = await build()
        yield self.world
        self.fit = self.row is not None  # not reached when the cell raised

    def spoil(self) -> None:
        """The cell changed the world for good: the next cell starts from an empty database."""
        self.row = None
