
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'panel' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'panel'
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
        'panel' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('submit', 'submit', [CompletionResultType]::ParameterValue, 'Record receipts: read, check the program''s rules, share only what is allowed')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List recorded receipts')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one receipt in full')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete receipts, leaving no trace of them in the store')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Progress toward this month''s quota and reward')
            [CompletionResult]::new('reward', 'reward', [CompletionResultType]::ParameterValue, 'Where rewards go, what each month earned, and the charities to choose from')
            [CompletionResult]::new('survey', 'survey', [CompletionResultType]::ParameterValue, 'Record the surveys you took, which add to the month''s reward')
            [CompletionResult]::new('device', 'device', [CompletionResultType]::ParameterValue, 'Show the device data that would accompany submissions, and whether it is shared')
            [CompletionResult]::new('consent', 'consent', [CompletionResultType]::ParameterValue, 'Give or withdraw consent to share device data, and list every consent change')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Export the account of what was shared and deleted, and verify one')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the configuration or where the files are')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'panel;submit' {
            [CompletionResult]::new('--lang', '--lang', [CompletionResultType]::ParameterName, 'OCR languages in Tesseract''s form, e.g. deu+eng (default: ocr.languages in config.toml)')
            [CompletionResult]::new('--merchant', '--merchant', [CompletionResultType]::ParameterName, 'The shop''s name, replacing what is read from the receipt')
            [CompletionResult]::new('--date', '--date', [CompletionResultType]::ParameterName, 'Purchase date, YYYY-MM-DD')
            [CompletionResult]::new('--total', '--total', [CompletionResultType]::ParameterName, 'Total paid, e.g. 12.34, 12,34, 1.234,56 or "12,34 EUR"')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'Kind of shop: grocery, pharmacy, drugstore, restaurant, cinema, "department store", electronics, hardware, fuel or other')
            [CompletionResult]::new('--share', '--share', [CompletionResultType]::ParameterName, 'Share this kind of personal data on these receipts although it is withheld by default (repeat or separate with commas): email, phone, card, iban, name, loyalty, address')
            [CompletionResult]::new('--withhold', '--withhold', [CompletionResultType]::ParameterName, 'Withhold this kind although config.toml''s privacy.share shares it')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]')
            [CompletionResult]::new('--consent-health', '--consent-health', [CompletionResultType]::ParameterName, 'Share the health data of these receipts (a pharmacy''s line items, medicine lines); without it they are withheld. Recorded with the receipt')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the share plan (what would be kept and withheld, with the withheld values on a terminal), write a preview of the shared content to a temporary file (removed a day later), and record nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON array, one object per file in input order')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'panel;list' {
            [CompletionResult]::new('--month', '--month', [CompletionResultType]::ParameterName, 'Only receipts submitted in this month (YYYY-MM)')
            [CompletionResult]::new('--merchant', '--merchant', [CompletionResultType]::ParameterName, 'Only merchants whose name contains this text (any case)')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Only receipts in this state: counted or extra')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON array')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'panel;show' {
            [CompletionResult]::new('--shared-image', '--shared-image', [CompletionResultType]::ParameterName, 'Write the shared content (image or text) exactly as stored to FILE (`-` for standard output, alone); an existing FILE needs --force')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace FILE of --shared-image when it exists (never through a link)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'panel;delete' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Delete without asking')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Delete without asking')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the deleted ids as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'panel;status' {
            [CompletionResult]::new('--month', '--month', [CompletionResultType]::ParameterName, 'One month only: the current one, or YYYY-MM')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'panel;reward' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('choose', 'choose', [CompletionResultType]::ParameterValue, 'Choose where rewards go from this month on: your store balance or a charity')
            [CompletionResult]::new('charities', 'charities', [CompletionResultType]::ParameterValue, 'List the charities a reward can be donated to')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'What every month earned and where it went, and lifetime totals per destination')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'panel;reward;choose' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('balance', 'balance', [CompletionResultType]::ParameterValue, 'Rewards are paid as store balance')
            [CompletionResult]::new('charity', 'charity', [CompletionResultType]::ParameterValue, 'Rewards are donated to a charity of `panel reward charities`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'panel;reward;choose;balance' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'panel;reward;choose;charity' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'panel;reward;choose;help' {
            [CompletionResult]::new('balance', 'balance', [CompletionResultType]::ParameterValue, 'Rewards are paid as store balance')
            [CompletionResult]::new('charity', 'charity', [CompletionResultType]::ParameterValue, 'Rewards are donated to a charity of `panel reward charities`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'panel;reward;choose;help;balance' {
            break
        }
        'panel;reward;choose;help;charity' {
            break
        }
        'panel;reward;choose;help;help' {
            break
        }
        'panel;reward;charities' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON array of {id, name, description}')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'panel;reward;history' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]')
            [CompletionResult]::new('--totals', '--totals', [CompletionResultType]::ParameterName, 'Only the lifetime totals per destination')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON array: one object per month (or per destination with --totals)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'panel;reward;help' {
            [CompletionResult]::new('choose', 'choose', [CompletionResultType]::ParameterValue, 'Choose where rewards go from this month on: your store balance or a charity')
            [CompletionResult]::new('charities', 'charities', [CompletionResultType]::ParameterValue, 'List the charities a reward can be donated to')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'What every month earned and where it went, and lifetime totals per destination')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'panel;reward;help;choose' {
            [CompletionResult]::new('balance', 'balance', [CompletionResultType]::ParameterValue, 'Rewards are paid as store balance')
            [CompletionResult]::new('charity', 'charity', [CompletionResultType]::ParameterValue, 'Rewards are donated to a charity of `panel reward charities`')
            break
        }
        'panel;reward;help;choose;balance' {
            break
        }
        'panel;reward;help;choose;charity' {
            break
        }
        'panel;reward;help;charities' {
            break
        }
        'panel;reward;help;history' {
            break
        }
        'panel;reward;help;help' {
            break
        }
        'panel;survey' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Record a survey you took; its reward joins this month''s reward')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the surveys recorded')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'panel;survey;add' {
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'What the survey was called')
            [CompletionResult]::new('--reward', '--reward', [CompletionResultType]::ParameterName, 'What it pays, in the program''s currency, e.g. 2.50 or "2,50 USD"')
            [CompletionResult]::new('--date', '--date', [CompletionResultType]::ParameterName, 'The day you took it (default: today)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the recorded survey as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'panel;survey;list' {
            [CompletionResult]::new('--month', '--month', [CompletionResultType]::ParameterName, 'Only surveys recorded in this month (YYYY-MM)')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON array')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'panel;survey;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Record a survey you took; its reward joins this month''s reward')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the surveys recorded')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'panel;survey;help;add' {
            break
        }
        'panel;survey;help;list' {
            break
        }
        'panel;survey;help;help' {
            break
        }
        'panel;device' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON: {"consent": bool, "since": time or null, "data": {...}}')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'panel;consent' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('device', 'device', [CompletionResultType]::ParameterValue, 'Share device data with your submissions (on) or stop sharing it (off)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every consent given or withdrawn, oldest first, with its time')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'panel;consent;device' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON: {"changed": bool, "consent": bool, "since": time or null, "data": {...} or null}')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'panel;consent;list' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON array of {kind, receipt, granted, at}')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'panel;consent;help' {
            [CompletionResult]::new('device', 'device', [CompletionResultType]::ParameterValue, 'Share device data with your submissions (on) or stop sharing it (off)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every consent given or withdrawn, oldest first, with its time')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'panel;consent;help;device' {
            break
        }
        'panel;consent;help;list' {
            break
        }
        'panel;consent;help;help' {
            break
        }
        'panel;audit' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the complete account of what was shared, withheld and deleted')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check exports offline: entries, tree, every record against the entry that commits to it, and an earlier checkpoint')
            [CompletionResult]::new('checkpoint', 'checkpoint', [CompletionResultType]::ParameterValue, 'Print the ledger''s tree size and root as SIZE:ROOT')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'panel;audit;export' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only receipts submitted on or after this day (the ledger is always whole)')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Only receipts submitted on or before this day')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE instead of standard output. A regular file is replaced only once the export is complete; a FIFO or device such as /dev/null is written in place; a block device is refused')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE instead of standard output. A regular file is replaced only once the export is complete; a FIFO or device such as /dev/null is written in place; a block device is refused')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]')
            [CompletionResult]::new('--follow-symlink', '--follow-symlink', [CompletionResultType]::ParameterName, 'Write through FILE when it is a symbolic link (refused otherwise)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'panel;audit;verify' {
            [CompletionResult]::new('--checkpoint', '--checkpoint', [CompletionResultType]::ParameterName, 'SIZE:ROOT from an earlier `panel audit checkpoint`; proves the log only grew')
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'panel;audit;checkpoint' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'panel;audit;help' {
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the complete account of what was shared, withheld and deleted')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check exports offline: entries, tree, every record against the entry that commits to it, and an earlier checkpoint')
            [CompletionResult]::new('checkpoint', 'checkpoint', [CompletionResultType]::ParameterValue, 'Print the ledger''s tree size and root as SIZE:ROOT')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'panel;audit;help;export' {
            break
        }
        'panel;audit;help;verify' {
            break
        }
        'panel;audit;help;checkpoint' {
            break
        }
        'panel;audit;help;help' {
            break
        }
        'panel;config' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the configuration in effect, as commented TOML')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print where the store and the configuration file are')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'panel;config;show' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of TOML')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'panel;config;path' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'panel;config;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the configuration in effect, as commented TOML')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print where the store and the configuration file are')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'panel;config;help;show' {
            break
        }
        'panel;config;help;path' {
            break
        }
        'panel;config;help;help' {
            break
        }
        'panel;completions' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'panel;man' {
            [CompletionResult]::new('--home', '--home', [CompletionResultType]::ParameterName, 'Folder holding the store and config.toml (absolute path) [env: PANEL_HOME]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'panel;help' {
            [CompletionResult]::new('submit', 'submit', [CompletionResultType]::ParameterValue, 'Record receipts: read, check the program''s rules, share only what is allowed')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List recorded receipts')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one receipt in full')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete receipts, leaving no trace of them in the store')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Progress toward this month''s quota and reward')
            [CompletionResult]::new('reward', 'reward', [CompletionResultType]::ParameterValue, 'Where rewards go, what each month earned, and the charities to choose from')
            [CompletionResult]::new('survey', 'survey', [CompletionResultType]::ParameterValue, 'Record the surveys you took, which add to the month''s reward')
            [CompletionResult]::new('device', 'device', [CompletionResultType]::ParameterValue, 'Show the device data that would accompany submissions, and whether it is shared')
            [CompletionResult]::new('consent', 'consent', [CompletionResultType]::ParameterValue, 'Give or withdraw consent to share device data, and list every consent change')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Export the account of what was shared and deleted, and verify one')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the configuration or where the files are')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'panel;help;submit' {
            break
        }
        'panel;help;list' {
            break
        }
        'panel;help;show' {
            break
        }
        'panel;help;delete' {
            break
        }
        'panel;help;status' {
            break
        }
        'panel;help;reward' {
            [CompletionResult]::new('choose', 'choose', [CompletionResultType]::ParameterValue, 'Choose where rewards go from this month on: your store balance or a charity')
            [CompletionResult]::new('charities', 'charities', [CompletionResultType]::ParameterValue, 'List the charities a reward can be donated to')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'What every month earned and where it went, and lifetime totals per destination')
            break
        }
        'panel;help;reward;choose' {
            [CompletionResult]::new('balance', 'balance', [CompletionResultType]::ParameterValue, 'Rewards are paid as store balance')
            [CompletionResult]::new('charity', 'charity', [CompletionResultType]::ParameterValue, 'Rewards are donated to a charity of `panel reward charities`')
            break
        }
        'panel;help;reward;choose;balance' {
            break
        }
        'panel;help;reward;choose;charity' {
            break
        }
        'panel;help;reward;charities' {
            break
        }
        'panel;help;reward;history' {
            break
        }
        'panel;help;survey' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Record a survey you took; its reward joins this month''s reward')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the surveys recorded')
            break
        }
        'panel;help;survey;add' {
            break
        }
        'panel;help;survey;list' {
            break
        }
        'panel;help;device' {
            break
        }
        'panel;help;consent' {
            [CompletionResult]::new('device', 'device', [CompletionResultType]::ParameterValue, 'Share device data with your submissions (on) or stop sharing it (off)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every consent given or withdrawn, oldest first, with its time')
            break
        }
        'panel;help;consent;device' {
            break
        }
        'panel;help;consent;list' {
            break
        }
        'panel;help;audit' {
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the complete account of what was shared, withheld and deleted')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check exports offline: entries, tree, every record against the entry that commits to it, and an earlier checkpoint')
            [CompletionResult]::new('checkpoint', 'checkpoint', [CompletionResultType]::ParameterValue, 'Print the ledger''s tree size and root as SIZE:ROOT')
            break
        }
        'panel;help;audit;export' {
            break
        }
        'panel;help;audit;verify' {
            break
        }
        'panel;help;audit;checkpoint' {
            break
        }
        'panel;help;config' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the configuration in effect, as commented TOML')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print where the store and the configuration file are')
            break
        }
        'panel;help;config;show' {
            break
        }
        'panel;help;config;path' {
            break
        }
        'panel;help;completions' {
            break
        }
        'panel;help;man' {
            break
        }
        'panel;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
