
use builtin;
use str;

set edit:completion:arg-completer[trackerctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'trackerctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'trackerctl'= {
            cand --timeout 'Deadline of one whole tracker request, in seconds (libtorrent''s receive timeout)'
            cand --state 'State file [default: $XDG_STATE_HOME/trackerctl/state.json]'
            cand --color 'When to use colour'
            cand --udp-retransmit 'How UDP requests are resent inside the deadline: fast (1 s, 2 s, 4 s …), none (libtorrent), bep15 (15·2ⁿ s)'
            cand --max-rate 'Global rate limit, requests per second across all trackers and runs [default: none]'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'Show each request as sent and each answer (-vv adds raw bytes); on stderr'
            cand --verbose 'Show each request as sent and each answer (-vv adds raw bytes); on stderr'
            cand --dry-run 'Print the requests that would be sent, and send nothing'
            cand --no-state 'Neither read nor write the state file (wins over --state and TRACKERCTL_STATE)'
            cand --show-secrets 'Do not redact passkeys and other URL secrets in any output'
            cand --no-shuffle 'Keep each tier in the listed order instead of shuffling it once (libtorrent shuffles)'
            cand --no-prefer-udp 'Do not move udp:// trackers ahead of same-host HTTP ones (libtorrent does)'
            cand --insecure 'Accept HTTPS trackers whose certificate does not validate'
            cand -q 'Print nothing on stdout unless --json; errors still go to stderr'
            cand --quiet 'Print nothing on stdout unless --json; errors still go to stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand announce 'Announce to the selected trackers (registers this peer)'
            cand scrape 'Ask trackers for swarm counts (BEP 48 / BEP 15); never registers a peer'
            cand stop 'Send event=stopped with the identity the last announce used, so the tracker drops the peer'
            cand tiers 'Show the tiers and which trackers an announce would contact, contacting none'
            cand completions 'Print the shell completion script for SHELL'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'trackerctl;announce'= {
            cand --tracker 'Add a tracker (repeatable); each one is a tier of its own after the torrent''s tiers'
            cand --only-tracker 'Use only these trackers (repeatable); one the torrent does not list is added as a tier'
            cand --hash 'Which info-hash of a hybrid v1+v2 torrent to use'
            cand --port 'Port this peer listens on [default: the one saved for this torrent+tracker, else 6881]'
            cand --uploaded 'Bytes uploaded, as you report them'
            cand --downloaded 'Bytes downloaded, as you report them'
            cand --left 'Bytes left [default: the torrent''s total length when known, else 0]'
            cand --numwant 'Number of peers wanted [default: 200, 0 on stopped, as libtorrent]'
            cand --ip 'Address to announce as (&ip=)'
            cand --peer-id 'Peer id, 20 bytes or 40 hex [default: -TC0100- and 12 random characters, saved in state]'
            cand --key 'Announce key, 8 hex digits [default: random, saved in state]'
            cand --trackerid 'Tracker id to send back [default: the one saved from the tracker''s last answer]'
            cand --user-agent 'User-Agent header'
            cand --event 'Event to send [default: started when this torrent+tracker has no state, else none]'
            cand --peers 'How many peers to print in text output'
            cand --timeout 'Deadline of one whole tracker request, in seconds (libtorrent''s receive timeout)'
            cand --state 'State file [default: $XDG_STATE_HOME/trackerctl/state.json]'
            cand --color 'When to use colour'
            cand --udp-retransmit 'How UDP requests are resent inside the deadline: fast (1 s, 2 s, 4 s …), none (libtorrent), bep15 (15·2ⁿ s)'
            cand --max-rate 'Global rate limit, requests per second across all trackers and runs [default: none]'
            cand --all-trackers-in-tier '"Always announce to all trackers in a tier" (qBittorrent option)'
            cand --all-tiers '"Always announce to all tiers" (qBittorrent option, on by default in qBittorrent)'
            cand --no-compact 'Ask for the dictionary peer model (compact=0)'
            cand --no-peer-id 'Do not send no_peer_id=1'
            cand --force 'Send even inside the tracker''s min interval, and to trackers in back-off'
            cand --wait 'Wait until the min interval, back-off or rate limit allows the request (countdown on a terminal)'
            cand --ignore-retry-in 'Do not honour a tracker''s BEP 31 "retry in" (libtorrent 2.0.8 ignores it)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'Show each request as sent and each answer (-vv adds raw bytes); on stderr'
            cand --verbose 'Show each request as sent and each answer (-vv adds raw bytes); on stderr'
            cand --dry-run 'Print the requests that would be sent, and send nothing'
            cand --no-state 'Neither read nor write the state file (wins over --state and TRACKERCTL_STATE)'
            cand --show-secrets 'Do not redact passkeys and other URL secrets in any output'
            cand --no-shuffle 'Keep each tier in the listed order instead of shuffling it once (libtorrent shuffles)'
            cand --no-prefer-udp 'Do not move udp:// trackers ahead of same-host HTTP ones (libtorrent does)'
            cand --insecure 'Accept HTTPS trackers whose certificate does not validate'
            cand -q 'Print nothing on stdout unless --json; errors still go to stderr'
            cand --quiet 'Print nothing on stdout unless --json; errors still go to stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'trackerctl;scrape'= {
            cand --tracker 'Add a tracker (repeatable); each one is a tier of its own after the torrent''s tiers'
            cand --only-tracker 'Use only these trackers (repeatable); one the torrent does not list is added as a tier'
            cand --hash 'Which info-hash of a hybrid v1+v2 torrent to use'
            cand --scrape-url-rule 'How the scrape URL is derived from the announce URL'
            cand --scrape-url 'Scrape this URL instead of deriving it (applies to every HTTP tracker asked)'
            cand --timeout 'Deadline of one whole tracker request, in seconds (libtorrent''s receive timeout)'
            cand --state 'State file [default: $XDG_STATE_HOME/trackerctl/state.json]'
            cand --color 'When to use colour'
            cand --udp-retransmit 'How UDP requests are resent inside the deadline: fast (1 s, 2 s, 4 s …), none (libtorrent), bep15 (15·2ⁿ s)'
            cand --max-rate 'Global rate limit, requests per second across all trackers and runs [default: none]'
            cand --one-hash-per-request 'One info_hash per request, as libtorrent does'
            cand --wait 'Wait until the rate limit or the tracker''s min_request_interval allows the scrape'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'Show each request as sent and each answer (-vv adds raw bytes); on stderr'
            cand --verbose 'Show each request as sent and each answer (-vv adds raw bytes); on stderr'
            cand --dry-run 'Print the requests that would be sent, and send nothing'
            cand --no-state 'Neither read nor write the state file (wins over --state and TRACKERCTL_STATE)'
            cand --show-secrets 'Do not redact passkeys and other URL secrets in any output'
            cand --no-shuffle 'Keep each tier in the listed order instead of shuffling it once (libtorrent shuffles)'
            cand --no-prefer-udp 'Do not move udp:// trackers ahead of same-host HTTP ones (libtorrent does)'
            cand --insecure 'Accept HTTPS trackers whose certificate does not validate'
            cand -q 'Print nothing on stdout unless --json; errors still go to stderr'
            cand --quiet 'Print nothing on stdout unless --json; errors still go to stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'trackerctl;stop'= {
            cand --tracker 'Add a tracker (repeatable); each one is a tier of its own after the torrent''s tiers'
            cand --only-tracker 'Use only these trackers (repeatable); one the torrent does not list is added as a tier'
            cand --hash 'Which info-hash of a hybrid v1+v2 torrent to use'
            cand --port 'Port this peer listens on [default: the one saved for this torrent+tracker, else 6881]'
            cand --uploaded 'Bytes uploaded, as you report them'
            cand --downloaded 'Bytes downloaded, as you report them'
            cand --left 'Bytes left [default: the torrent''s total length when known, else 0]'
            cand --numwant 'Number of peers wanted [default: 200, 0 on stopped, as libtorrent]'
            cand --ip 'Address to announce as (&ip=)'
            cand --peer-id 'Peer id, 20 bytes or 40 hex [default: -TC0100- and 12 random characters, saved in state]'
            cand --key 'Announce key, 8 hex digits [default: random, saved in state]'
            cand --trackerid 'Tracker id to send back [default: the one saved from the tracker''s last answer]'
            cand --user-agent 'User-Agent header'
            cand --stop-timeout '"Stop tracker timeout" in seconds; 0 sends nothing (qBittorrent 4.5''s default is 5)'
            cand --timeout 'Deadline of one whole tracker request, in seconds (libtorrent''s receive timeout)'
            cand --state 'State file [default: $XDG_STATE_HOME/trackerctl/state.json]'
            cand --color 'When to use colour'
            cand --udp-retransmit 'How UDP requests are resent inside the deadline: fast (1 s, 2 s, 4 s …), none (libtorrent), bep15 (15·2ⁿ s)'
            cand --max-rate 'Global rate limit, requests per second across all trackers and runs [default: none]'
            cand --no-compact 'Ask for the dictionary peer model (compact=0)'
            cand --no-peer-id 'Do not send no_peer_id=1'
            cand --force 'Send stopped to the selected trackers even when no announce to them is recorded'
            cand --all 'Stop every torrent recorded in the state file, at every tracker that accepted a started (qBittorrent''s clean exit); takes no TORRENT'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'Show each request as sent and each answer (-vv adds raw bytes); on stderr'
            cand --verbose 'Show each request as sent and each answer (-vv adds raw bytes); on stderr'
            cand --dry-run 'Print the requests that would be sent, and send nothing'
            cand --no-state 'Neither read nor write the state file (wins over --state and TRACKERCTL_STATE)'
            cand --show-secrets 'Do not redact passkeys and other URL secrets in any output'
            cand --no-shuffle 'Keep each tier in the listed order instead of shuffling it once (libtorrent shuffles)'
            cand --no-prefer-udp 'Do not move udp:// trackers ahead of same-host HTTP ones (libtorrent does)'
            cand --insecure 'Accept HTTPS trackers whose certificate does not validate'
            cand -q 'Print nothing on stdout unless --json; errors still go to stderr'
            cand --quiet 'Print nothing on stdout unless --json; errors still go to stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'trackerctl;tiers'= {
            cand --tracker 'Add a tracker (repeatable); each one is a tier of its own after the torrent''s tiers'
            cand --only-tracker 'Use only these trackers (repeatable); one the torrent does not list is added as a tier'
            cand --hash 'Which info-hash of a hybrid v1+v2 torrent to use'
            cand --timeout 'Deadline of one whole tracker request, in seconds (libtorrent''s receive timeout)'
            cand --state 'State file [default: $XDG_STATE_HOME/trackerctl/state.json]'
            cand --color 'When to use colour'
            cand --udp-retransmit 'How UDP requests are resent inside the deadline: fast (1 s, 2 s, 4 s …), none (libtorrent), bep15 (15·2ⁿ s)'
            cand --max-rate 'Global rate limit, requests per second across all trackers and runs [default: none]'
            cand --all-trackers-in-tier '"Always announce to all trackers in a tier" (qBittorrent option)'
            cand --all-tiers '"Always announce to all tiers" (qBittorrent option, on by default in qBittorrent)'
            cand --probe 'Ask each tracker once (a scrape, never an announce) and show latency and status'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'Show each request as sent and each answer (-vv adds raw bytes); on stderr'
            cand --verbose 'Show each request as sent and each answer (-vv adds raw bytes); on stderr'
            cand --dry-run 'Print the requests that would be sent, and send nothing'
            cand --no-state 'Neither read nor write the state file (wins over --state and TRACKERCTL_STATE)'
            cand --show-secrets 'Do not redact passkeys and other URL secrets in any output'
            cand --no-shuffle 'Keep each tier in the listed order instead of shuffling it once (libtorrent shuffles)'
            cand --no-prefer-udp 'Do not move udp:// trackers ahead of same-host HTTP ones (libtorrent does)'
            cand --insecure 'Accept HTTPS trackers whose certificate does not validate'
            cand -q 'Print nothing on stdout unless --json; errors still go to stderr'
            cand --quiet 'Print nothing on stdout unless --json; errors still go to stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'trackerctl;completions'= {
            cand --timeout 'Deadline of one whole tracker request, in seconds (libtorrent''s receive timeout)'
            cand --state 'State file [default: $XDG_STATE_HOME/trackerctl/state.json]'
            cand --color 'When to use colour'
            cand --udp-retransmit 'How UDP requests are resent inside the deadline: fast (1 s, 2 s, 4 s …), none (libtorrent), bep15 (15·2ⁿ s)'
            cand --max-rate 'Global rate limit, requests per second across all trackers and runs [default: none]'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -v 'Show each request as sent and each answer (-vv adds raw bytes); on stderr'
            cand --verbose 'Show each request as sent and each answer (-vv adds raw bytes); on stderr'
            cand --dry-run 'Print the requests that would be sent, and send nothing'
            cand --no-state 'Neither read nor write the state file (wins over --state and TRACKERCTL_STATE)'
            cand --show-secrets 'Do not redact passkeys and other URL secrets in any output'
            cand --no-shuffle 'Keep each tier in the listed order instead of shuffling it once (libtorrent shuffles)'
            cand --no-prefer-udp 'Do not move udp:// trackers ahead of same-host HTTP ones (libtorrent does)'
            cand --insecure 'Accept HTTPS trackers whose certificate does not validate'
            cand -q 'Print nothing on stdout unless --json; errors still go to stderr'
            cand --quiet 'Print nothing on stdout unless --json; errors still go to stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'trackerctl;help'= {
            cand announce 'Announce to the selected trackers (registers this peer)'
            cand scrape 'Ask trackers for swarm counts (BEP 48 / BEP 15); never registers a peer'
            cand stop 'Send event=stopped with the identity the last announce used, so the tracker drops the peer'
            cand tiers 'Show the tiers and which trackers an announce would contact, contacting none'
            cand completions 'Print the shell completion script for SHELL'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'trackerctl;help;announce'= {
        }
        &'trackerctl;help;scrape'= {
        }
        &'trackerctl;help;stop'= {
        }
        &'trackerctl;help;tiers'= {
        }
        &'trackerctl;help;completions'= {
        }
        &'trackerctl;help;help'= {
        }
    ]
    $completions[$command]
}
