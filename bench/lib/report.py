#!/usr/bin/env python3
"""Turns bench/results/ (hyperfine JSON exports, facts.txt, libtorrent timings, trackerctl JSON of
the dead-tracker runs) into the markdown table printed by run.sh.   report.py RESULTS_DIR"""
import json, math, os, statistics, sys

d = sys.argv[1]
facts = {}
for line in open(os.path.join(d, "facts.txt")):
    k, _, v = line.rstrip("\n").partition(" ")
    facts[k] = v


def hf(name):
    res = json.load(open(os.path.join(d, name)))["results"]
    return {r["command"]: r for r in res}


def ms(r, digits=1):
    return f"{r['mean'] * 1000:.{digits}f} ± {r['stddev'] * 1000:.{digits}f} ms"


def ratio(a, b):
    q = a["mean"] / b["mean"]
    sd = q * math.sqrt((a["stddev"] / a["mean"]) ** 2 + (b["stddev"] / b["mean"]) ** 2)
    return q, sd


def rtxt(a, b):
    q, sd = ratio(a, b)
    return f"{q:.2f} ± {sd:.2f}×"


def inproc(fname):
    p = os.path.join(d, fname)
    if not os.path.exists(p):
        return "—"
    v = [float(x) for x in open(p) if x.strip()]
    return f"{statistics.mean(v) * 1000:.1f} ms (median {statistics.median(v) * 1000:.1f}, n={len(v)})"


out = []
p = out.append
goals = []

p(f"Date: {facts['date']}  ")
p(f"Machine: {facts['nproc']} cores, {facts['cpu']}, RAM {facts['mem']}, Linux {facts['kernel']}  ")
p(f"Build: {facts['build']}, `cargo build --release`  ")
p(f"Peers: {facts['versions']}")
p("")

# ------------------------------------------------------------------ 1
ah, sh, su, st = hf("s1_announce_http.json"), hf("s1_scrape_http.json"), hf("s1_udp.json"), hf("s1_startup.json")
runs = len(ah["curl"]["times"])
p(f"### 1. One announce / one scrape, opentracker on 127.0.0.1 (hyperfine -N, {runs} runs, whole process)")
p("")
p("| request | tool | mean ± sd | median | ratio vs curl (means) | ratio vs curl (medians) | libtorrent: add_torrent → reply, in-process |")
p("|---|---|---|---|---|---|---|")
rows = [
    ("announce HTTP", "curl -s URL", ah["curl"], ah["curl"], "—"),
    ("announce HTTP", "trackerctl announce --no-state", ah["trackerctl"], ah["curl"], "—"),
    ("announce HTTP", "libtorrent (python, started torrent)", ah["libtorrent"], ah["curl"], inproc("lt_announce_http.txt")),
    ("announce HTTP", "libtorrent (python, default auto-managed)", ah["libtorrent-auto"], ah["curl"], inproc("lt_announce_auto.txt")),
    ("scrape HTTP", "curl -s URL", sh["curl"], sh["curl"], "—"),
    ("scrape HTTP", "trackerctl scrape --no-state", sh["trackerctl"], sh["curl"], "—"),
    ("scrape HTTP", "transmission-show --scrape", sh["transmission-show"], sh["curl"], "—"),
    ("scrape HTTP", "libtorrent (python)", sh["libtorrent"], sh["curl"], inproc("lt_scrape_http.txt")),
    ("announce UDP", "trackerctl announce --no-state", su["trackerctl-announce"], ah["curl"], "—"),
    ("announce UDP", "libtorrent (python, started torrent)", su["libtorrent-announce"], ah["curl"], inproc("lt_announce_udp.txt")),
    ("scrape UDP", "trackerctl scrape --no-state", su["trackerctl-scrape"], sh["curl"], "—"),
    ("scrape UDP", "libtorrent (python)", su["libtorrent-scrape"], sh["curl"], inproc("lt_scrape_udp.txt")),
    ("start-up only", "curl --version", st["curl"], st["curl"], "—"),
    ("start-up only", "trackerctl --version", st["trackerctl"], st["curl"], "—"),
    ("start-up only", "transmission-show --version", st["transmission-show"], st["curl"], "—"),
    ("start-up only", "python3 -c 'import libtorrent' (then os._exit)", st["libtorrent"], st["curl"], "—"),
]
for req, tool, r, base, ip in rows:
    note = " (vs curl over HTTP: curl has no UDP tracker protocol)" if "UDP" in req else ""
    p(f"| {req} | {tool} | {ms(r)} | {r['median'] * 1000:.1f} ms | {rtxt(r, base)}{note} | {r['median'] / base['median']:.2f}× | {ip} |")
