#!/usr/bin/env python3
"""race_report_check.py -- check cprof_sarif and cprof_junit on a race run.

    race_report_check.py [--loose] SRC.c RACES.json

RACES.json is what `--race=yes --race-json=RACES.json` wrote for the
program built from SRC.c (a labelled program of tests/race: its racing
lines end with /* RACE */).  Runs, in the current folder,

    cprof_sarif --srcroot=$TOP -o races.sarif RACES.json
    cprof_sarif -o races-abs.sarif RACES.json          (no --srcroot)
    cprof_sarif - < RACES.json                         (stdin, stdout)
    cprof_junit --srcroot=$TOP --suite=SUITE -o races.xml RACES.json
    cprof_junit - < RACES.json

and prints what it found, one check a line, in words that do not depend on
the machine (paths relative to $TOP, thread numbers as T<n>; with
--loose, access sizes as <n> and "at least one race": a libc memcpy's
accesses depend on the CPU and the C library):

  * the SARIF log's structure against SARIF 2.1.0's required properties
    (sarif_problems() below: version, $schema, runs[].tool.driver.name,
    rules, results[].ruleId / message.text / locations[].physicalLocation
    .artifactLocation.uri / region.startLine, codeFlows[].threadFlows[]
    .locations[].location, relatedLocations, stacks, partialFingerprints,
    uriBaseIds declared in originalUriBaseIds);
  * one result per JSON line; each result's message;
  * the lines of the results' locations and related locations against the
    /* RACE */ lines of SRC.c (every one reported, none other);
  * the code flows: two thread flows per result holding the JSON's two
    stacks frame by frame, innermost first, the function as message;
  * file:// URIs without --srcroot; the same output from stdin;
  * fingerprints that do not change when every address and offset does,
    or when the two accesses are swapped;
  * the JUnit report: parsed by xml.etree, one testsuite with the right
    name and counts, one failing testcase per race named "data race
    FILE:LINE in FUNC" with the JSON's summary as failure message and the
    report (both stacks, the location) as text; for a race-free program,
    0 results and one passing testcase "no data races".
"""
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from urllib.parse import quote

TOP = os.environ.get("TOP") or os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.realpath(__file__))))
SCRIPTS = os.path.join(TOP, "scripts")
SUITE = "race <tests> & more"          # needs escaping in XML
LEVELS = ("none", "note", "warning", "error")


# --------------------------------------------------------------------------
# SARIF 2.1.0: the required properties and types of what cprof_sarif
# writes, after the OASIS schema (sarif-schema-2.1.0.json).

