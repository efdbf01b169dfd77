#!/usr/bin/env python3
"""How far a batch's verdicts on a synthetic course agree with the course's ground truth.

For every comparison against the baseline, each claim's headline metric is set beside the true
relative change of the matching ground-truth number (the renderer's own summary of the skin, with
no camera, light or noise). A verdict agrees when it is `improved` and the truth fell, `worsened`
and the truth rose, or any verdict that calls no change (`noDetectableChange`, `noMeaningfulChange`,
`notScored`). Prints one row per comparison, the composite verdict at each patient's last session,
and a closing line "N of M headline verdicts disagree".

Usage: Scripts/course-agreement.py RESULTS_JSON GROUND_TRUTH_JSON [--json]
for example, after `skindelta batch SampleImages/sessions --out results`:
    Scripts/course-agreement.py results/results.json SampleImages/sessions/ground_truth.json
Exit status: 0 when every headline verdict agrees and every patient's last session is `improved`, else 1.
"""
import json, sys

# headline metric -> (ground-truth summary group, number); lower is better for every one of them
TRUTH = {"lStarSD": ("tone", "lowPassSDLStar"), "spotAreaPercent": ("spots", "areaPercent"),
         "density": ("pores", "densityPerSquareCentimetre"), "roughness": ("scars", "meanRoughnessMicrometres"),
         "meanAStar": ("redness", "meanAStar"), "depthIndex": ("lines", "meanDepthMicrometres")}
QUIET = ("noDetectableChange", "noMeaningfulChange", "notScored")


def session_date(session):
    return session.get("date") if isinstance(session, dict) else session


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    results, truth = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
    patients = {p["id"]: p for p in truth["patients"]}
    rows, disagree, total, last = [], 0, 0, {}
    for patient in results["patients"]:
        sessions_truth = patients[patient["id"]]["sessions"]
        for view in patient["views"]:
            dates = [session_date(s) for s in view["sessions"]]
            for comparison in view["comparisons"]:
                if comparison["kind"] != "baseline" or comparison["afterDate"] not in dates:
                    continue
                after = dates.index(comparison["afterDate"])
                cells = []
                for metric in comparison["metrics"]:
                    if metric["metric"] not in TRUTH:
                        continue
                    group, number = TRUTH[metric["metric"]]
                    before_true = sessions_truth[0]["summary"][group][number]
                    after_true = sessions_truth[after]["summary"][group][number]
                    true_change = 100 * (after_true - before_true) / abs(before_true) if before_true else 0.0
                    verdict = metric["verdict"]
                    agrees = verdict in QUIET or (verdict == "improved" and true_change < 0) or (verdict == "worsened" and true_change > 0)
                    total += 1
                    disagree += not agrees
                    cells.append({"metric": metric["metric"], "verdict": verdict, "percentChange": metric.get("percentChange"),
                                  "truePercentChange": true_change, "agrees": agrees})
                composite = (comparison.get("score") or {}).get("verdict")
                rows.append({"patient": patient["id"], "afterDate": comparison["afterDate"], "composite": composite, "metrics": cells})
                if after == len(dates) - 1:
                    last[patient["id"]] = composite
    ok = disagree == 0 and all(v == "improved" for v in last.values()) and bool(last)
    if "--json" in sys.argv:
        print(json.dumps({"comparisons": rows, "disagreeing": disagree, "headlineVerdicts": total, "lastSession": last}, indent=1))
    else:
        for row in rows:
            cells = " ".join(f"{c['metric']}:{c['verdict']}({(c['percentChange'] or 0):+.0f}% vs {c['truePercentChange']:+.0f}%)"
                             + ("" if c["agrees"] else " DISAGREES") for c in row["metrics"])
            print(f"{row['patient']} {row['afterDate']} composite {row['composite']}: {cells}")
        print("last session: " + ", ".join(f"{p} {v}" for p, v in sorted(last.items())))
        print(f"{disagree} of {total} headline verdicts disagree")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
