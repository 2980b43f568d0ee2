"""Territories of the demonstration councils, chosen from the real geography: towns with QPV,
EPCI of mid-sized towns, arrondissements of Paris, Lyon and Marseille, groups of neighbouring
communes. Every input is sorted by code and drawn from one seeded Random: same output everywhere."""
import math
import random
from dataclasses import dataclass

import psycopg

# Councils per inhabitant relative to the national mean (README figures: dense Île-de-France,
# Hauts-de-France, Occitanie, Auvergne-Rhône-Alpes; sparse Centre-Val de Loire and overseas).
REGION_FACTOR = {"11": 1.25, "32": 1.5, "76": 1.35, "84": 1.4, "24": 0.45,
                 "01": 0.4, "02": 0.4, "03": 0.4, "04": 0.4, "06": 0.4}
MIN_REGION_POPULATION = 250_000  # Mayotte has no published commune populations
# Infra-communal councils: groups of arrondissements (Paris Centre is one council).
INFRA_GROUPS = {
    "11": [["75101", "75102", "75103", "75104"], ["75110"], ["75111"], ["75112"], ["75113"], ["75114"],
           ["75117"], ["75118"], ["75119"], ["75120"], ["75115"], ["75105", "75106"]],
    "84": [["69381"], ["69383"], ["69387"], ["69388"], ["69389"]],
    "93": [["13201", "13207"], ["13202", "13203"], ["13204", "13205"], ["13213", "13214"],
           ["13215", "13216"], ["13209", "13210"], ["13211", "13212"], ["13206", "13208"]],
}


@dataclass(frozen=True)
class Unit:
    code: str
    nom: str
    dep: str
    region: str
    epci: str | None
    population: int
    n_qpv: int  # QPV mostly inside this unit
    arm: bool  # a municipal arrondissement
    x: float  # point on surface, lon/lat rounded: neighbours are found by distance
    y: float


@dataclass
class Territory:
    scale: str
    label: str  # place name used in the council's name
    items: list[str]  # what the spreadsheet's territoire cell lists (INSEE codes or one SIREN)
    units: list[str]  # base units covered
    region: str
    dep: str
    town: str  # main commune, for the carrying structure's name
    epci_name: str | None = None


class Geography:
    def __init__(self, conn: psycopg.Connection):
        rows = conn.execute(
            """SELECT c.code, c.nom, c.departement_code, c.region_code, c.epci_code, coalesce(c.population, 0),
                      (SELECT count(*) FROM geo.qpv_commune qc JOIN geo.qpv q ON q.code = qc.qpv_code
                       WHERE qc.commune_code = c.code AND qc.overlap_m2 >= 0.5 * q.area_m2), c.type = 'ARM',
                      round(coalesce(ST_X(ST_PointOnSurface(c.geom)), 0)::numeric, 4)::float,
                      round(coalesce(ST_Y(ST_PointOnSurface(c.geom)), 0)::numeric, 4)::float
               FROM geo.commune c WHERE c.is_base_unit ORDER BY c.code""").fetchall()
        self.units = {r[0]: Unit(*r) for r in rows}
        self.epci = {code: (nom, pop) for code, nom, pop in conn.execute(
            "SELECT code, nom, coalesce(population, 0) FROM geo.epci ORDER BY code")}
        self.epci_members: dict[str, list[str]] = {}
        for u in self.units.values():
            if u.epci and not u.arm:
                self.epci_members.setdefault(u.epci, []).append(u.code)
        self.region_population = dict(conn.execute(
            "SELECT code, coalesce(population, 0) FROM geo.region ORDER BY code").fetchall())


def region_quotas(geo: Geography, total: int) -> dict[str, int]:
    """Largest-remainder split of ``total`` councils by population x regional factor."""
    weights = {r: max(p, MIN_REGION_POPULATION) * REGION_FACTOR.get(r, 1.0) for r, p in geo.region_population.items()}
    exact = {r: total * w / sum(weights.values()) for r, w in weights.items()}
    quotas = {r: int(x) for r, x in exact.items()}
    for r in sorted(exact, key=lambda r: (quotas[r] - exact[r], r))[: total - sum(quotas.values())]:
        quotas[r] += 1
    return quotas