def sarif_problems(log):
    """A list of problems (empty when the log is well formed)."""
    p = []

    def need(cond, where, what):
        if not cond:
            p.append("%s: %s" % (where, what))
        return cond

    def is_int(v):
        return isinstance(v, int) and not isinstance(v, bool)

    def message(m, where, required=True):
        if m is None and not required:
            return
        if need(isinstance(m, dict), where, "message is not an object"):
            need(isinstance(m.get("text"), str) or isinstance(m.get("id"), str), where,
                 "message has neither text nor id")

    def artifact(al, where, bases):
        if not need(isinstance(al, dict), where, "artifactLocation is not an object"):
            return
        uri = al.get("uri")
        if need(isinstance(uri, str) and uri, where, "artifactLocation.uri missing"):
            need(not re.search(r"[\s<>\"{}|\\^`]", uri), where, "uri %r is not a valid "
                 "URI reference (unescaped characters)" % uri)
            if uri.startswith("file:"):
                need(uri.startswith("file:///"), where, "file URI %r not absolute" % uri)
        if "uriBaseId" in al:
            need(al["uriBaseId"] in bases, where, "uriBaseId %r not in originalUriBaseIds"
                 % al["uriBaseId"])
            need(not uri.startswith("file:") and not uri.startswith("/"), where,
                 "uri with a uriBaseId must be relative")

    def location(loc, where, bases, physical=False):
        if not need(isinstance(loc, dict), where, "location is not an object"):
            return
        need(any(k in loc for k in ("physicalLocation", "logicalLocations", "message")),
             where, "location is empty")
        if "id" in loc:
            need(is_int(loc["id"]) and loc["id"] >= -1, where, "location id not an integer")
        message(loc.get("message"), where + ".message", required=False)
        pl = loc.get("physicalLocation")
        if physical:
            need(pl is not None, where, "no physicalLocation")
        if pl is not None:
            if need(isinstance(pl, dict), where, "physicalLocation is not an object"):
                need("artifactLocation" in pl or "address" in pl, where,
                     "physicalLocation without artifactLocation")
                if "artifactLocation" in pl:
                    artifact(pl["artifactLocation"], where + ".physicalLocation", bases)
                reg = pl.get("region")
                if physical:
                    need(reg is not None, where, "no region")
                if reg is not None:
                    need(isinstance(reg, dict) and is_int(reg.get("startLine"))
                         and reg["startLine"] >= 1, where, "region.startLine not >= 1")
        for ll in loc.get("logicalLocations", []):
            need(isinstance(ll, dict) and isinstance(ll.get("name"), str), where,
                 "logicalLocation without name")

    if not need(isinstance(log, dict), "log", "not an object"):
        return p
    need(log.get("version") == "2.1.0", "log", "version is not \"2.1.0\"")
    need(log.get("$schema") == "https://json.schemastore.org/sarif-2.1.0.json", "log",
         "$schema is not the SARIF 2.1.0 schema")
    runs = log.get("runs")
    if not need(isinstance(runs, list) and runs, "log", "runs is not a non-empty list"):
        return p
    for ri, run in enumerate(runs):
        w = "runs[%d]" % ri
        driver = run.get("tool", {}).get("driver") if isinstance(run.get("tool"), dict) else None
        if not need(isinstance(driver, dict), w, "no tool.driver"):
            continue
        need(isinstance(driver.get("name"), str) and driver["name"], w,
             "tool.driver.name missing")
        rules = driver.get("rules", [])
        ids = []
        for k, rule in enumerate(rules):
            rw = "%s.rules[%d]" % (w, k)
            if need(isinstance(rule, dict) and isinstance(rule.get("id"), str), rw, "no id"):
                ids.append(rule["id"])
                for key in ("shortDescription", "fullDescription", "help"):
                    if key in rule:
                        need(isinstance(rule[key], dict)
                             and isinstance(rule[key].get("text"), str), rw,
                             "%s.text missing" % key)
                dc = rule.get("defaultConfiguration", {})
                need(dc.get("level", "warning") in LEVELS, rw, "bad default level")
        need(len(ids) == len(set(ids)), w, "rule ids not unique")
        bases = run.get("originalUriBaseIds", {})
        for name, base in bases.items():
            need(isinstance(base, dict) and isinstance(base.get("uri"), str)
                 and base["uri"].startswith("file:///") and base["uri"].endswith("/"),
                 "%s.originalUriBaseIds.%s" % (w, name), "uri not an absolute "
                 "folder URI ending in /")
        results = run.get("results")
        if not need(isinstance(results, list), w, "results is not a list"):
            continue
        for k, res in enumerate(results):
            rw = "%s.results[%d]" % (w, k)
            if not need(isinstance(res, dict), rw, "not an object"):
                continue
            need(isinstance(res.get("ruleId"), str), rw, "no ruleId")
            if "ruleIndex" in res:
                need(is_int(res["ruleIndex"]) and 0 <= res["ruleIndex"] < len(ids)
                     and ids[res["ruleIndex"]] == res.get("ruleId"), rw,
                     "ruleIndex does not point at ruleId")
            need(res.get("level", "warning") in LEVELS, rw, "bad level")
            message(res.get("message"), rw + ".message")
            locs = res.get("locations")
            if need(isinstance(locs, list) and locs, rw, "no locations"):
                for i, loc in enumerate(locs):
                    location(loc, "%s.locations[%d]" % (rw, i), bases, physical=True)
            rel_ids = []
            for i, loc in enumerate(res.get("relatedLocations", [])):
                location(loc, "%s.relatedLocations[%d]" % (rw, i), bases)
                rel_ids.append(loc.get("id"))
            need(len(rel_ids) == len(set(rel_ids)), rw, "relatedLocations ids not unique")
            flows = res.get("codeFlows", [])
            need(isinstance(flows, list), rw, "codeFlows not a list")
            for i, cf in enumerate(flows):
                cw = "%s.codeFlows[%d]" % (rw, i)
                message(cf.get("message"), cw + ".message", required=False)
                tfs = cf.get("threadFlows")
                if not need(isinstance(tfs, list) and tfs, cw, "threadFlows empty"):
                    continue
                for j, tf in enumerate(tfs):
                    tw = "%s.threadFlows[%d]" % (cw, j)
                    message(tf.get("message"), tw + ".message", required=False)
                    tls = tf.get("locations")
                    if not need(isinstance(tls, list) and tls, tw, "locations empty"):
                        continue
                    for n, tl in enumerate(tls):
                        if need(isinstance(tl, dict) and "location" in tl, tw,
                                "locations[%d] has no location" % n):
                            location(tl["location"], "%s.locations[%d]" % (tw, n), bases)
            for i, st in enumerate(res.get("stacks", [])):
                sw = "%s.stacks[%d]" % (rw, i)
                if need(isinstance(st, dict) and isinstance(st.get("frames"), list), sw,
                        "no frames"):
                    for n, fr in enumerate(st["frames"]):
                        if "location" in fr:
                            location(fr["location"], "%s.frames[%d]" % (sw, n), bases)
                        if "threadId" in fr:
                            need(is_int(fr["threadId"]), sw, "threadId not an integer")
            fp = res.get("partialFingerprints", {})
            need(isinstance(fp, dict) and all(isinstance(v, str) for v in fp.values()), rw,
                 "partialFingerprints values not strings")
    return p


