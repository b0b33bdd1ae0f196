
use builtin;
use str;

set edit:completion:arg-completer[panel] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'panel'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'panel'= {
            cand --home 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand submit 'Record receipts: read, check the program''s rules, share only what is allowed'
            cand list 'List recorded receipts'
            cand show 'Show one receipt in full'
            cand delete 'Delete receipts, leaving no trace of them in the store'
            cand status 'Progress toward this month''s quota and reward'
            cand reward 'Where rewards go, what each month earned, and the charities to choose from'
            cand survey 'Record the surveys you took, which add to the month''s reward'
            cand device 'Show the device data that would accompany submissions, and whether it is shared'
            cand consent 'Give or withdraw consent to share device data, and list every consent change'
            cand audit 'Export the account of what was shared and deleted, and verify one'
            cand config 'Show the configuration or where the files are'
            cand completions 'Print shell completions'
            cand man 'Print the man page'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'panel;submit'= {
            cand --lang 'OCR languages in Tesseract''s form, e.g. deu+eng (default: ocr.languages in config.toml)'
            cand --merchant 'The shop''s name, replacing what is read from the receipt'
            cand --date 'Purchase date, YYYY-MM-DD'
            cand --total 'Total paid, e.g. 12.34, 12,34, 1.234,56 or "12,34 EUR"'
            cand --category 'Kind of shop: grocery, pharmacy, drugstore, restaurant, cinema, "department store", electronics, hardware, fuel or other'
            cand --share 'Share this kind of personal data on these receipts although it is withheld by default (repeat or separate with commas): email, phone, card, iban, name, loyalty, address'
            cand --withhold 'Withhold this kind although config.toml''s privacy.share shares it'
            cand --home 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]'
            cand --consent-health 'Share the health data of these receipts (a pharmacy''s line items, medicine lines); without it they are withheld. Recorded with the receipt'
            cand --dry-run 'Show the share plan (what would be kept and withheld, with the withheld values on a terminal), write a preview of the shared content to a temporary file (removed a day later), and record nothing'
            cand --json 'Print a JSON array, one object per file in input order'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'panel;list'= {
            cand --month 'Only receipts submitted in this month (YYYY-MM)'
            cand --merchant 'Only merchants whose name contains this text (any case)'
            cand --state 'Only receipts in this state: counted or extra'
            cand --home 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]'
            cand --json 'Print a JSON array'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'panel;show'= {
            cand --shared-image 'Write the shared content (image or text) exactly as stored to FILE (`-` for standard output, alone); an existing FILE needs --force'
            cand --home 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]'
            cand --force 'Replace FILE of --shared-image when it exists (never through a link)'
            cand --json 'Print JSON'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'panel;delete'= {
            cand --home 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]'
            cand -y 'Delete without asking'
            cand --yes 'Delete without asking'
            cand --json 'Print the deleted ids as JSON'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'panel;status'= {
            cand --month 'One month only: the current one, or YYYY-MM'
            cand --home 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]'
            cand --json 'Print JSON'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'panel;reward'= {
            cand --home 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]'
            cand --json 'Print JSON'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand choose 'Choose where rewards go from this month on: your store balance or a charity'
            cand charities 'List the charities a reward can be donated to'
            cand history 'What every month earned and where it went, and lifetime totals per destination'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'panel;reward;choose'= {
            cand --home 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]'
            cand --json 'Print JSON'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand balance 'Rewards are paid as store balance'
            cand charity 'Rewards are donated to a charity of `panel reward charities`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'panel;reward;choose;balance'= {
            cand --home 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]'
            cand --json 'Print JSON'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'panel;reward;choose;charity'= {
            cand --home 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]'
            cand --json 'Print JSON'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'panel;reward;choose;help'= {
            cand balance 'Rewards are paid as store balance'
            cand charity 'Rewards are donated to a charity of `panel reward charities`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'panel;reward;choose;help;balance'= {
        }
        &'panel;reward;choose;help;charity'= {
        }
        &'panel;reward;choose;help;help'= {
        }
        &'panel;reward;charities'= {
            cand --home 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]'
            cand --json 'Print a JSON array of {id, name, description}'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'panel;reward;history'= {
            cand --home 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]'
            cand --totals 'Only the lifetime totals per destination'
            cand --json 'Print a JSON array: one object per month (or per destination with --totals)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'panel;reward;help'= {
            cand choose 'Choose where rewards go from this month on: your store balance or a charity'
            cand charities 'List the charities a reward can be donated to'
            cand history 'What every month earned and where it went, and lifetime totals per destination'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'panel;reward;help;choose'= {
            cand balance 'Rewards are paid as store balance'
            cand charity 'Rewards are donated to a charity of `panel reward charities`'
        }
        &'panel;reward;help;choose;balance'= {
        }
        &'panel;reward;help;choose;charity'= {
        }
        &'panel;reward;help;charities'= {
        }
        &'panel;reward;help;history'= {
        }
        &'panel;reward;help;help'= {
        }
        &'panel;survey'= {
            cand --home 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Record a survey you took; its reward joins this month''s reward'
            cand list 'List the surveys recorded'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'panel;survey;add'= {
            cand --title 'What the survey was called'
            cand --reward 'What it pays, in the program''s currency, e.g. 2.50 or "2,50 USD"'
            cand --date 'The day you took it (default: today)'
            cand --home 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]'
            cand --json 'Print the recorded survey as JSON'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'panel;survey;list'= {
            cand --month 'Only surveys recorded in this month (YYYY-MM)'
            cand --home 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]'
            cand --json 'Print a JSON array'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'panel;survey;help'= {
            cand add 'Record a survey you took; its reward joins this month''s reward'
            cand list 'List the surveys recorded'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'panel;survey;help;add'= {
        }
        &'panel;survey;help;list'= {
        }
        &'panel;survey;help;help'= {
        }
        &'panel;device'= {
            cand --home 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]'
            cand --json 'Print JSON: {"consent": bool, "since": time or null, "data": {...}}'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'panel;consent'= {
            cand --home 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand device 'Share device data with your submissions (on) or stop sharing it (off)'
            cand list 'List every consent given or withdrawn, oldest first, with its time'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'panel;consent;device'= {
            cand --home 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]'
            cand --json 'Print JSON: {"changed": bool, "consent": bool, "since": time or null, "data": {...} or null}'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'panel;consent;list'= {
            cand --home 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]'
            cand --json 'Print a JSON array of {kind, receipt, granted, at}'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'panel;consent;help'= {
            cand device 'Share device data with your submissions (on) or stop sharing it (off)'
            cand list 'List every consent given or withdrawn, oldest first, with its time'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'panel;consent;help;device'= {
        }
        &'panel;consent;help;list'= {
        }
        &'panel;consent;help;help'= {
        }
        &'panel;audit'= {
            cand --home 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand export 'Write the complete account of what was shared, withheld and deleted'
            cand verify 'Check exports offline: entries, tree, every record against the entry that commits to it, and an earlier checkpoint'
            cand checkpoint 'Print the ledger''s tree size and root as SIZE:ROOT'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'panel;audit;export'= {
            cand --format 'Output format'
            cand --since 'Only receipts submitted on or after this day (the ledger is always whole)'
            cand --until 'Only receipts submitted on or before this day'
            cand -o 'Write to FILE instead of standard output. A regular file is replaced only once the export is complete; a FIFO or device such as /dev/null is written in place; a block device is refused'
            cand --output 'Write to FILE instead of standard output. A regular file is replaced only once the export is complete; a FIFO or device such as /dev/null is written in place; a block device is refused'
            cand --home 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]'
            cand --follow-symlink 'Write through FILE when it is a symbolic link (refused otherwise)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'panel;audit;verify'= {
            cand --checkpoint 'SIZE:ROOT from an earlier `panel audit checkpoint`; proves the log only grew'
            cand --home 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]'
            cand --json 'Print JSON'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'panel;audit;checkpoint'= {
            cand --home 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]'
            cand --json 'Print JSON'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'panel;audit;help'= {
            cand export 'Write the complete account of what was shared, withheld and deleted'
            cand verify 'Check exports offline: entries, tree, every record against the entry that commits to it, and an earlier checkpoint'
            cand checkpoint 'Print the ledger''s tree size and root as SIZE:ROOT'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'panel;audit;help;export'= {
        }
        &'panel;audit;help;verify'= {
        }
        &'panel;audit;help;checkpoint'= {
        }
        &'panel;audit;help;help'= {
        }
        &'panel;config'= {
            cand --home 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Print the configuration in effect, as commented TOML'
            cand path 'Print where the store and the configuration file are'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'panel;config;show'= {
            cand --home 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]'
            cand --json 'Print JSON instead of TOML'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'panel;config;path'= {
            cand --home 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]'
            cand --json 'Print JSON'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'panel;config;help'= {
            cand show 'Print the configuration in effect, as commented TOML'
            cand path 'Print where the store and the configuration file are'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'panel;config;help;show'= {
        }
        &'panel;config;help;path'= {
        }
        &'panel;config;help;help'= {
        }
        &'panel;completions'= {
            cand --home 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'panel;man'= {
            cand --home 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'panel;help'= {
            cand submit 'Record receipts: read, check the program''s rules, share only what is allowed'
            cand list 'List recorded receipts'
            cand show 'Show one receipt in full'
            cand delete 'Delete receipts, leaving no trace of them in the store'
            cand status 'Progress toward this month''s quota and reward'
            cand reward 'Where rewards go, what each month earned, and the charities to choose from'
            cand survey 'Record the surveys you took, which add to the month''s reward'
            cand device 'Show the device data that would accompany submissions, and whether it is shared'
            cand consent 'Give or withdraw consent to share device data, and list every consent change'
            cand audit 'Export the account of what was shared and deleted, and verify one'
            cand config 'Show the configuration or where the files are'
            cand completions 'Print shell completions'
            cand man 'Print the man page'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'panel;help;submit'= {
        }
        &'panel;help;list'= {
        }
        &'panel;help;show'= {
        }
        &'panel;help;delete'= {
        }
        &'panel;help;status'= {
        }
        &'panel;help;reward'= {
            cand choose 'Choose where rewards go from this month on: your store balance or a charity'
            cand charities 'List the charities a reward can be donated to'
            cand history 'What every month earned and where it went, and lifetime totals per destination'
        }
        &'panel;help;reward;choose'= {
            cand balance 'Rewards are paid as store balance'
            cand charity 'Rewards are donated to a charity of `panel reward charities`'
        }
        &'panel;help;reward;choose;balance'= {
        }
        &'panel;help;reward;choose;charity'= {
        }
        &'panel;help;reward;charities'= {
        }
        &'panel;help;reward;history'= {
        }
        &'panel;help;survey'= {
            cand add 'Record a survey you took; its reward joins this month''s reward'
            cand list 'List the surveys recorded'
        }
        &'panel;help;survey;add'= {
        }
        &'panel;help;survey;list'= {
        }
        &'panel;help;device'= {
        }
        &'panel;help;consent'= {
            cand device 'Share device data with your submissions (on) or stop sharing it (off)'
            cand list 'List every consent given or withdrawn, oldest first, with its time'
        }
        &'panel;help;consent;device'= {
        }
        &'panel;help;consent;list'= {
        }
        &'panel;help;audit'= {
            cand export 'Write the complete account of what was shared, withheld and deleted'
            cand verify 'Check exports offline: entries, tree, every record against the entry that commits to it, and an earlier checkpoint'
            cand checkpoint 'Print the ledger''s tree size and root as SIZE:ROOT'
        }
        &'panel;help;audit;export'= {
        }
        &'panel;help;audit;verify'= {
        }
        &'panel;help;audit;checkpoint'= {
        }
        &'panel;help;config'= {
            cand show 'Print the configuration in effect, as commented TOML'
            cand path 'Print where the store and the configuration file are'
        }
        &'panel;help;config;show'= {
        }
        &'panel;help;config;path'= {
        }
        &'panel;help;completions'= {
        }
        &'panel;help;man'= {
        }
        &'panel;help;help'= {
        }
    ]
    $completions[$command]
}
