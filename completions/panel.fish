# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_panel_global_optspecs
    string join \n home= h/help V/version
end

function __fish_panel_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_panel_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_panel_using_subcommand
    set -l cmd (__fish_panel_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c panel -n "__fish_panel_needs_command" -l home -d 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]' -r -f -a "(__fish_complete_directories)"
complete -c panel -n "__fish_panel_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c panel -n "__fish_panel_needs_command" -s V -l version -d 'Print version'
complete -c panel -n "__fish_panel_needs_command" -f -a "submit" -d 'Record receipts: read, check the program\'s rules, share only what is allowed'
complete -c panel -n "__fish_panel_needs_command" -f -a "list" -d 'List recorded receipts'
complete -c panel -n "__fish_panel_needs_command" -f -a "show" -d 'Show one receipt in full'
complete -c panel -n "__fish_panel_needs_command" -f -a "delete" -d 'Delete receipts, leaving no trace of them in the store'
complete -c panel -n "__fish_panel_needs_command" -f -a "status" -d 'Progress toward this month\'s quota and reward'
complete -c panel -n "__fish_panel_needs_command" -f -a "reward" -d 'Where rewards go, what each month earned, and the charities to choose from'
complete -c panel -n "__fish_panel_needs_command" -f -a "survey" -d 'Record the surveys you took, which add to the month\'s reward'
complete -c panel -n "__fish_panel_needs_command" -f -a "device" -d 'Show the device data that would accompany submissions, and whether it is shared'
complete -c panel -n "__fish_panel_needs_command" -f -a "consent" -d 'Give or withdraw consent to share device data, and list every consent change'
complete -c panel -n "__fish_panel_needs_command" -f -a "audit" -d 'Export the account of what was shared and deleted, and verify one'
complete -c panel -n "__fish_panel_needs_command" -f -a "config" -d 'Show the configuration or where the files are'
complete -c panel -n "__fish_panel_needs_command" -f -a "completions" -d 'Print shell completions'
complete -c panel -n "__fish_panel_needs_command" -f -a "man" -d 'Print the man page'
complete -c panel -n "__fish_panel_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c panel -n "__fish_panel_using_subcommand submit" -l lang -d 'OCR languages in Tesseract\'s form, e.g. deu+eng (default: ocr.languages in config.toml)' -r
complete -c panel -n "__fish_panel_using_subcommand submit" -l merchant -d 'The shop\'s name, replacing what is read from the receipt' -r
complete -c panel -n "__fish_panel_using_subcommand submit" -l date -d 'Purchase date, YYYY-MM-DD' -r
complete -c panel -n "__fish_panel_using_subcommand submit" -l total -d 'Total paid, e.g. 12.34, 12,34, 1.234,56 or "12,34 EUR"' -r
complete -c panel -n "__fish_panel_using_subcommand submit" -l category -d 'Kind of shop: grocery, pharmacy, drugstore, restaurant, cinema, "department store", electronics, hardware, fuel or other' -r
complete -c panel -n "__fish_panel_using_subcommand submit" -l share -d 'Share this kind of personal data on these receipts although it is withheld by default (repeat or separate with commas): email, phone, card, iban, name, loyalty, address' -r
complete -c panel -n "__fish_panel_using_subcommand submit" -l withhold -d 'Withhold this kind although config.toml\'s privacy.share shares it' -r
complete -c panel -n "__fish_panel_using_subcommand submit" -l home -d 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]' -r -f -a "(__fish_complete_directories)"
complete -c panel -n "__fish_panel_using_subcommand submit" -l consent-health -d 'Share the health data of these receipts (a pharmacy\'s line items, medicine lines); without it they are withheld. Recorded with the receipt'
complete -c panel -n "__fish_panel_using_subcommand submit" -l dry-run -d 'Show the share plan (what would be kept and withheld, with the withheld values on a terminal), write a preview of the shared content to a temporary file (removed a day later), and record nothing'
complete -c panel -n "__fish_panel_using_subcommand submit" -l json -d 'Print a JSON array, one object per file in input order'
complete -c panel -n "__fish_panel_using_subcommand submit" -s h -l help -d 'Print help'
complete -c panel -n "__fish_panel_using_subcommand submit" -s V -l version -d 'Print version'
complete -c panel -n "__fish_panel_using_subcommand list" -l month -d 'Only receipts submitted in this month (YYYY-MM)' -r
complete -c panel -n "__fish_panel_using_subcommand list" -l merchant -d 'Only merchants whose name contains this text (any case)' -r
complete -c panel -n "__fish_panel_using_subcommand list" -l state -d 'Only receipts in this state: counted or extra' -r
complete -c panel -n "__fish_panel_using_subcommand list" -l home -d 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]' -r -f -a "(__fish_complete_directories)"
complete -c panel -n "__fish_panel_using_subcommand list" -l json -d 'Print a JSON array'
complete -c panel -n "__fish_panel_using_subcommand list" -s h -l help -d 'Print help'
complete -c panel -n "__fish_panel_using_subcommand list" -s V -l version -d 'Print version'
complete -c panel -n "__fish_panel_using_subcommand show" -l shared-image -d 'Write the shared content (image or text) exactly as stored to FILE (`-` for standard output, alone); an existing FILE needs --force' -r -F
complete -c panel -n "__fish_panel_using_subcommand show" -l home -d 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]' -r -f -a "(__fish_complete_directories)"
complete -c panel -n "__fish_panel_using_subcommand show" -l force -d 'Replace FILE of --shared-image when it exists (never through a link)'
complete -c panel -n "__fish_panel_using_subcommand show" -l json -d 'Print JSON'
complete -c panel -n "__fish_panel_using_subcommand show" -s h -l help -d 'Print help'
complete -c panel -n "__fish_panel_using_subcommand show" -s V -l version -d 'Print version'
complete -c panel -n "__fish_panel_using_subcommand delete" -l home -d 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]' -r -f -a "(__fish_complete_directories)"
complete -c panel -n "__fish_panel_using_subcommand delete" -s y -l yes -d 'Delete without asking'
complete -c panel -n "__fish_panel_using_subcommand delete" -l json -d 'Print the deleted ids as JSON'
complete -c panel -n "__fish_panel_using_subcommand delete" -s h -l help -d 'Print help'
complete -c panel -n "__fish_panel_using_subcommand delete" -s V -l version -d 'Print version'
complete -c panel -n "__fish_panel_using_subcommand status" -l month -d 'One month only: the current one, or YYYY-MM' -r
complete -c panel -n "__fish_panel_using_subcommand status" -l home -d 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]' -r -f -a "(__fish_complete_directories)"
complete -c panel -n "__fish_panel_using_subcommand status" -l json -d 'Print JSON'
complete -c panel -n "__fish_panel_using_subcommand status" -s h -l help -d 'Print help'
complete -c panel -n "__fish_panel_using_subcommand status" -s V -l version -d 'Print version'
complete -c panel -n "__fish_panel_using_subcommand reward; and not __fish_seen_subcommand_from choose charities history help" -l home -d 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]' -r -f -a "(__fish_complete_directories)"
complete -c panel -n "__fish_panel_using_subcommand reward; and not __fish_seen_subcommand_from choose charities history help" -l json -d 'Print JSON'
complete -c panel -n "__fish_panel_using_subcommand reward; and not __fish_seen_subcommand_from choose charities history help" -s h -l help -d 'Print help'
complete -c panel -n "__fish_panel_using_subcommand reward; and not __fish_seen_subcommand_from choose charities history help" -s V -l version -d 'Print version'
complete -c panel -n "__fish_panel_using_subcommand reward; and not __fish_seen_subcommand_from choose charities history help" -f -a "choose" -d 'Choose where rewards go from this month on: your store balance or a charity'
complete -c panel -n "__fish_panel_using_subcommand reward; and not __fish_seen_subcommand_from choose charities history help" -f -a "charities" -d 'List the charities a reward can be donated to'
complete -c panel -n "__fish_panel_using_subcommand reward; and not __fish_seen_subcommand_from choose charities history help" -f -a "history" -d 'What every month earned and where it went, and lifetime totals per destination'
complete -c panel -n "__fish_panel_using_subcommand reward; and not __fish_seen_subcommand_from choose charities history help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c panel -n "__fish_panel_using_subcommand reward; and __fish_seen_subcommand_from choose" -l home -d 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]' -r -f -a "(__fish_complete_directories)"
complete -c panel -n "__fish_panel_using_subcommand reward; and __fish_seen_subcommand_from choose" -l json -d 'Print JSON'
complete -c panel -n "__fish_panel_using_subcommand reward; and __fish_seen_subcommand_from choose" -s h -l help -d 'Print help'
complete -c panel -n "__fish_panel_using_subcommand reward; and __fish_seen_subcommand_from choose" -s V -l version -d 'Print version'
complete -c panel -n "__fish_panel_using_subcommand reward; and __fish_seen_subcommand_from choose" -f -a "balance" -d 'Rewards are paid as store balance'
complete -c panel -n "__fish_panel_using_subcommand reward; and __fish_seen_subcommand_from choose" -f -a "charity" -d 'Rewards are donated to a charity of `panel reward charities`'
complete -c panel -n "__fish_panel_using_subcommand reward; and __fish_seen_subcommand_from choose" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c panel -n "__fish_panel_using_subcommand reward; and __fish_seen_subcommand_from charities" -l home -d 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]' -r -f -a "(__fish_complete_directories)"
complete -c panel -n "__fish_panel_using_subcommand reward; and __fish_seen_subcommand_from charities" -l json -d 'Print a JSON array of {id, name, description}'
complete -c panel -n "__fish_panel_using_subcommand reward; and __fish_seen_subcommand_from charities" -s h -l help -d 'Print help'
complete -c panel -n "__fish_panel_using_subcommand reward; and __fish_seen_subcommand_from charities" -s V -l version -d 'Print version'
complete -c panel -n "__fish_panel_using_subcommand reward; and __fish_seen_subcommand_from history" -l home -d 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]' -r -f -a "(__fish_complete_directories)"
complete -c panel -n "__fish_panel_using_subcommand reward; and __fish_seen_subcommand_from history" -l totals -d 'Only the lifetime totals per destination'
complete -c panel -n "__fish_panel_using_subcommand reward; and __fish_seen_subcommand_from history" -l json -d 'Print a JSON array: one object per month (or per destination with --totals)'
complete -c panel -n "__fish_panel_using_subcommand reward; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help'
complete -c panel -n "__fish_panel_using_subcommand reward; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c panel -n "__fish_panel_using_subcommand reward; and __fish_seen_subcommand_from help" -f -a "choose" -d 'Choose where rewards go from this month on: your store balance or a charity'
complete -c panel -n "__fish_panel_using_subcommand reward; and __fish_seen_subcommand_from help" -f -a "charities" -d 'List the charities a reward can be donated to'
complete -c panel -n "__fish_panel_using_subcommand reward; and __fish_seen_subcommand_from help" -f -a "history" -d 'What every month earned and where it went, and lifetime totals per destination'
complete -c panel -n "__fish_panel_using_subcommand reward; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c panel -n "__fish_panel_using_subcommand survey; and not __fish_seen_subcommand_from add list help" -l home -d 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]' -r -f -a "(__fish_complete_directories)"
complete -c panel -n "__fish_panel_using_subcommand survey; and not __fish_seen_subcommand_from add list help" -s h -l help -d 'Print help'
complete -c panel -n "__fish_panel_using_subcommand survey; and not __fish_seen_subcommand_from add list help" -s V -l version -d 'Print version'
complete -c panel -n "__fish_panel_using_subcommand survey; and not __fish_seen_subcommand_from add list help" -f -a "add" -d 'Record a survey you took; its reward joins this month\'s reward'
complete -c panel -n "__fish_panel_using_subcommand survey; and not __fish_seen_subcommand_from add list help" -f -a "list" -d 'List the surveys recorded'
complete -c panel -n "__fish_panel_using_subcommand survey; and not __fish_seen_subcommand_from add list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c panel -n "__fish_panel_using_subcommand survey; and __fish_seen_subcommand_from add" -l title -d 'What the survey was called' -r
complete -c panel -n "__fish_panel_using_subcommand survey; and __fish_seen_subcommand_from add" -l reward -d 'What it pays, in the program\'s currency, e.g. 2.50 or "2,50 USD"' -r
complete -c panel -n "__fish_panel_using_subcommand survey; and __fish_seen_subcommand_from add" -l date -d 'The day you took it (default: today)' -r
complete -c panel -n "__fish_panel_using_subcommand survey; and __fish_seen_subcommand_from add" -l home -d 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]' -r -f -a "(__fish_complete_directories)"
complete -c panel -n "__fish_panel_using_subcommand survey; and __fish_seen_subcommand_from add" -l json -d 'Print the recorded survey as JSON'
complete -c panel -n "__fish_panel_using_subcommand survey; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c panel -n "__fish_panel_using_subcommand survey; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c panel -n "__fish_panel_using_subcommand survey; and __fish_seen_subcommand_from list" -l month -d 'Only surveys recorded in this month (YYYY-MM)' -r
complete -c panel -n "__fish_panel_using_subcommand survey; and __fish_seen_subcommand_from list" -l home -d 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]' -r -f -a "(__fish_complete_directories)"
complete -c panel -n "__fish_panel_using_subcommand survey; and __fish_seen_subcommand_from list" -l json -d 'Print a JSON array'
complete -c panel -n "__fish_panel_using_subcommand survey; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c panel -n "__fish_panel_using_subcommand survey; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c panel -n "__fish_panel_using_subcommand survey; and __fish_seen_subcommand_from help" -f -a "add" -d 'Record a survey you took; its reward joins this month\'s reward'
complete -c panel -n "__fish_panel_using_subcommand survey; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the surveys recorded'
complete -c panel -n "__fish_panel_using_subcommand survey; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c panel -n "__fish_panel_using_subcommand device" -l home -d 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]' -r -f -a "(__fish_complete_directories)"
complete -c panel -n "__fish_panel_using_subcommand device" -l json -d 'Print JSON: {"consent": bool, "since": time or null, "data": {...}}'
complete -c panel -n "__fish_panel_using_subcommand device" -s h -l help -d 'Print help'
complete -c panel -n "__fish_panel_using_subcommand device" -s V -l version -d 'Print version'
complete -c panel -n "__fish_panel_using_subcommand consent; and not __fish_seen_subcommand_from device list help" -l home -d 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]' -r -f -a "(__fish_complete_directories)"
complete -c panel -n "__fish_panel_using_subcommand consent; and not __fish_seen_subcommand_from device list help" -s h -l help -d 'Print help'
complete -c panel -n "__fish_panel_using_subcommand consent; and not __fish_seen_subcommand_from device list help" -s V -l version -d 'Print version'
complete -c panel -n "__fish_panel_using_subcommand consent; and not __fish_seen_subcommand_from device list help" -f -a "device" -d 'Share device data with your submissions (on) or stop sharing it (off)'
complete -c panel -n "__fish_panel_using_subcommand consent; and not __fish_seen_subcommand_from device list help" -f -a "list" -d 'List every consent given or withdrawn, oldest first, with its time'
complete -c panel -n "__fish_panel_using_subcommand consent; and not __fish_seen_subcommand_from device list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c panel -n "__fish_panel_using_subcommand consent; and __fish_seen_subcommand_from device" -l home -d 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]' -r -f -a "(__fish_complete_directories)"
complete -c panel -n "__fish_panel_using_subcommand consent; and __fish_seen_subcommand_from device" -l json -d 'Print JSON: {"changed": bool, "consent": bool, "since": time or null, "data": {...} or null}'
complete -c panel -n "__fish_panel_using_subcommand consent; and __fish_seen_subcommand_from device" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c panel -n "__fish_panel_using_subcommand consent; and __fish_seen_subcommand_from device" -s V -l version -d 'Print version'
complete -c panel -n "__fish_panel_using_subcommand consent; and __fish_seen_subcommand_from list" -l home -d 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]' -r -f -a "(__fish_complete_directories)"
complete -c panel -n "__fish_panel_using_subcommand consent; and __fish_seen_subcommand_from list" -l json -d 'Print a JSON array of {kind, receipt, granted, at}'
complete -c panel -n "__fish_panel_using_subcommand consent; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c panel -n "__fish_panel_using_subcommand consent; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c panel -n "__fish_panel_using_subcommand consent; and __fish_seen_subcommand_from help" -f -a "device" -d 'Share device data with your submissions (on) or stop sharing it (off)'
complete -c panel -n "__fish_panel_using_subcommand consent; and __fish_seen_subcommand_from help" -f -a "list" -d 'List every consent given or withdrawn, oldest first, with its time'
complete -c panel -n "__fish_panel_using_subcommand consent; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c panel -n "__fish_panel_using_subcommand audit; and not __fish_seen_subcommand_from export verify checkpoint help" -l home -d 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]' -r -f -a "(__fish_complete_directories)"
complete -c panel -n "__fish_panel_using_subcommand audit; and not __fish_seen_subcommand_from export verify checkpoint help" -s h -l help -d 'Print help'
complete -c panel -n "__fish_panel_using_subcommand audit; and not __fish_seen_subcommand_from export verify checkpoint help" -s V -l version -d 'Print version'
complete -c panel -n "__fish_panel_using_subcommand audit; and not __fish_seen_subcommand_from export verify checkpoint help" -f -a "export" -d 'Write the complete account of what was shared, withheld and deleted'
complete -c panel -n "__fish_panel_using_subcommand audit; and not __fish_seen_subcommand_from export verify checkpoint help" -f -a "verify" -d 'Check exports offline: entries, tree, every record against the entry that commits to it, and an earlier checkpoint'
complete -c panel -n "__fish_panel_using_subcommand audit; and not __fish_seen_subcommand_from export verify checkpoint help" -f -a "checkpoint" -d 'Print the ledger\'s tree size and root as SIZE:ROOT'
complete -c panel -n "__fish_panel_using_subcommand audit; and not __fish_seen_subcommand_from export verify checkpoint help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c panel -n "__fish_panel_using_subcommand audit; and __fish_seen_subcommand_from export" -l format -d 'Output format' -r -f -a "json\t'One JSON document (the format `audit verify` reads best)'
jsonl\t'One JSON record per line, with a `type` field'
csv\t'One row per receipt'
md\t'A summary for people'"
complete -c panel -n "__fish_panel_using_subcommand audit; and __fish_seen_subcommand_from export" -l since -d 'Only receipts submitted on or after this day (the ledger is always whole)' -r
complete -c panel -n "__fish_panel_using_subcommand audit; and __fish_seen_subcommand_from export" -l until -d 'Only receipts submitted on or before this day' -r
complete -c panel -n "__fish_panel_using_subcommand audit; and __fish_seen_subcommand_from export" -s o -l output -d 'Write to FILE instead of standard output. A regular file is replaced only once the export is complete; a FIFO or device such as /dev/null is written in place; a block device is refused' -r -F
complete -c panel -n "__fish_panel_using_subcommand audit; and __fish_seen_subcommand_from export" -l home -d 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]' -r -f -a "(__fish_complete_directories)"
complete -c panel -n "__fish_panel_using_subcommand audit; and __fish_seen_subcommand_from export" -l follow-symlink -d 'Write through FILE when it is a symbolic link (refused otherwise)'
complete -c panel -n "__fish_panel_using_subcommand audit; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c panel -n "__fish_panel_using_subcommand audit; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c panel -n "__fish_panel_using_subcommand audit; and __fish_seen_subcommand_from verify" -l checkpoint -d 'SIZE:ROOT from an earlier `panel audit checkpoint`; proves the log only grew' -r
complete -c panel -n "__fish_panel_using_subcommand audit; and __fish_seen_subcommand_from verify" -l home -d 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]' -r -f -a "(__fish_complete_directories)"
complete -c panel -n "__fish_panel_using_subcommand audit; and __fish_seen_subcommand_from verify" -l json -d 'Print JSON'
complete -c panel -n "__fish_panel_using_subcommand audit; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c panel -n "__fish_panel_using_subcommand audit; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c panel -n "__fish_panel_using_subcommand audit; and __fish_seen_subcommand_from checkpoint" -l home -d 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]' -r -f -a "(__fish_complete_directories)"
complete -c panel -n "__fish_panel_using_subcommand audit; and __fish_seen_subcommand_from checkpoint" -l json -d 'Print JSON'
complete -c panel -n "__fish_panel_using_subcommand audit; and __fish_seen_subcommand_from checkpoint" -s h -l help -d 'Print help'
complete -c panel -n "__fish_panel_using_subcommand audit; and __fish_seen_subcommand_from checkpoint" -s V -l version -d 'Print version'
complete -c panel -n "__fish_panel_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "export" -d 'Write the complete account of what was shared, withheld and deleted'
complete -c panel -n "__fish_panel_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check exports offline: entries, tree, every record against the entry that commits to it, and an earlier checkpoint'
complete -c panel -n "__fish_panel_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "checkpoint" -d 'Print the ledger\'s tree size and root as SIZE:ROOT'
complete -c panel -n "__fish_panel_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c panel -n "__fish_panel_using_subcommand config; and not __fish_seen_subcommand_from show path help" -l home -d 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]' -r -f -a "(__fish_complete_directories)"
complete -c panel -n "__fish_panel_using_subcommand config; and not __fish_seen_subcommand_from show path help" -s h -l help -d 'Print help'
complete -c panel -n "__fish_panel_using_subcommand config; and not __fish_seen_subcommand_from show path help" -s V -l version -d 'Print version'
complete -c panel -n "__fish_panel_using_subcommand config; and not __fish_seen_subcommand_from show path help" -f -a "show" -d 'Print the configuration in effect, as commented TOML'
complete -c panel -n "__fish_panel_using_subcommand config; and not __fish_seen_subcommand_from show path help" -f -a "path" -d 'Print where the store and the configuration file are'
complete -c panel -n "__fish_panel_using_subcommand config; and not __fish_seen_subcommand_from show path help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c panel -n "__fish_panel_using_subcommand config; and __fish_seen_subcommand_from show" -l home -d 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]' -r -f -a "(__fish_complete_directories)"
complete -c panel -n "__fish_panel_using_subcommand config; and __fish_seen_subcommand_from show" -l json -d 'Print JSON instead of TOML'
complete -c panel -n "__fish_panel_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c panel -n "__fish_panel_using_subcommand config; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c panel -n "__fish_panel_using_subcommand config; and __fish_seen_subcommand_from path" -l home -d 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]' -r -f -a "(__fish_complete_directories)"
complete -c panel -n "__fish_panel_using_subcommand config; and __fish_seen_subcommand_from path" -l json -d 'Print JSON'
complete -c panel -n "__fish_panel_using_subcommand config; and __fish_seen_subcommand_from path" -s h -l help -d 'Print help'
complete -c panel -n "__fish_panel_using_subcommand config; and __fish_seen_subcommand_from path" -s V -l version -d 'Print version'
complete -c panel -n "__fish_panel_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the configuration in effect, as commented TOML'
complete -c panel -n "__fish_panel_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "path" -d 'Print where the store and the configuration file are'
complete -c panel -n "__fish_panel_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c panel -n "__fish_panel_using_subcommand completions" -l home -d 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]' -r -f -a "(__fish_complete_directories)"
complete -c panel -n "__fish_panel_using_subcommand completions" -s h -l help -d 'Print help'
complete -c panel -n "__fish_panel_using_subcommand completions" -s V -l version -d 'Print version'
complete -c panel -n "__fish_panel_using_subcommand man" -l home -d 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]' -r -f -a "(__fish_complete_directories)"
complete -c panel -n "__fish_panel_using_subcommand man" -s h -l help -d 'Print help'
complete -c panel -n "__fish_panel_using_subcommand man" -s V -l version -d 'Print version'
complete -c panel -n "__fish_panel_using_subcommand help; and not __fish_seen_subcommand_from submit list show delete status reward survey device consent audit config completions man help" -f -a "submit" -d 'Record receipts: read, check the program\'s rules, share only what is allowed'
complete -c panel -n "__fish_panel_using_subcommand help; and not __fish_seen_subcommand_from submit list show delete status reward survey device consent audit config completions man help" -f -a "list" -d 'List recorded receipts'
complete -c panel -n "__fish_panel_using_subcommand help; and not __fish_seen_subcommand_from submit list show delete status reward survey device consent audit config completions man help" -f -a "show" -d 'Show one receipt in full'
complete -c panel -n "__fish_panel_using_subcommand help; and not __fish_seen_subcommand_from submit list show delete status reward survey device consent audit config completions man help" -f -a "delete" -d 'Delete receipts, leaving no trace of them in the store'
complete -c panel -n "__fish_panel_using_subcommand help; and not __fish_seen_subcommand_from submit list show delete status reward survey device consent audit config completions man help" -f -a "status" -d 'Progress toward this month\'s quota and reward'
complete -c panel -n "__fish_panel_using_subcommand help; and not __fish_seen_subcommand_from submit list show delete status reward survey device consent audit config completions man help" -f -a "reward" -d 'Where rewards go, what each month earned, and the charities to choose from'
complete -c panel -n "__fish_panel_using_subcommand help; and not __fish_seen_subcommand_from submit list show delete status reward survey device consent audit config completions man help" -f -a "survey" -d 'Record the surveys you took, which add to the month\'s reward'
complete -c panel -n "__fish_panel_using_subcommand help; and not __fish_seen_subcommand_from submit list show delete status reward survey device consent audit config completions man help" -f -a "device" -d 'Show the device data that would accompany submissions, and whether it is shared'
complete -c panel -n "__fish_panel_using_subcommand help; and not __fish_seen_subcommand_from submit list show delete status reward survey device consent audit config completions man help" -f -a "consent" -d 'Give or withdraw consent to share device data, and list every consent change'
complete -c panel -n "__fish_panel_using_subcommand help; and not __fish_seen_subcommand_from submit list show delete status reward survey device consent audit config completions man help" -f -a "audit" -d 'Export the account of what was shared and deleted, and verify one'
complete -c panel -n "__fish_panel_using_subcommand help; and not __fish_seen_subcommand_from submit list show delete status reward survey device consent audit config completions man help" -f -a "config" -d 'Show the configuration or where the files are'
complete -c panel -n "__fish_panel_using_subcommand help; and not __fish_seen_subcommand_from submit list show delete status reward survey device consent audit config completions man help" -f -a "completions" -d 'Print shell completions'
complete -c panel -n "__fish_panel_using_subcommand help; and not __fish_seen_subcommand_from submit list show delete status reward survey device consent audit config completions man help" -f -a "man" -d 'Print the man page'
complete -c panel -n "__fish_panel_using_subcommand help; and not __fish_seen_subcommand_from submit list show delete status reward survey device consent audit config completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c panel -n "__fish_panel_using_subcommand help; and __fish_seen_subcommand_from reward" -f -a "choose" -d 'Choose where rewards go from this month on: your store balance or a charity'
complete -c panel -n "__fish_panel_using_subcommand help; and __fish_seen_subcommand_from reward" -f -a "charities" -d 'List the charities a reward can be donated to'
complete -c panel -n "__fish_panel_using_subcommand help; and __fish_seen_subcommand_from reward" -f -a "history" -d 'What every month earned and where it went, and lifetime totals per destination'
complete -c panel -n "__fish_panel_using_subcommand help; and __fish_seen_subcommand_from survey" -f -a "add" -d 'Record a survey you took; its reward joins this month\'s reward'
complete -c panel -n "__fish_panel_using_subcommand help; and __fish_seen_subcommand_from survey" -f -a "list" -d 'List the surveys recorded'
complete -c panel -n "__fish_panel_using_subcommand help; and __fish_seen_subcommand_from consent" -f -a "device" -d 'Share device data with your submissions (on) or stop sharing it (off)'
complete -c panel -n "__fish_panel_using_subcommand help; and __fish_seen_subcommand_from consent" -f -a "list" -d 'List every consent given or withdrawn, oldest first, with its time'
complete -c panel -n "__fish_panel_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "export" -d 'Write the complete account of what was shared, withheld and deleted'
complete -c panel -n "__fish_panel_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "verify" -d 'Check exports offline: entries, tree, every record against the entry that commits to it, and an earlier checkpoint'
complete -c panel -n "__fish_panel_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "checkpoint" -d 'Print the ledger\'s tree size and root as SIZE:ROOT'
complete -c panel -n "__fish_panel_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Print the configuration in effect, as commented TOML'
complete -c panel -n "__fish_panel_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "path" -d 'Print where the store and the configuration file are'
