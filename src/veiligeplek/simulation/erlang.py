"""Erlang C: the M/M/c queue in closed form, to validate the model against.

With arrival rate lambda, mean service time 1/mu and c servers, the offered load is
a = lambda/mu and the utilisation rho = a/c (< 1). The probability that an arrival waits is

    C(c, a) = (a^c / c!) / (1 - rho) / (sum_{k<c} a^k / k! + (a^c / c!) / (1 - rho))

and the mean wait in the queue is Wq = C(c, a) / (c mu - lambda).
"""

from __future__ import annotations


def erlang_c(servers: int, load: float) -> float:
    """C(c, a): the probability that an arrival finds every server busy."""
    if load >= servers:
        return 1.0
    term, total = 1.0, 1.0  # a^k / k!, summed for k < c
    for k in range(1, servers):
        term *= load / k
        total += term
    top = term * load / servers / (1 - load / servers)
    return top / (total + top)


def mean_wait(servers: int, per_day: float, mean_service_days: float) -> float:
    """Wq in days for an M/M/c queue."""
    load = per_day * mean_service_days
    return erlang_c(servers, load) / (servers / mean_service_days - per_day)
