"""Reference figures "without the job": the RSA and the prime d'activité of each reference household
for its six months when it does not take the new job (the jobs that start in its first month are
removed; a job that started earlier goes on). Computed with OpenFisca-France, the official
rules-as-code model, with the mapping of tests/reference/README.md.

Before computing anything, the script checks its mapping: with every job kept, it must reproduce the
file's own `expected` RSA and prime d'activité within 0.01 EUR for every case, or it stops.

    python3 -m venv .venv && .venv/bin/pip install -r tools/openfisca/requirements.txt
    .venv/bin/python tools/openfisca/without_job.py tests/reference/cases.json \
        > tests/reference/cases-without-job.json

Not run by the tests (OpenFisca takes minutes to load and compute); its output is committed, with
its provenance in tests/reference/PROVENANCE.md.
"""
import json
import sys
from decimal import ROUND_HALF_UP, Decimal

from openfisca_core.simulation_builder import SimulationBuilder
from openfisca_france import FranceTaxBenefitSystem

STATUS = {
    "tenant": "locataire_vide",
    "owner": "proprietaire",
    "owner_with_mortgage": "primo_accedant",
    "hosted_free": "loge_gratuitement",
}
RESOURCE = {
    "pension": "retraite_nette",
    "unemployment_benefit": "chomage_net",
    "child_support": "pensions_alimentaires_percues",
}


def cents(x):
    return float(Decimal(repr(float(x))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def running(job, month):
    return job["start_month"] <= month and (job["end_month"] is None or month <= job["end_month"])


def situation(case, jobs):
    months = case["history_months"] + case["months"]
    adults = [a["id"] for a in case["household"]["adults"]]
    children = [c["id"] for c in case["household"]["children"]]
    individus = {}
    for a in case["household"]["adults"]:
        person = {
            "date_naissance": {"ETERNITY": a["birth_date"]},
            "enceinte": {m: a["pregnant"] for m in months},
            "salaire_net": {
                m: sum(j["net_monthly"] for j in jobs if j["person"] == a["id"] and running(j, m))
                for m in months
            },
        }
        for kind in RESOURCE.values():
            person[kind] = {m: 0.0 for m in months}
        for r in case["other_resources"]:
            if r["person"] != a["id"]:
                continue
            for m in months:
                if (r["from_month"] is None or r["from_month"] <= m) and (
                    r["to_month"] is None or m <= r["to_month"]
                ):
                    person[RESOURCE[r["kind"]]][m] += r["monthly"]
        for v in ("aah", "caah", "asi", "ass"):
            person[v] = {m: 0.0 for m in months}
        individus[a["id"]] = person
    for c in case["household"]["children"]:
        individus[c["id"]] = {"date_naissance": {"ETERNITY": c["birth_date"]}}
        for v in ("aah", "caah", "asi", "ass", "salaire_net"):
            individus[c["id"]][v] = {m: 0.0 for m in months}
    fb = case["family_benefits_by_month"]
    famille = {
        "parents": adults,
        "enfants": children,
        "aide_logement": {m: case["housing"]["housing_aid_monthly"] for m in months},
        "rsa_isolement_recent": {m: case["household"]["recently_isolated"] for m in months},
        "rsa_base_ressources_prestations_familiales": {m: fb.get(m, 0.0) for m in months},
        "ppa_base_ressources_prestations_familiales": {m: fb.get(m, 0.0) for m in months},
        "aspa": {m: 0.0 for m in months},
    }
    menage = {
        "personne_de_reference": adults[:1],
        "conjoint": adults[1:],
        "enfants": children,
        "statut_occupation_logement": {m: STATUS[case["housing"]["status"]] for m in months},
        "loyer": {m: case["housing"]["mortgage_monthly"] for m in months},
    }
    return {
        "individus": individus,
        "familles": {"f": famille},
        "foyers_fiscaux": {"ff": {"declarants": adults, "personnes_a_charge": children}},
        "menages": {"m": menage},
    }


def compute(tbs, case, jobs):
    sim = SimulationBuilder().build_from_entities(tbs, situation(case, jobs))
    return [
        {"month": m, "rsa": cents(sim.calculate("rsa", m)[0]), "prime_activite": cents(sim.calculate("ppa", m)[0])}
        for m in case["months"]
    ]


def main(path):
    data = json.load(open(path))
    tbs = FranceTaxBenefitSystem()
    out = []
    for case in data["cases"]:
        # The mapping reproduces the file's own figures, or nothing is written.
        full = compute(tbs, case, case["jobs"])
        for got, want in zip(full, case["expected"]):
            for key, ref in (("rsa", "rsa_without_scheme"), ("prime_activite", "prime_activite")):
                if abs(got[key] - want[ref]) > 0.011:
                    sys.exit(f"{case['id']} {got['month']} {key}: {got[key]} vs reference {want[ref]}")
        kept = [j for j in case["jobs"] if j["start_month"] != case["start_month"]]
        out.append({"id": case["id"], "removed_jobs": len(case["jobs"]) - len(kept), "without_job": compute(tbs, case, kept)})
        print(case["id"], file=sys.stderr)
    json.dump(
        {
            "generator": "tools/openfisca/without_job.py",
            "source": path.split("/")[-1],
            "versions": {"openfisca-france": "176.1.8", "openfisca-core": "44.7.1"},
            "cases": out,
        },
        sys.stdout,
        indent=1,
        ensure_ascii=False,
    )
    print()


if __name__ == "__main__":
    main(sys.argv[1])
