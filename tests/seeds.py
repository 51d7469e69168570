"""One seed for every property-based test of a run, printed in pytest's header so a failure
can be replayed: HYPOTHESIS_SEED=<seed> pytest ..."""

from __future__ import annotations

import os
import random

HYPOTHESIS_SEED = int(os.environ.get("HYPOTHESIS_SEED") or random.randrange(2**32))