class Picker:
    """Draws non-overlapping territories in one region."""

    def __init__(self, geo: Geography, rng: random.Random, region: str):
        self.geo, self.rng, self.region = geo, rng, region
        self.units = [u for u in geo.units.values() if u.region == region]
        self.used: set[str] = set()
        self.infra = [list(g) for g in INFRA_GROUPS.get(region, [])]

    def _weighted(self, candidates: list, weight) -> object | None:
        candidates = [c for c in candidates if weight(c) > 0]
        if not candidates:
            return None
        return self.rng.choices(candidates, weights=[weight(c) for c in candidates])[0]

    def _free(self, codes) -> bool:
        return not (set(codes) & self.used)

    def _take(self, scale, label, items, units, town, epci_name=None) -> Territory:
        self.used |= set(units)
        first = self.geo.units[units[0]]
        return Territory(scale, label, items, units, first.region, first.dep, town, epci_name)

    def pick(self, scale: str, with_qpv: bool) -> Territory | None:
        if scale == "infra_communal":
            return self._infra() or self.pick("communal", with_qpv)
        if scale == "intercommunal":
            return self._epci(with_qpv) if self.rng.random() < 0.6 else self._group(scale, with_qpv, 2, 6)
        if scale == "secteur_psychiatrique":
            return self._group(scale, with_qpv, 6, 14)
        if scale == "mixte":
            return self._group(scale, with_qpv, 3, 8)
        return self._commune(with_qpv)

    def _infra(self) -> Territory | None:
        groups = [g for g in self.infra if self._free(g)]
        if not groups:
            return None
        group = groups[0]
        self.infra.remove(group)
        names = [self.geo.units[c].nom.replace(" Arrondissement", "") for c in group]
        label = names[0] if len(names) == 1 else f"{names[0]}-{names[-1].split()[-1]}"
        return self._take("infra_communal", label, group, group, names[0].split()[0])

    def _commune(self, with_qpv: bool) -> Territory | None:
        """A free town of 8,000+ inhabitants with (or without) QPV, weighted by size; when a
        region runs out of them, any free commune of 3,000+."""
        def preferred(u: Unit) -> float:
            if u.code in self.used or u.population < 8_000 or u.arm or with_qpv != (u.n_qpv > 0):
                return 0
            return min(u.population, 80_000) ** 0.8

        def fallback(u: Unit) -> float:
            return float(u.code not in self.used and u.population >= 3_000 and not u.arm)
        u = self._weighted(self.units, preferred) or self._weighted(self.units, fallback)
        return u and self._take("communal", u.nom, [u.code], [u.code], u.nom)

    def _epci(self, with_qpv: bool) -> Territory | None:
        def weight(code: str) -> float:
            members = self.geo.epci_members.get(code, [])
            nom, pop = self.geo.epci[code]
            if not members or not 15_000 <= pop <= 450_000 or not self._free(members):
                return 0
            if self.geo.units[members[0]].region != self.region:
                return 0
            has_qpv = any(self.geo.units[m].n_qpv for m in members)
            return pop ** 0.5 if with_qpv == has_qpv else 0
        code = self._weighted(sorted(self.geo.epci_members), weight)
        if code is None:
            return self._group("intercommunal", with_qpv, 2, 6)
        members = self.geo.epci_members[code]
        town = max((self.geo.units[m] for m in members), key=lambda u: (u.population, u.code)).nom
        return self._take("intercommunal", self.geo.epci[code][0], [code], members, town, self.geo.epci[code][0])

    def _group(self, scale: str, with_qpv: bool, low: int, high: int) -> Territory | None:
        """A town and its nearest free neighbours in the same département, up to a sector's size."""
        centre = self._commune(with_qpv)
        if centre is None:
            return None
        town = self.geo.units[centre.units[0]]
        cos = max(0.3, math.cos(math.radians(town.y)))
        pool = sorted((u for u in self.units if u.dep == town.dep and not u.arm and u.code not in self.used),
                      key=lambda u: (((u.x - town.x) * cos) ** 2 + (u.y - town.y) ** 2, u.code))
        target, members, population = self.rng.randint(40_000, 110_000), [town.code], town.population
        for u in pool:
            if len(members) >= high or (len(members) >= low and population >= target):
                break
            members.append(u.code)
            population += u.population
        self.used |= set(members)
        label = {"intercommunal": f"{town.nom} et communes voisines", "secteur_psychiatrique": f"secteur de {town.nom}",
                 "mixte": f"{town.nom} et environs"}[scale]
        return Territory(scale, label, members, members, town.region, town.dep, town.nom)