# --------------------------------------------------------------------------

def run(script, args, stdin=None):
    r = subprocess.run([sys.executable, os.path.join(SCRIPTS, script)] + args,
                       input=stdin, capture_output=True)
    if r.returncode != 0 or r.stderr:
        print("%s %s: exit %d: %s" % (script, " ".join(args), r.returncode,
                                      r.stderr.decode(errors="replace").strip()))
    return r


LOOSE = False


def tidy(s):
    s = re.sub(r"\bT\d+\b", "T<n>", s.replace(TOP + "/", "$TOP/"))
    if LOOSE:
        s = re.sub(r"\bof size \d+", "of size <n>", s)
    return s


def race_lines(src):
    with open(src) as f:
        return {i for i, line in enumerate(f, 1) if "/* RACE */" in line}


def uri_line(loc):
    pl = loc["physicalLocation"]
    return pl["artifactLocation"].get("uri"), pl["artifactLocation"].get("uriBaseId"), \
        pl.get("region", {}).get("startLine")


def check_sarif(src, races_json, records):
    rel_src = os.path.relpath(os.path.realpath(src), os.path.realpath(TOP))
    run("cprof_sarif", ["--srcroot=" + TOP, "-o", "races.sarif", races_json])
    with open("races.sarif", encoding="utf-8") as f:
        log = json.load(f)
    probs = sarif_problems(log)
    print("sarif: %s" % ("valid SARIF 2.1.0" if not probs else "; ".join(probs[:10])))
    run0 = log["runs"][0]
    rules = run0["tool"]["driver"]["rules"]
    r0 = rules[0]
    print("sarif: driver %s, rule %s, default level %s, short description %r" % (
        run0["tool"]["driver"]["name"], r0["id"], r0["defaultConfiguration"]["level"],
        r0["shortDescription"]["text"]))
    results = run0["results"]
    print("sarif: %s" % ("one result per JSON line" if len(results) == len(records) else
                         "%d results for %d JSON lines" % (len(results), len(records))))
    if not records:
        print("sarif: no results, rules still listed: %s" % ", ".join(r["id"] for r in rules))
        return
    msgs = sorted({tidy(r["message"]["text"]) for r in results})
    for m in msgs:
        print("message: " + m)
    labelled = race_lines(src)
    seen = set()
    bad = []
    for k, res in enumerate(results):
        if res["ruleId"] != "data-race" or res["level"] != "error":
            bad.append("result %d: ruleId %s level %s" % (k, res["ruleId"], res["level"]))
        uri, base, line = uri_line(res["locations"][0])
        rel = [l for l in res.get("relatedLocations", []) if l.get("id") == 1]
        if not rel:
            bad.append("result %d: no related location for the previous access" % k)
            continue
        ruri, rbase, rline = uri_line(rel[0])
        for u, b, ln, what in ((uri, base, line, "location"), (ruri, rbase, rline, "related")):
            if u != quote(rel_src) or b != "SRCROOT":
                bad.append("result %d %s: uri %s base %s, not %s in SRCROOT" % (k, what, u, b,
                                                                            rel_src))
            if ln not in labelled:
                bad.append("result %d %s: line %s is not a /* RACE */ line" % (k, what, ln))
            seen.add(ln)
    missing = labelled - seen
    if missing:
        bad.append("/* RACE */ lines not reported: %s" % sorted(missing))
    print("locations: %s" % ("; ".join(bad) if bad else
                             "%s, lines %s: the /* RACE */ lines, all of them" % (
                                 rel_src, " ".join(map(str, sorted(seen))))))
    base_uri = run0.get("originalUriBaseIds", {}).get("SRCROOT", {}).get("uri")
    print("sarif: SRCROOT %s" % ("is $TOP" if base_uri == "file://" + quote(TOP) + "/" else
                                 "is %r, not $TOP" % base_uri))
    # heap blocks: where they were allocated
    for k, (res, rec) in enumerate(zip(results, records)):
        if rec.get("location", {}).get("kind") == "heap":
            alloc = [l for l in res.get("relatedLocations", []) if l.get("id") == 2]
            if alloc:
                u, b, ln = uri_line(alloc[0])
                print("heap block: allocated at %s:%s (%s)" % (u, ln,
                                                             tidy(alloc[0]["message"]["text"])))
            else:
                print("heap block: result %d has no allocation site" % k)
    # code flows: the JSON's stacks, frame by frame, innermost first
    bad = []
    for k, (res, rec) in enumerate(zip(results, records)):
        cfs = res.get("codeFlows", [])
        if len(cfs) != 1 or len(cfs[0]["threadFlows"]) != 2:
            bad.append("result %d: not one code flow with two thread flows" % k)
            continue
        for tf, key in zip(cfs[0]["threadFlows"], ("access", "previous")):
            stack = rec[key]["stack"]
            locs = [tl["location"] for tl in tf["locations"]]
            if len(locs) != len(stack):
                bad.append("result %d %s: %d locations for %d frames" % (k, key, len(locs),
                                                                         len(stack)))
                continue
            for fr, loc in zip(stack, locs):
                text = loc["message"]["text"]
                if fr.get("file"):
                    u, b, ln = uri_line(loc)
                    if text != fr["function"] or ln != fr["line"]:
                        bad.append("result %d %s: %r line %s for %s:%s" % (
                            k, key, text, ln, fr["function"], fr["line"]))
                elif "physicalLocation" in loc or not text.startswith(fr["function"] or "<null>"):
                    bad.append("result %d %s: frame without source as %r" % (k, key, loc))
        if len(res.get("stacks", [])) != 2:
            bad.append("result %d: not two stacks" % k)
    nosrc = sum(1 for rec in records for key in ("access", "previous")
                for fr in rec[key]["stack"] if not fr.get("file"))
    print("code flows: %s" % ("; ".join(bad) if bad else
                              "two thread flows per result, the stacks innermost first%s"
                              % (", frames without source as messages only" if nosrc else "")))
    # without --srcroot: file:// URIs
    run("cprof_sarif", ["-o", "races-abs.sarif", races_json])
    with open("races-abs.sarif", encoding="utf-8") as f:
        abs_log = json.load(f)
    uris = {uri_line(r["locations"][0])[:2] for r in abs_log["runs"][0]["results"]}
    want = {("file://" + quote(os.path.realpath(src)), None),
            ("file://" + quote(os.path.abspath(src)), None)}
    probs = sarif_problems(abs_log)
    print("without --srcroot: %s" % ("valid, file:// URIs" if uris <= want and not probs
                                     and "originalUriBaseIds" not in abs_log["runs"][0]
                                     else "%s %s" % (sorted(map(str, uris)), probs[:3])))
    # stdin
    with open(races_json, "rb") as f:
        data = f.read()
    out = run("cprof_sarif", ["-"], stdin=data).stdout
    with open("races-abs.sarif", "rb") as f:
        print("stdin: %s" % ("the same log on stdout" if out == f.read() else "differs"))
    # fingerprints: other addresses, swapped accesses
    fps = [r["partialFingerprints"] for r in abs_log["runs"][0]["results"]]
    moved = []
    for rec in records:
        rec2 = json.loads(json.dumps(rec))
        rec2["access"], rec2["previous"] = rec2["previous"], rec2["access"]
        for key in ("access", "previous"):
            rec2[key]["address"] = "0x%x" % (int(rec2[key]["address"], 16) + 0x1000)
            for fr in rec2[key]["stack"]:
                fr["offset"] = "0x%x" % (int(fr["offset"], 16) + 0x40)
        moved.append(json.dumps(rec2))
    with open("moved.json", "w") as f:
        f.write("\n".join(moved) + "\n")
    run("cprof_sarif", ["-o", "moved.sarif", "moved.json"])
    with open("moved.sarif", encoding="utf-8") as f:
        fps2 = [r["partialFingerprints"] for r in json.load(f)["runs"][0]["results"]]
    ok = fps == fps2 and all(len(fp) == 1 and len(next(iter(fp.values()))) == 64 for fp in fps)
    print("fingerprints: %s" % ("the same with other addresses and the accesses swapped"
                                if ok else "differ: %s vs %s" % (fps, fps2)))


