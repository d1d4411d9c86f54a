"""Permission matrices as one parametrized case per cell (operation × role) that share one world per row.

Emptying the database before every test costs 0.1–0.3 s (tests/conftest.py's ``clean``), and building a
matrix's world as much again; a hundred cells each paying both would make a matrix ten times slower. So a
module with a matrix overrides ``clean`` with ``SharedWorld.clean``: it empties the database as conftest
does, except between two cells of the same row whose world came back intact, which then reuse it.

A cell takes the world with ``async with shared.use(build) as world``: it is built after a reset, and
handed to the next cell of the row only if the block ended without an exception (an operation that
raised, or an assertion that failed, may have left it half-changed) and the database reads exactly as it
did when the world was built (every row of every table, and Redis's keys: a cell that undid its change
imperfectly, a bumped version or a new timestamp, spoils it); otherwise the next cell starts from an empty
database again. So a cell sees the same world whether it runs alone, first, or after any of its row, in any
order. ``shared.spoil()`` says a cell changed it on purpose. Tests that never call ``use`` start from an
empty database, as under conftest.

The state is kept per pytest session: a runner that calls ``pytest.main`` more than once in one process
(mutmut's, which then forks each mutant's run from it) would otherwise hand the next session a world whose
rows lived in the last session's database.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from tortoise import connections

from tests.conftest import _tables, empty_database


async def fingerprint() -> tuple:
    """What a cell could have changed: every row of every table ``empty_database`` empties, and Redis's keys
    (about 10 ms for a matrix's world)."""
    from zhicheng.services import services

    conn = connections.get("default")
    rows = []
    for table in sorted(await _tables()):
        rows.append((table, sorted(repr(sorted(r.items())) for r in
                                   await conn.execute_query_dict(f'SELECT * FROM "{table}"'))))
    return tuple(rows), tuple(sorted(await services().redis.keys("*")))


class SharedWorld:
    def __init__(self, row_param: str) -> None:
        self.row_param = row_param  # the parametrize argument naming a cell's row
        self.row: Any = None
        self.world: Any = None
        self.fit = False  # the last cell ended cleanly: the database may serve the next cell of its row
        self.built: tuple | None = None  # fingerprint() of the world as built
        self.session: Any = None

    async def clean(self, request):
        """Body of a module's autouse ``clean`` override."""
        if "app" not in request.fixturenames and not request.node.get_closest_marker("db"):
            yield
            return
        request.getfixturevalue("app")  # the ORM is up
        if request.session is not self.session:  # a new session: a new database, nothing to share
            self.session, self.row, self.world, self.fit = request.session, None, None, False
        callspec = getattr(request.node, "callspec", None)
        # A row: the cells of one test function with the same row parameter (or all its cells, without one).
        row = (request.node.originalname, callspec.params.get(self.row_param)) if callspec else None
        if row is None or row != self.row or not self.fit:
            await empty_database()
            self.row, self.world, self.built = row, None, None
        self.fit = False
        yield

    @asynccontextmanager
    async def use(self, build: Callable[[], Awaitable[Any]] | None = None):
        """The row's world (``build`` makes it for the row's first cell); without ``build``, only the
        database is shared: each cell builds what it needs on top of what the row's cells left."""
        if build is not None and self.world is None:
            self.world = await build()
            self.built = await fingerprint()
        yield self.world
        # Not reached when the cell raised; a built world must also read as it was built.
        self.fit = self.row is not None and (build is None or await fingerprint() == self.built)

    def spoil(self) -> None:
        """The cell changed the world for good: the next cell starts from an empty database."""
        self.row = None
