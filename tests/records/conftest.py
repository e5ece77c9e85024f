"""The national code lists the traffickers' records use, for the tests of both databases."""

from tests.traffickers.conftest import code_lists  # noqa: F401
