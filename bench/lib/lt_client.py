#!/usr/bin/python3
"""One announce or one scrape with libtorrent 2.0.8 (Debian's python3-libtorrent), then exit.

    lt_client.py announce|announce-auto|scrape TORRENT [TIMING_FILE]

libtorrent is a whole client session, not a request tool: this script creates a session that
listens on 127.0.0.1 only (DHT, LSD, UPnP, NAT-PMP off), adds the torrent with a save path in a
temp folder, and waits for the first tracker_reply_alert (announce) or scrape_reply_alert (scrape).
announce: the torrent is added started and not auto-managed, so the announce goes out at once.
announce-auto: added with libtorrent's default flags (auto-managed, paused): the session starts it
on its next tick, so the announce leaves ~500 ms later (what a client adding a torrent sees).
scrape: added paused and not auto-managed (no announce goes out), then scrape_tracker(0).
ssrf_mitigation is turned off: with it libtorrent refuses any request to 127.0.0.1 whose path is
not /announce, which includes every scrape here.
It then leaves with os._exit(0): a clean session shutdown would send event=stopped and wait for
it, which is not part of "one request". The time from add_torrent to the reply, measured inside
the process, is appended to TIMING_FILE (seconds, one per line) when given; the whole process,
import and session start included, is what hyperfine times.
"""
import os, sys, tempfile, time
import libtorrent as lt

mode, torrent = sys.argv[1], sys.argv[2]
timing = sys.argv[3] if len(sys.argv) > 3 else None
ses = lt.session({
    "listen_interfaces": "127.0.0.1:0",
    "enable_dht": False, "enable_lsd": False, "enable_upnp": False, "enable_natpmp": False,
    "ssrf_mitigation": False,
    "alert_mask": lt.alert_category.tracker | lt.alert_category.error | lt.alert_category.status,
})
p = lt.add_torrent_params()
p.ti = lt.torrent_info(torrent)
p.save_path = tempfile.mkdtemp(prefix="lt-bench-")
if mode == "scrape":
    p.flags = (p.flags | lt.torrent_flags.paused) & ~lt.torrent_flags.auto_managed
elif mode == "announce":
    p.flags = p.flags & ~lt.torrent_flags.paused & ~lt.torrent_flags.auto_managed
t0 = time.perf_counter()
h = ses.add_torrent(p)
if mode == "scrape":
    h.scrape_tracker(0)
want = lt.scrape_reply_alert if mode == "scrape" else lt.tracker_reply_alert
deadline = t0 + 10
while time.perf_counter() < deadline:
    ses.wait_for_alert(100)
    for a in ses.pop_alerts():
        if isinstance(a, want):
            dt = time.perf_counter() - t0
            if timing:
                with open(timing, "a") as f:
                    f.write(f"{dt:.6f}\n")
            print(f"{mode} reply after {dt * 1000:.1f} ms: {a.message()}")
            sys.stdout.flush()
            os._exit(0)
        if isinstance(a, (lt.tracker_error_alert, lt.scrape_failed_alert)):
            print("error:", a.message(), file=sys.stderr)
            sys.stdout.flush()
            os._exit(1)
print("no tracker reply within 10 s", file=sys.stderr)
os._exit(1)
