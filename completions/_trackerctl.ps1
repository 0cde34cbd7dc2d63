
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'trackerctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'trackerctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'trackerctl' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of one whole tracker request, in seconds (libtorrent''s receive timeout)')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'State file [env: TRACKERCTL_STATE] [default: $XDG_STATE_HOME/trackerctl/state.json]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--udp-retransmit', '--udp-retransmit', [CompletionResultType]::ParameterName, 'How UDP requests are resent inside the deadline: fast (1 s, 2 s, 4 s, ...), none (libtorrent), bep15 (15 * 2^n s)')
            [CompletionResult]::new('--max-rate', '--max-rate', [CompletionResultType]::ParameterName, 'Global rate limit, requests per second across all trackers and runs [default: none]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request as sent and each answer (-vv adds raw bytes); on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request as sent and each answer (-vv adds raw bytes); on stderr')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the requests that would be sent, and send nothing')
            [CompletionResult]::new('--no-state', '--no-state', [CompletionResultType]::ParameterName, 'Neither read nor write the state file (wins over --state and TRACKERCTL_STATE)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Do not redact passkeys and other URL secrets in any output')
            [CompletionResult]::new('--no-shuffle', '--no-shuffle', [CompletionResultType]::ParameterName, 'Keep each tier in the listed order instead of shuffling it once (libtorrent shuffles)')
            [CompletionResult]::new('--no-prefer-udp', '--no-prefer-udp', [CompletionResultType]::ParameterName, 'Do not move udp:// trackers ahead of same-host HTTP ones (libtorrent does)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept HTTPS trackers whose certificate does not validate')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout unless --json; errors still go to stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout unless --json; errors still go to stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('announce', 'announce', [CompletionResultType]::ParameterValue, 'Announce to the selected trackers (registers this peer)')
            [CompletionResult]::new('scrape', 'scrape', [CompletionResultType]::ParameterValue, 'Ask trackers for swarm counts (BEP 48 / BEP 15); never registers a peer')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Send event=stopped with the identity the last announce used, so the tracker drops the peer')
            [CompletionResult]::new('tiers', 'tiers', [CompletionResultType]::ParameterValue, 'Show the tiers, each tracker''s state and who an announce would contact (contacts none unless --probe)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Measure what a tracker really does (peer identity, counts, numwant, scrape, UDP, HTTP transport) with a short fixed series of requests; stops every identity it registered')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the shell completion script for SHELL')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'trackerctl;announce' {
            [CompletionResult]::new('--tracker', '--tracker', [CompletionResultType]::ParameterName, 'Add a tracker (repeatable); each one is a tier of its own after the torrent''s tiers')
            [CompletionResult]::new('--only-tracker', '--only-tracker', [CompletionResultType]::ParameterName, 'Use only these trackers (repeatable); one the torrent does not list is added as a tier')
            [CompletionResult]::new('--hash', '--hash', [CompletionResultType]::ParameterName, 'Which info-hash of a hybrid v1+v2 torrent to use')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port this peer listens on [default: the one saved for this torrent+tracker, else 6881]')
            [CompletionResult]::new('--uploaded', '--uploaded', [CompletionResultType]::ParameterName, 'Bytes uploaded, as you report them')
            [CompletionResult]::new('--downloaded', '--downloaded', [CompletionResultType]::ParameterName, 'Bytes downloaded, as you report them')
            [CompletionResult]::new('--left', '--left', [CompletionResultType]::ParameterName, 'Bytes left [default: the torrent''s total length when known, else 0]')
            [CompletionResult]::new('--numwant', '--numwant', [CompletionResultType]::ParameterName, 'Number of peers wanted [default: 200, 0 on stopped, as libtorrent]')
            [CompletionResult]::new('--ip', '--ip', [CompletionResultType]::ParameterName, 'Address to announce as (&ip=)')
            [CompletionResult]::new('--peer-id', '--peer-id', [CompletionResultType]::ParameterName, 'Peer id, 20 bytes or 40 hex [default: -TC0100- and 12 random characters, saved in state]')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Announce key, 8 hex digits [default: random, saved in state]')
            [CompletionResult]::new('--trackerid', '--trackerid', [CompletionResultType]::ParameterName, 'Tracker id to send back [default: the one saved from the tracker''s last answer]')
            [CompletionResult]::new('--user-agent', '--user-agent', [CompletionResultType]::ParameterName, 'User-Agent header')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'Event to send [default: started when this torrent+tracker has no state, else none]')
            [CompletionResult]::new('--min-announce-interval', '--min-announce-interval', [CompletionResultType]::ParameterName, 'With --follow: the floor on the tracker''s interval, in seconds (libtorrent''s min_announce_interval)')
            [CompletionResult]::new('--stop-timeout', '--stop-timeout', [CompletionResultType]::ParameterName, 'With --follow: "Stop tracker timeout" for the stopped sent on exit (0 sends nothing)')
            [CompletionResult]::new('--peers', '--peers', [CompletionResultType]::ParameterName, 'How many peers to print in text output')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Every .torrent file in DIR too')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Read TORRENTs from FILE too, one per line (''-'' = stdin; blank lines and # comments skipped)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Trackers (scrape) or torrents (announce, stop) handled at the same time')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format when not --json: text; tsv or ndjson (one JSON object a line), written as the answers arrive')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of one whole tracker request, in seconds (libtorrent''s receive timeout)')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'State file [env: TRACKERCTL_STATE] [default: $XDG_STATE_HOME/trackerctl/state.json]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--udp-retransmit', '--udp-retransmit', [CompletionResultType]::ParameterName, 'How UDP requests are resent inside the deadline: fast (1 s, 2 s, 4 s, ...), none (libtorrent), bep15 (15 * 2^n s)')
            [CompletionResult]::new('--max-rate', '--max-rate', [CompletionResultType]::ParameterName, 'Global rate limit, requests per second across all trackers and runs [default: none]')
            [CompletionResult]::new('--all-trackers-in-tier', '--all-trackers-in-tier', [CompletionResultType]::ParameterName, '"Always announce to all trackers in a tier" (qBittorrent option)')
            [CompletionResult]::new('--all-tiers', '--all-tiers', [CompletionResultType]::ParameterName, '"Always announce to all tiers" (qBittorrent option, on by default in qBittorrent)')
            [CompletionResult]::new('--no-compact', '--no-compact', [CompletionResultType]::ParameterName, 'Ask for the dictionary peer model (compact=0)')
            [CompletionResult]::new('--no-peer-id', '--no-peer-id', [CompletionResultType]::ParameterName, 'Leave out no_peer_id=1: a tracker that answers with dictionary peers (--no-compact) then includes each peer''s id')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Send even inside the tracker''s min interval, and to trackers in back-off')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the min interval, back-off or rate limit allows the request (countdown on a terminal)')
            [CompletionResult]::new('--ignore-retry-in', '--ignore-retry-in', [CompletionResultType]::ParameterName, 'Do not honour a tracker''s BEP 31 "retry in" (libtorrent 2.0.8 ignores it)')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Stay in the swarm like a running client: started, then a regular announce at each tracker''s interval; Ctrl-C or SIGTERM sends stopped (within --stop-timeout) and exits 0')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'With --dir: look in subfolders too')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request as sent and each answer (-vv adds raw bytes); on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request as sent and each answer (-vv adds raw bytes); on stderr')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the requests that would be sent, and send nothing')
            [CompletionResult]::new('--no-state', '--no-state', [CompletionResultType]::ParameterName, 'Neither read nor write the state file (wins over --state and TRACKERCTL_STATE)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Do not redact passkeys and other URL secrets in any output')
            [CompletionResult]::new('--no-shuffle', '--no-shuffle', [CompletionResultType]::ParameterName, 'Keep each tier in the listed order instead of shuffling it once (libtorrent shuffles)')
            [CompletionResult]::new('--no-prefer-udp', '--no-prefer-udp', [CompletionResultType]::ParameterName, 'Do not move udp:// trackers ahead of same-host HTTP ones (libtorrent does)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept HTTPS trackers whose certificate does not validate')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout unless --json; errors still go to stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout unless --json; errors still go to stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'trackerctl;scrape' {
            [CompletionResult]::new('--tracker', '--tracker', [CompletionResultType]::ParameterName, 'Add a tracker (repeatable); each one is a tier of its own after the torrent''s tiers')
            [CompletionResult]::new('--only-tracker', '--only-tracker', [CompletionResultType]::ParameterName, 'Use only these trackers (repeatable); one the torrent does not list is added as a tier')
            [CompletionResult]::new('--hash', '--hash', [CompletionResultType]::ParameterName, 'Which info-hash of a hybrid v1+v2 torrent to use')
            [CompletionResult]::new('--scrape-url-rule', '--scrape-url-rule', [CompletionResultType]::ParameterName, 'How the scrape URL is derived from the announce URL')
            [CompletionResult]::new('--scrape-url', '--scrape-url', [CompletionResultType]::ParameterName, 'Scrape this URL instead of deriving it (applies to every HTTP tracker asked)')
            [CompletionResult]::new('--window', '--window', [CompletionResultType]::ParameterName, 'Requests in flight per tracker (UDP packets, HTTP requests), each with its own retransmits and deadline')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Every .torrent file in DIR too')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Read TORRENTs from FILE too, one per line (''-'' = stdin; blank lines and # comments skipped)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Trackers (scrape) or torrents (announce, stop) handled at the same time')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format when not --json: text; tsv or ndjson (one JSON object a line), written as the answers arrive')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of one whole tracker request, in seconds (libtorrent''s receive timeout)')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'State file [env: TRACKERCTL_STATE] [default: $XDG_STATE_HOME/trackerctl/state.json]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--udp-retransmit', '--udp-retransmit', [CompletionResultType]::ParameterName, 'How UDP requests are resent inside the deadline: fast (1 s, 2 s, 4 s, ...), none (libtorrent), bep15 (15 * 2^n s)')
            [CompletionResult]::new('--max-rate', '--max-rate', [CompletionResultType]::ParameterName, 'Global rate limit, requests per second across all trackers and runs [default: none]')
            [CompletionResult]::new('--one-hash-per-request', '--one-hash-per-request', [CompletionResultType]::ParameterName, 'One info_hash per request (HTTP) or packet (UDP), as libtorrent does; needed where a tracker answers a multi-hash UDP scrape out of order (torrust-tracker 3.0.0)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the rate limit allows the scrape instead of refusing (exit 3)')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'With --dir: look in subfolders too')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request as sent and each answer (-vv adds raw bytes); on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request as sent and each answer (-vv adds raw bytes); on stderr')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the requests that would be sent, and send nothing')
            [CompletionResult]::new('--no-state', '--no-state', [CompletionResultType]::ParameterName, 'Neither read nor write the state file (wins over --state and TRACKERCTL_STATE)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Do not redact passkeys and other URL secrets in any output')
            [CompletionResult]::new('--no-shuffle', '--no-shuffle', [CompletionResultType]::ParameterName, 'Keep each tier in the listed order instead of shuffling it once (libtorrent shuffles)')
            [CompletionResult]::new('--no-prefer-udp', '--no-prefer-udp', [CompletionResultType]::ParameterName, 'Do not move udp:// trackers ahead of same-host HTTP ones (libtorrent does)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept HTTPS trackers whose certificate does not validate')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout unless --json; errors still go to stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout unless --json; errors still go to stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'trackerctl;stop' {
            [CompletionResult]::new('--tracker', '--tracker', [CompletionResultType]::ParameterName, 'Add a tracker (repeatable); each one is a tier of its own after the torrent''s tiers')
            [CompletionResult]::new('--only-tracker', '--only-tracker', [CompletionResultType]::ParameterName, 'Use only these trackers (repeatable); one the torrent does not list is added as a tier')
            [CompletionResult]::new('--hash', '--hash', [CompletionResultType]::ParameterName, 'Which info-hash of a hybrid v1+v2 torrent to use')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port this peer listens on [default: the one saved for this torrent+tracker, else 6881]')
            [CompletionResult]::new('--uploaded', '--uploaded', [CompletionResultType]::ParameterName, 'Bytes uploaded, as you report them')
            [CompletionResult]::new('--downloaded', '--downloaded', [CompletionResultType]::ParameterName, 'Bytes downloaded, as you report them')
            [CompletionResult]::new('--left', '--left', [CompletionResultType]::ParameterName, 'Bytes left [default: the torrent''s total length when known, else 0]')
            [CompletionResult]::new('--ip', '--ip', [CompletionResultType]::ParameterName, 'Address to announce as (&ip=)')
            [CompletionResult]::new('--peer-id', '--peer-id', [CompletionResultType]::ParameterName, 'Peer id, 20 bytes or 40 hex [default: -TC0100- and 12 random characters, saved in state]')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Announce key, 8 hex digits [default: random, saved in state]')
            [CompletionResult]::new('--trackerid', '--trackerid', [CompletionResultType]::ParameterName, 'Tracker id to send back [default: the one saved from the tracker''s last answer]')
            [CompletionResult]::new('--user-agent', '--user-agent', [CompletionResultType]::ParameterName, 'User-Agent header')
            [CompletionResult]::new('--stop-timeout', '--stop-timeout', [CompletionResultType]::ParameterName, '"Stop tracker timeout" in seconds; 0 sends nothing (qBittorrent 4.5''s default is 5)')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Every .torrent file in DIR too')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Read TORRENTs from FILE too, one per line (''-'' = stdin; blank lines and # comments skipped)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Trackers (scrape) or torrents (announce, stop) handled at the same time')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format when not --json: text; tsv or ndjson (one JSON object a line), written as the answers arrive')
            [CompletionResult]::new('--numwant', '--numwant', [CompletionResultType]::ParameterName, 'Number of peers wanted [default: 0: a stopped announce wants none, as libtorrent]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of one whole tracker request, in seconds (libtorrent''s receive timeout)')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'State file [env: TRACKERCTL_STATE] [default: $XDG_STATE_HOME/trackerctl/state.json]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--udp-retransmit', '--udp-retransmit', [CompletionResultType]::ParameterName, 'How UDP requests are resent inside the deadline: fast (1 s, 2 s, 4 s, ...), none (libtorrent), bep15 (15 * 2^n s)')
            [CompletionResult]::new('--max-rate', '--max-rate', [CompletionResultType]::ParameterName, 'Global rate limit, requests per second across all trackers and runs [default: none]')
            [CompletionResult]::new('--no-compact', '--no-compact', [CompletionResultType]::ParameterName, 'Ask for the dictionary peer model (compact=0)')
            [CompletionResult]::new('--no-peer-id', '--no-peer-id', [CompletionResultType]::ParameterName, 'Leave out no_peer_id=1: a tracker that answers with dictionary peers (--no-compact) then includes each peer''s id')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Send stopped to the selected trackers even when no announce to them is recorded')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Stop every torrent recorded in the state file, at every tracker that accepted a started (qBittorrent''s clean exit); takes no TORRENT')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'With --dir: look in subfolders too')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request as sent and each answer (-vv adds raw bytes); on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request as sent and each answer (-vv adds raw bytes); on stderr')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the requests that would be sent, and send nothing')
            [CompletionResult]::new('--no-state', '--no-state', [CompletionResultType]::ParameterName, 'Neither read nor write the state file (wins over --state and TRACKERCTL_STATE)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Do not redact passkeys and other URL secrets in any output')
            [CompletionResult]::new('--no-shuffle', '--no-shuffle', [CompletionResultType]::ParameterName, 'Keep each tier in the listed order instead of shuffling it once (libtorrent shuffles)')
            [CompletionResult]::new('--no-prefer-udp', '--no-prefer-udp', [CompletionResultType]::ParameterName, 'Do not move udp:// trackers ahead of same-host HTTP ones (libtorrent does)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept HTTPS trackers whose certificate does not validate')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout unless --json; errors still go to stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout unless --json; errors still go to stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'trackerctl;tiers' {
            [CompletionResult]::new('--tracker', '--tracker', [CompletionResultType]::ParameterName, 'Add a tracker (repeatable); each one is a tier of its own after the torrent''s tiers')
            [CompletionResult]::new('--only-tracker', '--only-tracker', [CompletionResultType]::ParameterName, 'Use only these trackers (repeatable); one the torrent does not list is added as a tier')
            [CompletionResult]::new('--hash', '--hash', [CompletionResultType]::ParameterName, 'Which info-hash of a hybrid v1+v2 torrent to use')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of one whole tracker request, in seconds (libtorrent''s receive timeout)')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'State file [env: TRACKERCTL_STATE] [default: $XDG_STATE_HOME/trackerctl/state.json]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--udp-retransmit', '--udp-retransmit', [CompletionResultType]::ParameterName, 'How UDP requests are resent inside the deadline: fast (1 s, 2 s, 4 s, ...), none (libtorrent), bep15 (15 * 2^n s)')
            [CompletionResult]::new('--max-rate', '--max-rate', [CompletionResultType]::ParameterName, 'Global rate limit, requests per second across all trackers and runs [default: none]')
            [CompletionResult]::new('--all-trackers-in-tier', '--all-trackers-in-tier', [CompletionResultType]::ParameterName, '"Always announce to all trackers in a tier" (qBittorrent option)')
            [CompletionResult]::new('--all-tiers', '--all-tiers', [CompletionResultType]::ParameterName, '"Always announce to all tiers" (qBittorrent option, on by default in qBittorrent)')
            [CompletionResult]::new('--probe', '--probe', [CompletionResultType]::ParameterName, 'Ask each tracker once (a scrape, never an announce) and show latency and status')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request as sent and each answer (-vv adds raw bytes); on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request as sent and each answer (-vv adds raw bytes); on stderr')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the requests that would be sent, and send nothing')
            [CompletionResult]::new('--no-state', '--no-state', [CompletionResultType]::ParameterName, 'Neither read nor write the state file (wins over --state and TRACKERCTL_STATE)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Do not redact passkeys and other URL secrets in any output')
            [CompletionResult]::new('--no-shuffle', '--no-shuffle', [CompletionResultType]::ParameterName, 'Keep each tier in the listed order instead of shuffling it once (libtorrent shuffles)')
            [CompletionResult]::new('--no-prefer-udp', '--no-prefer-udp', [CompletionResultType]::ParameterName, 'Do not move udp:// trackers ahead of same-host HTTP ones (libtorrent does)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept HTTPS trackers whose certificate does not validate')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout unless --json; errors still go to stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout unless --json; errors still go to stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'trackerctl;check' {
            [CompletionResult]::new('--tracker', '--tracker', [CompletionResultType]::ParameterName, 'Probe this tracker with the TORRENTs'' info-hash instead of their own trackers (repeatable)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Trackers probed at the same time (each one''s series stays in order)')
            [CompletionResult]::new('--left', '--left', [CompletionResultType]::ParameterName, 'Bytes left to report [default: the torrent''s size; 1 for an info-hash without a size]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of one whole tracker request, in seconds (libtorrent''s receive timeout)')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'State file [env: TRACKERCTL_STATE] [default: $XDG_STATE_HOME/trackerctl/state.json]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--udp-retransmit', '--udp-retransmit', [CompletionResultType]::ParameterName, 'How UDP requests are resent inside the deadline: fast (1 s, 2 s, 4 s, ...), none (libtorrent), bep15 (15 * 2^n s)')
            [CompletionResult]::new('--max-rate', '--max-rate', [CompletionResultType]::ParameterName, 'Global rate limit, requests per second across all trackers and runs [default: none]')
            [CompletionResult]::new('--all-probes', '--all-probes', [CompletionResultType]::ParameterName, 'Run every probe on a private torrent too (default: only started, scrape, stopped, since extra identities may look like cheating to its staff)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request as sent and each answer (-vv adds raw bytes); on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request as sent and each answer (-vv adds raw bytes); on stderr')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the requests that would be sent, and send nothing')
            [CompletionResult]::new('--no-state', '--no-state', [CompletionResultType]::ParameterName, 'Neither read nor write the state file (wins over --state and TRACKERCTL_STATE)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Do not redact passkeys and other URL secrets in any output')
            [CompletionResult]::new('--no-shuffle', '--no-shuffle', [CompletionResultType]::ParameterName, 'Keep each tier in the listed order instead of shuffling it once (libtorrent shuffles)')
            [CompletionResult]::new('--no-prefer-udp', '--no-prefer-udp', [CompletionResultType]::ParameterName, 'Do not move udp:// trackers ahead of same-host HTTP ones (libtorrent does)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept HTTPS trackers whose certificate does not validate')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout unless --json; errors still go to stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout unless --json; errors still go to stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'trackerctl;completions' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Deadline of one whole tracker request, in seconds (libtorrent''s receive timeout)')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'State file [env: TRACKERCTL_STATE] [default: $XDG_STATE_HOME/trackerctl/state.json]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour')
            [CompletionResult]::new('--udp-retransmit', '--udp-retransmit', [CompletionResultType]::ParameterName, 'How UDP requests are resent inside the deadline: fast (1 s, 2 s, 4 s, ...), none (libtorrent), bep15 (15 * 2^n s)')
            [CompletionResult]::new('--max-rate', '--max-rate', [CompletionResultType]::ParameterName, 'Global rate limit, requests per second across all trackers and runs [default: none]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document on stdout instead of text')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each request as sent and each answer (-vv adds raw bytes); on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each request as sent and each answer (-vv adds raw bytes); on stderr')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the requests that would be sent, and send nothing')
            [CompletionResult]::new('--no-state', '--no-state', [CompletionResultType]::ParameterName, 'Neither read nor write the state file (wins over --state and TRACKERCTL_STATE)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Do not redact passkeys and other URL secrets in any output')
            [CompletionResult]::new('--no-shuffle', '--no-shuffle', [CompletionResultType]::ParameterName, 'Keep each tier in the listed order instead of shuffling it once (libtorrent shuffles)')
            [CompletionResult]::new('--no-prefer-udp', '--no-prefer-udp', [CompletionResultType]::ParameterName, 'Do not move udp:// trackers ahead of same-host HTTP ones (libtorrent does)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept HTTPS trackers whose certificate does not validate')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout unless --json; errors still go to stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout unless --json; errors still go to stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'trackerctl;help' {
            [CompletionResult]::new('announce', 'announce', [CompletionResultType]::ParameterValue, 'Announce to the selected trackers (registers this peer)')
            [CompletionResult]::new('scrape', 'scrape', [CompletionResultType]::ParameterValue, 'Ask trackers for swarm counts (BEP 48 / BEP 15); never registers a peer')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Send event=stopped with the identity the last announce used, so the tracker drops the peer')
            [CompletionResult]::new('tiers', 'tiers', [CompletionResultType]::ParameterValue, 'Show the tiers, each tracker''s state and who an announce would contact (contacts none unless --probe)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Measure what a tracker really does (peer identity, counts, numwant, scrape, UDP, HTTP transport) with a short fixed series of requests; stops every identity it registered')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the shell completion script for SHELL')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'trackerctl;help;announce' {
            break
        }
        'trackerctl;help;scrape' {
            break
        }
        'trackerctl;help;stop' {
            break
        }
        'trackerctl;help;tiers' {
            break
        }
        'trackerctl;help;check' {
            break
        }
        'trackerctl;help;completions' {
            break
        }
        'trackerctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
