# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_trackerctl_global_optspecs
    string join \n json v/verbose dry-run timeout= state= no-state show-secrets color= udp-retransmit= max-rate= no-shuffle no-prefer-udp insecure q/quiet h/help V/version
end

function __fish_trackerctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_trackerctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_trackerctl_using_subcommand
    set -l cmd (__fish_trackerctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c trackerctl -n "__fish_trackerctl_needs_command" -l timeout -d 'Deadline of one whole tracker request, in seconds (libtorrent\'s receive timeout)' -r
complete -c trackerctl -n "__fish_trackerctl_needs_command" -l state -d 'State file [env: TRACKERCTL_STATE] [default: $XDG_STATE_HOME/trackerctl/state.json]' -r -F
complete -c trackerctl -n "__fish_trackerctl_needs_command" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trackerctl -n "__fish_trackerctl_needs_command" -l udp-retransmit -d 'How UDP requests are resent inside the deadline: fast (1 s, 2 s, 4 s, ...), none (libtorrent), bep15 (15 * 2^n s)' -r -f -a "fast\t''
none\t''
bep15\t''"
complete -c trackerctl -n "__fish_trackerctl_needs_command" -l max-rate -d 'Global rate limit, requests per second across all trackers and runs [default: none]' -r
complete -c trackerctl -n "__fish_trackerctl_needs_command" -l json -d 'Print one JSON document on stdout instead of text'
complete -c trackerctl -n "__fish_trackerctl_needs_command" -s v -l verbose -d 'Show each request as sent and each answer (-vv adds raw bytes); on stderr'
complete -c trackerctl -n "__fish_trackerctl_needs_command" -l dry-run -d 'Print the requests that would be sent, and send nothing'
complete -c trackerctl -n "__fish_trackerctl_needs_command" -l no-state -d 'Neither read nor write the state file (wins over --state and TRACKERCTL_STATE)'
complete -c trackerctl -n "__fish_trackerctl_needs_command" -l show-secrets -d 'Do not redact passkeys and other URL secrets in any output'
complete -c trackerctl -n "__fish_trackerctl_needs_command" -l no-shuffle -d 'Keep each tier in the listed order instead of shuffling it once (libtorrent shuffles)'
complete -c trackerctl -n "__fish_trackerctl_needs_command" -l no-prefer-udp -d 'Do not move udp:// trackers ahead of same-host HTTP ones (libtorrent does)'
complete -c trackerctl -n "__fish_trackerctl_needs_command" -l insecure -d 'Accept HTTPS trackers whose certificate does not validate'
complete -c trackerctl -n "__fish_trackerctl_needs_command" -s q -l quiet -d 'Print nothing on stdout unless --json; errors still go to stderr'
complete -c trackerctl -n "__fish_trackerctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c trackerctl -n "__fish_trackerctl_needs_command" -s V -l version -d 'Print version'
complete -c trackerctl -n "__fish_trackerctl_needs_command" -f -a "announce" -d 'Announce to the selected trackers (registers this peer)'
complete -c trackerctl -n "__fish_trackerctl_needs_command" -f -a "scrape" -d 'Ask trackers for swarm counts (BEP 48 / BEP 15); never registers a peer'
complete -c trackerctl -n "__fish_trackerctl_needs_command" -f -a "stop" -d 'Send event=stopped with the identity the last announce used, so the tracker drops the peer'
complete -c trackerctl -n "__fish_trackerctl_needs_command" -f -a "tiers" -d 'Show the tiers, each tracker\'s state and who an announce would contact (contacts none unless --probe)'
complete -c trackerctl -n "__fish_trackerctl_needs_command" -f -a "check" -d 'Measure what a tracker really does (peer identity, counts, numwant, scrape, UDP, HTTP transport) with a short fixed series of requests; stops every identity it registered'
complete -c trackerctl -n "__fish_trackerctl_needs_command" -f -a "completions" -d 'Print the shell completion script for SHELL'
complete -c trackerctl -n "__fish_trackerctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l tracker -d 'Add a tracker (repeatable); each one is a tier of its own after the torrent\'s tiers' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l only-tracker -d 'Use only these trackers (repeatable); one the torrent does not list is added as a tier' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l hash -d 'Which info-hash of a hybrid v1+v2 torrent to use' -r -f -a "v1\t''
v2\t''
both\t''"
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l port -d 'Port this peer listens on [default: the one saved for this torrent+tracker, else 6881]' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l uploaded -d 'Bytes uploaded, as you report them' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l downloaded -d 'Bytes downloaded, as you report them' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l left -d 'Bytes left [default: the torrent\'s total length when known, else 0]' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l numwant -d 'Number of peers wanted [default: 200, 0 on stopped, as libtorrent]' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l ip -d 'Address to announce as (&ip=)' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l peer-id -d 'Peer id, 20 bytes or 40 hex [default: -TC0100- and 12 random characters, saved in state]' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l key -d 'Announce key, 8 hex digits [default: random, saved in state]' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l trackerid -d 'Tracker id to send back [default: the one saved from the tracker\'s last answer]' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l user-agent -d 'User-Agent header' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l event -d 'Event to send [default: started when this torrent+tracker has no state, else none]' -r -f -a "started\t''
completed\t''
stopped\t''
none\t''
paused\t''"
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l min-announce-interval -d 'With --follow: the floor on the tracker\'s interval, in seconds (libtorrent\'s min_announce_interval)' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l stop-timeout -d 'With --follow: "Stop tracker timeout" for the stopped sent on exit (0 sends nothing)' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l peers -d 'How many peers to print in text output' -r -f -a "none\t''
few\t''
all\t''"
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l dir -d 'Every .torrent file in DIR too' -r -F
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l from-file -d 'Read TORRENTs from FILE too, one per line (\'-\' = stdin; blank lines and # comments skipped)' -r -F
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l jobs -d 'Trackers (scrape) or torrents (announce, stop) handled at the same time' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l format -d 'Output format when not --json: text; tsv or ndjson (one JSON object a line), written as the answers arrive' -r -f -a "text\t''
tsv\t''
ndjson\t'One JSON object per torrent and tracker per line, then a summary line'"
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l timeout -d 'Deadline of one whole tracker request, in seconds (libtorrent\'s receive timeout)' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l state -d 'State file [env: TRACKERCTL_STATE] [default: $XDG_STATE_HOME/trackerctl/state.json]' -r -F
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l udp-retransmit -d 'How UDP requests are resent inside the deadline: fast (1 s, 2 s, 4 s, ...), none (libtorrent), bep15 (15 * 2^n s)' -r -f -a "fast\t''
none\t''
bep15\t''"
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l max-rate -d 'Global rate limit, requests per second across all trackers and runs [default: none]' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l all-trackers-in-tier -d '"Always announce to all trackers in a tier" (qBittorrent option)'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l all-tiers -d '"Always announce to all tiers" (qBittorrent option, on by default in qBittorrent)'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l no-compact -d 'Ask for the dictionary peer model (compact=0)'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l no-peer-id -d 'Leave out no_peer_id=1: a tracker that answers with dictionary peers (--no-compact) then includes each peer\'s id'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l force -d 'Send even inside the tracker\'s min interval, and to trackers in back-off'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l wait -d 'Wait until the min interval, back-off or rate limit allows the request (countdown on a terminal)'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l ignore-retry-in -d 'Do not honour a tracker\'s BEP 31 "retry in" (libtorrent 2.0.8 ignores it)'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l follow -d 'Stay in the swarm like a running client: started, then a regular announce at each tracker\'s interval; Ctrl-C or SIGTERM sends stopped (within --stop-timeout) and exits 0'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l recursive -d 'With --dir: look in subfolders too'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l json -d 'Print one JSON document on stdout instead of text'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -s v -l verbose -d 'Show each request as sent and each answer (-vv adds raw bytes); on stderr'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l dry-run -d 'Print the requests that would be sent, and send nothing'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l no-state -d 'Neither read nor write the state file (wins over --state and TRACKERCTL_STATE)'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l show-secrets -d 'Do not redact passkeys and other URL secrets in any output'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l no-shuffle -d 'Keep each tier in the listed order instead of shuffling it once (libtorrent shuffles)'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l no-prefer-udp -d 'Do not move udp:// trackers ahead of same-host HTTP ones (libtorrent does)'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -l insecure -d 'Accept HTTPS trackers whose certificate does not validate'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -s q -l quiet -d 'Print nothing on stdout unless --json; errors still go to stderr'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand announce" -s V -l version -d 'Print version'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand scrape" -l tracker -d 'Add a tracker (repeatable); each one is a tier of its own after the torrent\'s tiers' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand scrape" -l only-tracker -d 'Use only these trackers (repeatable); one the torrent does not list is added as a tier' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand scrape" -l hash -d 'Which info-hash of a hybrid v1+v2 torrent to use' -r -f -a "v1\t''
v2\t''
both\t''"
complete -c trackerctl -n "__fish_trackerctl_using_subcommand scrape" -l scrape-url-rule -d 'How the scrape URL is derived from the announce URL' -r -f -a "bep48\t'The last path segment must start with "announce" (BEP 48 convention)'
libtorrent\t'The first "announce" anywhere in the URL (libtorrent 2.0.8)'"
complete -c trackerctl -n "__fish_trackerctl_using_subcommand scrape" -l scrape-url -d 'Scrape this URL instead of deriving it (applies to every HTTP tracker asked)' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand scrape" -l window -d 'Requests in flight per tracker (UDP packets, HTTP requests), each with its own retransmits and deadline' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand scrape" -l dir -d 'Every .torrent file in DIR too' -r -F
complete -c trackerctl -n "__fish_trackerctl_using_subcommand scrape" -l from-file -d 'Read TORRENTs from FILE too, one per line (\'-\' = stdin; blank lines and # comments skipped)' -r -F
complete -c trackerctl -n "__fish_trackerctl_using_subcommand scrape" -l jobs -d 'Trackers (scrape) or torrents (announce, stop) handled at the same time' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand scrape" -l format -d 'Output format when not --json: text; tsv or ndjson (one JSON object a line), written as the answers arrive' -r -f -a "text\t''
tsv\t''
ndjson\t'One JSON object per torrent and tracker per line, then a summary line'"
complete -c trackerctl -n "__fish_trackerctl_using_subcommand scrape" -l timeout -d 'Deadline of one whole tracker request, in seconds (libtorrent\'s receive timeout)' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand scrape" -l state -d 'State file [env: TRACKERCTL_STATE] [default: $XDG_STATE_HOME/trackerctl/state.json]' -r -F
complete -c trackerctl -n "__fish_trackerctl_using_subcommand scrape" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trackerctl -n "__fish_trackerctl_using_subcommand scrape" -l udp-retransmit -d 'How UDP requests are resent inside the deadline: fast (1 s, 2 s, 4 s, ...), none (libtorrent), bep15 (15 * 2^n s)' -r -f -a "fast\t''
none\t''
bep15\t''"
complete -c trackerctl -n "__fish_trackerctl_using_subcommand scrape" -l max-rate -d 'Global rate limit, requests per second across all trackers and runs [default: none]' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand scrape" -l one-hash-per-request -d 'One info_hash per request (HTTP) or packet (UDP), as libtorrent does; needed where a tracker answers a multi-hash UDP scrape out of order (torrust-tracker 3.0.0)'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand scrape" -l wait -d 'Wait until the rate limit allows the scrape instead of refusing (exit 3)'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand scrape" -l recursive -d 'With --dir: look in subfolders too'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand scrape" -l json -d 'Print one JSON document on stdout instead of text'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand scrape" -s v -l verbose -d 'Show each request as sent and each answer (-vv adds raw bytes); on stderr'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand scrape" -l dry-run -d 'Print the requests that would be sent, and send nothing'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand scrape" -l no-state -d 'Neither read nor write the state file (wins over --state and TRACKERCTL_STATE)'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand scrape" -l show-secrets -d 'Do not redact passkeys and other URL secrets in any output'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand scrape" -l no-shuffle -d 'Keep each tier in the listed order instead of shuffling it once (libtorrent shuffles)'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand scrape" -l no-prefer-udp -d 'Do not move udp:// trackers ahead of same-host HTTP ones (libtorrent does)'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand scrape" -l insecure -d 'Accept HTTPS trackers whose certificate does not validate'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand scrape" -s q -l quiet -d 'Print nothing on stdout unless --json; errors still go to stderr'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand scrape" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand scrape" -s V -l version -d 'Print version'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l tracker -d 'Add a tracker (repeatable); each one is a tier of its own after the torrent\'s tiers' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l only-tracker -d 'Use only these trackers (repeatable); one the torrent does not list is added as a tier' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l hash -d 'Which info-hash of a hybrid v1+v2 torrent to use' -r -f -a "v1\t''
v2\t''
both\t''"
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l port -d 'Port this peer listens on [default: the one saved for this torrent+tracker, else 6881]' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l uploaded -d 'Bytes uploaded, as you report them' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l downloaded -d 'Bytes downloaded, as you report them' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l left -d 'Bytes left [default: the torrent\'s total length when known, else 0]' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l ip -d 'Address to announce as (&ip=)' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l peer-id -d 'Peer id, 20 bytes or 40 hex [default: -TC0100- and 12 random characters, saved in state]' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l key -d 'Announce key, 8 hex digits [default: random, saved in state]' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l trackerid -d 'Tracker id to send back [default: the one saved from the tracker\'s last answer]' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l user-agent -d 'User-Agent header' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l stop-timeout -d '"Stop tracker timeout" in seconds; 0 sends nothing (qBittorrent 4.5\'s default is 5)' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l dir -d 'Every .torrent file in DIR too' -r -F
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l from-file -d 'Read TORRENTs from FILE too, one per line (\'-\' = stdin; blank lines and # comments skipped)' -r -F
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l jobs -d 'Trackers (scrape) or torrents (announce, stop) handled at the same time' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l format -d 'Output format when not --json: text; tsv or ndjson (one JSON object a line), written as the answers arrive' -r -f -a "text\t''
tsv\t''
ndjson\t'One JSON object per torrent and tracker per line, then a summary line'"
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l numwant -d 'Number of peers wanted [default: 0: a stopped announce wants none, as libtorrent]' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l timeout -d 'Deadline of one whole tracker request, in seconds (libtorrent\'s receive timeout)' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l state -d 'State file [env: TRACKERCTL_STATE] [default: $XDG_STATE_HOME/trackerctl/state.json]' -r -F
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l udp-retransmit -d 'How UDP requests are resent inside the deadline: fast (1 s, 2 s, 4 s, ...), none (libtorrent), bep15 (15 * 2^n s)' -r -f -a "fast\t''
none\t''
bep15\t''"
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l max-rate -d 'Global rate limit, requests per second across all trackers and runs [default: none]' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l no-compact -d 'Ask for the dictionary peer model (compact=0)'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l no-peer-id -d 'Leave out no_peer_id=1: a tracker that answers with dictionary peers (--no-compact) then includes each peer\'s id'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l force -d 'Send stopped to the selected trackers even when no announce to them is recorded'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l all -d 'Stop every torrent recorded in the state file, at every tracker that accepted a started (qBittorrent\'s clean exit); takes no TORRENT'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l recursive -d 'With --dir: look in subfolders too'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l json -d 'Print one JSON document on stdout instead of text'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -s v -l verbose -d 'Show each request as sent and each answer (-vv adds raw bytes); on stderr'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l dry-run -d 'Print the requests that would be sent, and send nothing'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l no-state -d 'Neither read nor write the state file (wins over --state and TRACKERCTL_STATE)'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l show-secrets -d 'Do not redact passkeys and other URL secrets in any output'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l no-shuffle -d 'Keep each tier in the listed order instead of shuffling it once (libtorrent shuffles)'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l no-prefer-udp -d 'Do not move udp:// trackers ahead of same-host HTTP ones (libtorrent does)'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -l insecure -d 'Accept HTTPS trackers whose certificate does not validate'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -s q -l quiet -d 'Print nothing on stdout unless --json; errors still go to stderr'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand stop" -s V -l version -d 'Print version'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand tiers" -l tracker -d 'Add a tracker (repeatable); each one is a tier of its own after the torrent\'s tiers' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand tiers" -l only-tracker -d 'Use only these trackers (repeatable); one the torrent does not list is added as a tier' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand tiers" -l hash -d 'Which info-hash of a hybrid v1+v2 torrent to use' -r -f -a "v1\t''
v2\t''
both\t''"
complete -c trackerctl -n "__fish_trackerctl_using_subcommand tiers" -l timeout -d 'Deadline of one whole tracker request, in seconds (libtorrent\'s receive timeout)' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand tiers" -l state -d 'State file [env: TRACKERCTL_STATE] [default: $XDG_STATE_HOME/trackerctl/state.json]' -r -F
complete -c trackerctl -n "__fish_trackerctl_using_subcommand tiers" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trackerctl -n "__fish_trackerctl_using_subcommand tiers" -l udp-retransmit -d 'How UDP requests are resent inside the deadline: fast (1 s, 2 s, 4 s, ...), none (libtorrent), bep15 (15 * 2^n s)' -r -f -a "fast\t''
none\t''
bep15\t''"
complete -c trackerctl -n "__fish_trackerctl_using_subcommand tiers" -l max-rate -d 'Global rate limit, requests per second across all trackers and runs [default: none]' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand tiers" -l all-trackers-in-tier -d '"Always announce to all trackers in a tier" (qBittorrent option)'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand tiers" -l all-tiers -d '"Always announce to all tiers" (qBittorrent option, on by default in qBittorrent)'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand tiers" -l probe -d 'Ask each tracker once (a scrape, never an announce) and show latency and status'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand tiers" -l json -d 'Print one JSON document on stdout instead of text'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand tiers" -s v -l verbose -d 'Show each request as sent and each answer (-vv adds raw bytes); on stderr'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand tiers" -l dry-run -d 'Print the requests that would be sent, and send nothing'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand tiers" -l no-state -d 'Neither read nor write the state file (wins over --state and TRACKERCTL_STATE)'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand tiers" -l show-secrets -d 'Do not redact passkeys and other URL secrets in any output'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand tiers" -l no-shuffle -d 'Keep each tier in the listed order instead of shuffling it once (libtorrent shuffles)'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand tiers" -l no-prefer-udp -d 'Do not move udp:// trackers ahead of same-host HTTP ones (libtorrent does)'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand tiers" -l insecure -d 'Accept HTTPS trackers whose certificate does not validate'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand tiers" -s q -l quiet -d 'Print nothing on stdout unless --json; errors still go to stderr'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand tiers" -s h -l help -d 'Print help'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand tiers" -s V -l version -d 'Print version'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand check" -l tracker -d 'Probe this tracker with the TORRENTs\' info-hash instead of their own trackers (repeatable)' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand check" -l jobs -d 'Trackers probed at the same time (each one\'s series stays in order)' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand check" -l left -d 'Bytes left to report [default: the torrent\'s size; 1 for an info-hash without a size]' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand check" -l timeout -d 'Deadline of one whole tracker request, in seconds (libtorrent\'s receive timeout)' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand check" -l state -d 'State file [env: TRACKERCTL_STATE] [default: $XDG_STATE_HOME/trackerctl/state.json]' -r -F
complete -c trackerctl -n "__fish_trackerctl_using_subcommand check" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trackerctl -n "__fish_trackerctl_using_subcommand check" -l udp-retransmit -d 'How UDP requests are resent inside the deadline: fast (1 s, 2 s, 4 s, ...), none (libtorrent), bep15 (15 * 2^n s)' -r -f -a "fast\t''
none\t''
bep15\t''"
complete -c trackerctl -n "__fish_trackerctl_using_subcommand check" -l max-rate -d 'Global rate limit, requests per second across all trackers and runs [default: none]' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand check" -l all-probes -d 'Run every probe on a private torrent too (default: only started, scrape, stopped, since extra identities may look like cheating to its staff)'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand check" -l json -d 'Print one JSON document on stdout instead of text'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand check" -s v -l verbose -d 'Show each request as sent and each answer (-vv adds raw bytes); on stderr'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand check" -l dry-run -d 'Print the requests that would be sent, and send nothing'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand check" -l no-state -d 'Neither read nor write the state file (wins over --state and TRACKERCTL_STATE)'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand check" -l show-secrets -d 'Do not redact passkeys and other URL secrets in any output'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand check" -l no-shuffle -d 'Keep each tier in the listed order instead of shuffling it once (libtorrent shuffles)'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand check" -l no-prefer-udp -d 'Do not move udp:// trackers ahead of same-host HTTP ones (libtorrent does)'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand check" -l insecure -d 'Accept HTTPS trackers whose certificate does not validate'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand check" -s q -l quiet -d 'Print nothing on stdout unless --json; errors still go to stderr'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand check" -s h -l help -d 'Print help'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand check" -s V -l version -d 'Print version'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand completions" -l timeout -d 'Deadline of one whole tracker request, in seconds (libtorrent\'s receive timeout)' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand completions" -l state -d 'State file [env: TRACKERCTL_STATE] [default: $XDG_STATE_HOME/trackerctl/state.json]' -r -F
complete -c trackerctl -n "__fish_trackerctl_using_subcommand completions" -l color -d 'When to use colour' -r -f -a "auto\t''
always\t''
never\t''"
complete -c trackerctl -n "__fish_trackerctl_using_subcommand completions" -l udp-retransmit -d 'How UDP requests are resent inside the deadline: fast (1 s, 2 s, 4 s, ...), none (libtorrent), bep15 (15 * 2^n s)' -r -f -a "fast\t''
none\t''
bep15\t''"
complete -c trackerctl -n "__fish_trackerctl_using_subcommand completions" -l max-rate -d 'Global rate limit, requests per second across all trackers and runs [default: none]' -r
complete -c trackerctl -n "__fish_trackerctl_using_subcommand completions" -l json -d 'Print one JSON document on stdout instead of text'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand completions" -s v -l verbose -d 'Show each request as sent and each answer (-vv adds raw bytes); on stderr'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand completions" -l dry-run -d 'Print the requests that would be sent, and send nothing'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand completions" -l no-state -d 'Neither read nor write the state file (wins over --state and TRACKERCTL_STATE)'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand completions" -l show-secrets -d 'Do not redact passkeys and other URL secrets in any output'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand completions" -l no-shuffle -d 'Keep each tier in the listed order instead of shuffling it once (libtorrent shuffles)'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand completions" -l no-prefer-udp -d 'Do not move udp:// trackers ahead of same-host HTTP ones (libtorrent does)'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand completions" -l insecure -d 'Accept HTTPS trackers whose certificate does not validate'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand completions" -s q -l quiet -d 'Print nothing on stdout unless --json; errors still go to stderr'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand completions" -s h -l help -d 'Print help'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand completions" -s V -l version -d 'Print version'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand help; and not __fish_seen_subcommand_from announce scrape stop tiers check completions help" -f -a "announce" -d 'Announce to the selected trackers (registers this peer)'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand help; and not __fish_seen_subcommand_from announce scrape stop tiers check completions help" -f -a "scrape" -d 'Ask trackers for swarm counts (BEP 48 / BEP 15); never registers a peer'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand help; and not __fish_seen_subcommand_from announce scrape stop tiers check completions help" -f -a "stop" -d 'Send event=stopped with the identity the last announce used, so the tracker drops the peer'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand help; and not __fish_seen_subcommand_from announce scrape stop tiers check completions help" -f -a "tiers" -d 'Show the tiers, each tracker\'s state and who an announce would contact (contacts none unless --probe)'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand help; and not __fish_seen_subcommand_from announce scrape stop tiers check completions help" -f -a "check" -d 'Measure what a tracker really does (peer identity, counts, numwant, scrape, UDP, HTTP transport) with a short fixed series of requests; stops every identity it registered'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand help; and not __fish_seen_subcommand_from announce scrape stop tiers check completions help" -f -a "completions" -d 'Print the shell completion script for SHELL'
complete -c trackerctl -n "__fish_trackerctl_using_subcommand help; and not __fish_seen_subcommand_from announce scrape stop tiers check completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