p("")
for kind, res, peers in (("announce", ah, ["libtorrent", "libtorrent-auto"]),
                         ("scrape", sh, ["transmission-show", "libtorrent"])):
    q, sd = ratio(res["trackerctl"], res["curl"])
    qm = res["trackerctl"]["median"] / res["curl"]["median"]
    verdict = ("met" if q <= 1.2 and qm <= 1.2 else "NOT met" if q > 1.2 and qm > 1.2 else
               "met on medians; NOT on means (outliers)" if qm <= 1.2 else "met on means only")
    goals.append((f"single {kind} (HTTP) ≤ 1.2× curl",
                  f"means {q:.2f} ± {sd:.2f}× ({ms(res['trackerctl'])} vs {ms(res['curl'])}); medians {qm:.2f}× "
                  f"({res['trackerctl']['median'] * 1000:.1f} vs {res['curl']['median'] * 1000:.1f} ms)", verdict))
    slower = [x for x in peers if res[x]["mean"] <= res["trackerctl"]["mean"] or res[x]["median"] <= res["trackerctl"]["median"]]
    fig = ", ".join(f"{x} median {res[x]['median'] * 1000:.1f} ms = {res[x]['median'] / res['trackerctl']['median']:.1f}× trackerctl's" for x in peers)
    goals.append((f"single {kind}: faster than every peer", fig, "met" if not slower else "NOT met: " + ", ".join(slower)))

# ------------------------------------------------------------------ 2
b, pc = hf("s2_batch.json"), hf("s2_percall.json")
n, k = int(facts["n_hashes"]), int(facts["per_call_n"])
f = n / k
p(f"### 2. {n} info-hashes scraped from opentracker (every hash has one seeder)")
p("")
p(f"Batch: hyperfine {len(b['batch-http']['times'])} runs. One process per torrent: {k} calls timed "
  f"({len(pc['curl-http']['times'])} runs) and multiplied by {n}/{k} = {f:.1f} (**extrapolated**). "
  f"HTTP batch sent {facts.get('batch_requests_http', '?')} requests (URLs kept < 2000 bytes); UDP at most 74 hashes per packet.")
p("")
p(f"| transport | how | measured | for {n} hashes | per hash | batch speed-up |")
p("|---|---|---|---|---|---|")
for tr, bk, per in (("HTTP", "batch-http", [("trackerctl-http", "one `trackerctl scrape HASH` per torrent"), ("curl-http", "one `curl -s` per torrent")]),
                    ("UDP", "batch-udp", [("trackerctl-udp", "one `trackerctl scrape HASH` per torrent")])):
    r = b[bk]
    p(f"| {tr} | `trackerctl scrape --from-file` (one process) | {ms(r)} | {ms(r)} | {r['mean'] / n * 1e6:.1f} µs | 1× |")
    for key, how in per:
        x = pc[key]
        total = x["mean"] * f
        p(f"| {tr} | {how} | {x['mean']:.2f} ± {x['stddev']:.2f} s for {k} | ≈ {total:.1f} s (extrapolated) | "
          f"{x['mean'] / k * 1000:.2f} ms | **{total / r['mean']:.0f}×** |")
        if key.startswith("trackerctl"):
            goals.append((f"{n} hashes over {tr}: batch ≥ 50× one call per torrent",
                          f"{total / r['mean']:.0f}× ({r['mean'] * 1000:.0f} ms vs ≈ {total:.1f} s extrapolated from {k} calls)",
                          "met" if total / r["mean"] >= 50 else "NOT met"))
if True:
    p("| UDP | one `curl` per torrent | — (curl has no UDP tracker protocol) | | | |")
p("")

# ------------------------------------------------------------------ 3
dd, lv = hf("s3_hf_dead.json"), hf("s3_hf_live.json")
to = float(facts["timeout"])
p(f"### 3. Four trackers, `announce --all-tiers --all-trackers-in-tier --timeout {facts['timeout']} --no-state`")
p("")
p("Dead HTTP = a listener that accepts and never answers; dead UDP = a bound socket that never answers. "
  "Per-tracker figures from one extra `--json` run of each.")