def check_junit(races_json, records):
    run("cprof_junit", ["--srcroot=" + TOP, "--suite=" + SUITE, "-o", "races.xml", races_json])
    try:
        root = ET.parse("races.xml").getroot()
    except ET.ParseError as e:
        print("junit: not XML: %s" % e)
        return
    suites = root.findall("testsuite") if root.tag == "testsuites" else [root]
    if len(suites) != 1:
        print("junit: %d testsuites" % len(suites))
        return
    ts = suites[0]
    cases = ts.findall("testcase")
    fails = [tc for tc in cases if tc.find("failure") is not None]
    n = len(records)
    counts_ok = (ts.get("tests") == str(max(n, 1)) and ts.get("failures") == str(n)
                 and len(cases) == max(n, 1) and len(fails) == n
                 and (root.tag != "testsuites" or (root.get("tests") == ts.get("tests")
                                                   and root.get("failures") == ts.get("failures"))))
    print("junit: parsed, one testsuite %s, %s" % (
        "named as asked" if ts.get("name") == SUITE else "named %r" % ts.get("name"),
        "tests and failures as expected" if counts_ok
        else "wrong counts: tests=%s failures=%s, %d testcases, %d failing" % (
            ts.get("tests"), ts.get("failures"), len(cases), len(fails))))
    if not records:
        tc = cases[0] if cases else None
        print("junit: %s" % ("one passing testcase %r" % tc.get("name") if tc is not None
                             and not fails else "no passing testcase"))
        return
    names = sorted({re.sub(r" #\d+$", "", tc.get("name")) for tc in fails})
    for name in names:
        print("testcase: " + tidy(name))
    bad = []
    for tc, rec in zip(fails, records):
        f = tc.find("failure")
        if tc.get("classname") != "cprofgrind.race":
            bad.append("classname %s" % tc.get("classname"))
        if f.get("message") != rec["summary"] or f.get("type") != "data-race":
            bad.append("failure message %r type %r" % (f.get("message"), f.get("type")))
        text = f.text or ""
        for want in ("WARNING: DATA RACE", "\n  Previous ", "\n    #0 ",
                     "Location is ", "SUMMARY: cprofgrind: " + rec["summary"]):
            if want not in text:
                bad.append("no %r in the failure text" % want)
        for key in ("access", "previous"):
            for fr in rec[key]["stack"]:
                if fr["function"] and fr["function"] not in text:
                    bad.append("frame %s missing from the text" % fr["function"])
    print("junit failures: %s" % ("; ".join(sorted(set(bad))) if bad else
                                  "summary as message, both stacks and the location as text"))
    with open(races_json, "rb") as f:
        out = run("cprof_junit", ["-"], stdin=f.read()).stdout
    try:
        ET.fromstring(out)
        print("junit stdin: parsed")
    except ET.ParseError as e:
        print("junit stdin: not XML: %s" % e)


def main():
    global LOOSE
    args = sys.argv[1:]
    if args[:1] == ["--loose"]:
        LOOSE = True
        args = args[1:]
    if len(args) != 2:
        sys.exit("usage: race_report_check.py [--loose] SRC.c RACES.json")
    src, races_json = args
    with open(races_json, encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    if not records:
        print("json: no race")
    elif LOOSE:
        print("json: at least one race")
    else:
        print("json: %d race%s" % (len(records), "" if len(records) == 1 else "s"))
    check_sarif(src, races_json, records)
    check_junit(races_json, records)


if __name__ == "__main__":
    main()
