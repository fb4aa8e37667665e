"""The scoring stage for every module of this folder."""

from __future__ import annotations

import pytest

from tests.support.builders import Builders
from tests.support.scoring import ScoringWorld


@pytest.fixture
def world(build: Builders) -> ScoringWorld:
    return ScoringWorld(build)