p("")
p("| trackers | wall mean ± sd | wall / timeout | per tracker (one run): status, elapsed | sum of per-tracker times |")
p("|---|---|---|---|---|")
for key, name, label in (("dead-http", "dead_http", "2 tiers: [HTTP ot1, dead HTTP], [UDP ot1, HTTP ot2]"),
                         ("dead-udp", "dead_udp", "2 tiers: [HTTP ot1, dead UDP], [UDP ot1, HTTP ot2]"),
                         ("dead-two", "dead_two", "2 tiers: [HTTP ot1, dead HTTP], [UDP ot1, dead UDP]"),
                         ("live", "live", "control, 3 live: [HTTP ot1], [UDP ot1, HTTP ot2]")):
    r = (dd if key != "live" else lv)[key]
    j = json.load(open(os.path.join(d, f"s3_{name}.json")))
    trs = j["torrents"][0]["trackers"]
    per = "; ".join(f"{t['status']} {t.get('elapsed_ms', '–')} ms" for t in trs)
    tot = sum(t.get("elapsed_ms", 0) for t in trs) / 1000
    p(f"| {label} | {r['mean']:.3f} ± {r['stddev']:.3f} s | {r['mean'] / to:.3f} | {per} | {tot:.2f} s |")
    if key != "live":
        goals.append((f"dead tracker ({key}): wall ≈ timeout, not the sum",
                      f"{r['mean']:.3f} s = {r['mean'] / to:.3f}× timeout (sum of per-tracker times {tot:.2f} s)",
                      "met" if r["mean"] <= 1.1 * to else "NOT met"))
p("")

# ------------------------------------------------------------------ 4
h = hf("s4_hash.json")
fs, isz = int(facts["file_size"]), int(facts["info_size"])
p(f"### 4. Hashing large_info_200k_pieces.torrent ({fs:,} bytes; info dict {isz:,} bytes)")
p("")
p("Time: hyperfine -N. Peak RSS: `/usr/bin/time -v` \"Maximum resident set size\", largest of 5 runs. "
  "Baseline = `trackerctl --version`.")
p("")
p("| command | mean ± sd | ratio vs sha1sum | peak RSS | RSS − baseline | peak RSS / file size | (RSS − baseline) / file size |")
p("|---|---|---|---|---|---|---|")
base = int(facts["rss_version"]) * 1024
for key, label, rk in (("trackerctl-tiers", "`trackerctl tiers FILE --json --no-state`", "rss_tiers_large"),
                       ("sha1sum", "`sha1sum info.bin` (info bytes only)", "rss_sha1sum"),
                       ("transmission-show", "`transmission-show FILE` (peer, for reference)", "rss_transmission_show")):
    r = h[key]
    rss = int(facts[rk]) * 1024
    extra = (f"{(rss - base) / 2**20:.1f} MiB" if key == "trackerctl-tiers" else "—")
    ratio_b = (f"{(rss - base) / fs:.2f}" if key == "trackerctl-tiers" else "—")
    p(f"| {label} | {ms(r)} | {rtxt(r, h['sha1sum'])} | {rss / 2**20:.1f} MiB | {extra} | {rss / fs:.2f} | {ratio_b} |")
p(f"| `trackerctl --version` (baseline) | | | {base / 2**20:.1f} MiB | | | |")
p(f"| `trackerctl tiers` of a 1-tracker small torrent | | | {int(facts['rss_tiers_small']) / 1024:.1f} MiB | | | |")
p("")
rss = int(facts["rss_tiers_large"]) * 1024
goals.append(("hashing: peak RSS ≤ 2× file size",
              f"peak {rss / 2**20:.1f} MiB = {rss / fs:.2f}× file; minus baseline {(rss - base) / 2**20:.1f} MiB = {(rss - base) / fs:.2f}×",
              "met" if rss <= 2 * fs else ("met only minus baseline" if rss - base <= 2 * fs else "NOT met")))
q, sd = ratio(h["trackerctl-tiers"], h["sha1sum"])
goals.append(("hashing time vs sha1sum (no stated goal)", f"{q:.2f} ± {sd:.2f}× ({ms(h['trackerctl-tiers'])} vs {ms(h['sha1sum'])})", "—"))

# ------------------------------------------------------------------ goals
p("### Goals")
p("")
p("| goal | figure | verdict |")
p("|---|---|---|")
for g in goals:
    p(f"| {g[0]} | {g[1]} | {g[2]} |")
print("\n".join(out))
