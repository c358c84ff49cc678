#!/usr/bin/env python3
"""The analysis behind scripts/parity.sh: shipshape's findings against hadolint's on the corpus.

    python3 scripts/parity.py extract WORK 0       # write the RUN scripts hadolint hands ShellCheck
    python3 scripts/parity.py report WORK DETAILS  # compare and print the tables

WORK is parity.sh's work folder: map.tsv (number -> corpus path), files/N.Dockerfile,
facts.json, hadolint/N.Dockerfile.json (and .err), shipshape.json, rules.json and, when ShellCheck
ran, sc.json.

This script reads no Dockerfile syntax itself: everything it knows about an instruction (lines,
keyword, arguments, flags, heredocs, stage, declared names, SHELL in effect) comes from
facts.json, which the core's own parser and model print
(`cargo run -p shipshape-core --example parity_facts`, see crates/core/examples/parity_facts.rs).
The file texts are read only to quote a line in the output.
"""
import bisect, json, os, re, sys
from collections import defaultdict

mode, tmp, details = sys.argv[1], sys.argv[2], int(sys.argv[3])
names = dict(l.rstrip('\n').split('\t') for l in open(f'{tmp}/map.tsv'))
texts = {no: open(f'{tmp}/files/{no}.Dockerfile', encoding='utf-8', errors='replace').read() for no in names}
CODE = re.compile(r'^(DL|SC)\d{4}$')
# The proxy variables hadolint exports to ShellCheck in every script.
PROXIES = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy', 'NO_PROXY', 'no_proxy']

# ---------------------------------------------------------------------------------------------
# The facts of each file, from the core (crates/core/examples/parity_facts.rs documents each
# field). Files are keyed by their number in map.tsv.


class Ins:
    """One instruction as the core parsed it."""

    def __init__(self, f):
        self.start, self.end = f['start'], f['end']  # 1-based lines, heredoc bodies included
        self.kw = f['kw']  # keyword, upper-cased (ONBUILD for ONBUILD X)
        self.inner = f['inner']  # ONBUILD's trigger keyword, else None
        self.joined = f['joined']  # continuation lines joined as BuildKit joins them
        self.args = f['args']  # text after the keyword, flags included
        self.flags = dict(f['flags'])  # flag name -> value (None for a bare `--flag`)
        self.body = f['body']  # the arguments after the flags
        self.exec = f['exec']  # exec-form array, else None
        # (body, terminator) of each heredoc; the body's final newline dropped, so a script
        # reads `command`, `\n`, body, `\n`, terminator.
        self.heredocs = [(h['body'][:-1] if h['body'].endswith('\n') else h['body'], h['terminator'])
                         for h in f['heredocs']]
        self.lone_heredoc = f['lone_heredoc']  # the command is only the first heredoc's `<<EOF`
        self.stage = f['stage']  # -1 before the first FROM
        self.declares = f['declares']  # names an ARG or ENV declares
        # RUN / ONBUILD RUN: the SHELL argv in effect, inherited from the local parent stage as
        # BuildKit does (shell) or the stage's own SHELL only (shell_local); [] is the default.
        self.shell, self.shell_local = f['shell'], f['shell_local']

    def __repr__(self):
        return f'{self.kw}@{self.start}'


class Stage:
    def __init__(self, f):
        self.name = f['name']  # lower-cased `AS` name, or None
        self.base = f['base']  # base image with global ARG defaults substituted, or None
        self.parent = f['parent']  # the local stage it is built on, or None


facts = json.load(open(f'{tmp}/facts.json'))['files']
models, stages = {}, {}
for path, f in facts.items():
    no = os.path.basename(path).split('.')[0]
    models[no] = [Ins(i) for i in f['instructions']]
    stages[no] = [Stage(s) for s in f['stages']]
starts = {no: [i.start for i in ins] for no, ins in models.items()}


def ins_at(no, line):
    """The instruction a line falls in (the last one starting at or before it)."""
    k = bisect.bisect_right(starts[no], line)
    return models[no][k - 1] if k else None


def start_of(no, line):
    ins = ins_at(no, line)
    return ins.start if ins else line


# ---------------------------------------------------------------------------------------------
# The scripts hadolint hands to ShellCheck: shebang from the SHELL's first word (default
# /bin/sh; PowerShell and cmd are skipped), ARG and ENV names exported as 1 (both also taken over
# from a local stage the stage is built on), then the RUN's text (a lone heredoc's body, else the
# command line followed by the heredoc bodies). ONBUILD RUNs are not checked (hadolint does not).

IDENT = re.compile(r'[A-Za-z_][A-Za-z0-9_]*')


def hadolint_scripts(no):
    known, finals = [], {}  # names declared so far; each stage's names at its end
    for ins in models[no]:
        if ins.kw == 'FROM':
            if ins.stage > 0:
                finals[ins.stage - 1] = known
            known = list(finals.get(stages[no][ins.stage].parent, []))
        elif ins.kw in ('ARG', 'ENV'):
            known += [n for n in ins.declares if IDENT.fullmatch(n)]
        elif ins.kw == 'RUN':
            shell = ins.shell[0] if ins.shell else '/bin/sh'
            if re.match(r'(pwsh|powershell|cmd)\b', os.path.basename(shell).lower()):
                continue
            if ins.exec is not None:
                script = ' '.join(ins.exec)
            elif ins.lone_heredoc:
                script = ins.heredocs[0][0]
                first = script.split('\n', 1)[0]
                if first.startswith('#!') and not re.search(r'\b(sh|bash|ksh|dash|ash)\b', first):
                    continue  # another interpreter: not shell
            else:
                script = ins.body + ''.join('\n' + body + '\n' + term for body, term in ins.heredocs)
            prelude = f'#!{shell}\n' + ''.join(f'export {n}=1\n' for n in sorted(set(known + PROXIES)))
            yield ins.start, prelude + script + '\n'


if mode == 'extract':
    os.makedirs(f'{tmp}/sc', exist_ok=True)
    with open(f'{tmp}/sc/list', 'w') as lst:
        for no in names:
            for line, script in hadolint_scripts(no):
                path = f'{tmp}/sc/{no}_{line}.sh'
                open(path, 'w').write(script)
                lst.write(path + '\n')
    sys.exit(0)

# ---------------------------------------------------------------------------------------------
# Findings.

theirs, unparsable = set(), {}
for no in names:
    raw = open(f'{tmp}/hadolint/{no}.Dockerfile.json').read()
    try:
        found = json.loads(raw) if raw.strip() else []
    except ValueError:
        unparsable[no] = (open(f'{tmp}/hadolint/{no}.Dockerfile.err').read() or raw).strip().split('\n')[0][:100]
        continue
    if any(f['code'] == 'DL1000' for f in found):
        unparsable[no] = next(f['message'] for f in found if f['code'] == 'DL1000').split('\n')[0][:100]
        continue
    for f in found:
        theirs.add((no, f['line'], f['code']))

# ShellCheck run directly (all findings of each RUN), when available.
direct = None
if os.path.exists(f'{tmp}/sc.json'):
    direct = set()
    order = {'error': 0, 'warning': 1, 'info': 2, 'style': 3}
    last = {}
    for c in json.load(open(f'{tmp}/sc.json')):
        no, line = os.path.basename(c['file'])[:-3].split('_')
        key = (no, int(line))
        direct.add((no, int(line), f"SC{c['code']}"))
        rank = (c['line'], c['column'], order[c['level']], c['code'])
        if key not in last or rank > last[key][0]:
            last[key] = (rank, f"SC{c['code']}")

ours_json = json.load(open(f'{tmp}/shipshape.json'))
ours, ours_exact = set(), defaultdict(list)
for f in ours_json['findings']:
    no = os.path.basename(f['file']).split('.')[0]
    codes = [c for c in [f['rule']] + f['aliases'] if CODE.match(c)]
    if codes:
        key = (no, start_of(no, f['line']), codes[0])
        ours.add(key)
        ours_exact[key].append(f)
our_errors = defaultdict(list)
for e in ours_json['errors']:
    our_errors[os.path.basename(e['file']).split('.')[0]].append(e['message'])

implemented = set()
for r in json.load(open(f'{tmp}/rules.json')):
    if r['enabled_by_default']:
        implemented |= {c for c in [r['id']] + r['aliases'] if CODE.match(c)}


# ---------------------------------------------------------------------------------------------
# Deliberate differences: (name, codes or None for all, side, why, detector(no, line, code)).
# A detector sees the corpus file and the instruction the finding is on.

def ins_of(no, line):
    return ins_at(no, line)


def stage_ins(no, stage):
    return [i for i in models[no] if i.stage == stage]


def stage_from(no, stage):
    return next((i for i in models[no] if i.kw == 'FROM' and i.stage == stage), None)


def stage_names(no):
    return {s.name for s in stages[no] if s.name}


def parent_stage(no, stage):
    return stages[no][stage].parent if 0 <= stage < len(stages[no]) else None


def shell_before(ins, inherit):
    """The SHELL argv in effect at a RUN (inherit: from local parent stages, as BuildKit does);
    [] for the default and for other instructions."""
    return (ins.shell if inherit else ins.shell_local) or []


def non_posix(argv):
    return bool(argv) and re.sub(r'\.exe$', '', os.path.basename(argv[0].replace('\\', '/')).lower()) in ('pwsh', 'powershell', 'cmd')


def run_text(ins):
    """The instruction's joined text followed by its heredoc bodies."""
    return ins.joined + ''.join('\n' + b for b, _ in ins.heredocs)


def has_cmd(ins, pattern):
    return re.search(pattern, run_text(ins)) is not None


def line_has_cmd(no, line, pattern):
    """Whether the instruction at `line` of file `no` runs text matching `pattern`."""
    ins = ins_of(no, line)
    return ins is not None and has_cmd(ins, pattern)

CLASSES = []
def cls(name, codes, side, why):
    def reg(fn):
        CLASSES.append(dict(name=name, codes=codes, side=side, why=why, detect=fn, hits=[]))
        return fn
    return reg

SC = lambda c: c.startswith('SC')

@cls('hadolint-parse-failure', None, 'shipshape',
     'hadolint 2.15.1 cannot parse the file (DL1000: newer BuildKit syntax such as heredocs after '
     'other flags, `--chmod`/`--link`/`--parents` combinations, `# escape` quirks); shipshape lints '
     'it. BuildKit builds these files (https://docs.docker.com/reference/dockerfile/#here-documents; '
     'hadolint #1019, #1051, #1137).')
def _(no, line, code):
    return no in unparsable

@cls('hadolint-last-shellcheck-finding-only', 'SC', 'shipshape',
     'hadolint prints only the last ShellCheck finding of each RUN: its findings compare equal by '
     'line (Ord CheckFailure, https://github.com/hadolint/hadolint/blob/master/src/Hadolint/Rule.hs) '
     "and a RUN's are kept in a set (src/Hadolint/Rule/Shellcheck.hs). ShellCheck run the way "
     'hadolint runs it reports this one as well (see the table against ShellCheck).')
def _(no, line, code):
    return direct is not None and (no, line, code) in direct

@cls('non-posix-shell', None, 'hadolint',
     'RUNs under `SHELL ["powershell", ...]` or `cmd` are not sh: shipshape does not read them as '
     'shell (no ShellCheck codes, no package-manager or pipe rules, no command count for DL3059); '
     'hadolint 2.15 parses some of them as sh again, a regression fixed upstream '
     '(https://github.com/hadolint/hadolint/issues/1228; hadolint #246, #644 made skipping them the '
     'intended behaviour).')
def _(no, line, code):
    ins = ins_of(no, line)
    return ins is not None and ins.kw == 'RUN' and non_posix(shell_before(ins, True))

@cls('heredoc-interpreter', None, 'both',
     'RUN heredocs: shipshape follows BuildKit (a shebang picks the interpreter, `RUN bash <<EOF` '
     'feeds the body to bash, `RUN python3 <<EOF` is not shell, `cat <<EOF | sh` is a pipe; '
     'https://docs.docker.com/reference/dockerfile/#here-documents) where hadolint runs a leading '
     "heredoc's body under SHELL and reads other heredocs as plain text "
     '(https://github.com/hadolint/hadolint/issues/1137, '
     'https://github.com/hadolint/hadolint/issues/806).')
def _(no, line, code):
    ins = ins_of(no, line)
    if ins is None or ins.kw != 'RUN' or not ins.heredocs:
        return False
    return not ins.lone_heredoc or ins.heredocs[0][0].startswith('#!')

@cls('pipefail-set-in-script', 'DL4006', 'hadolint',
     '`set -o pipefail` (or `set -euo pipefail`) before the pipe in the same RUN protects it, as '
     "Docker's best practices recommend "
     '(https://docs.docker.com/build/building/best-practices/#using-pipes); hadolint only looks at '
     'SHELL.')
def _(no, line, code):
    ins = ins_of(no, line)
    return ins is not None and re.search(r'\bset\s+(-[a-zA-Z]*o\s+pipefail|-o\s+\w+\s+-o\s+pipefail)', run_text(ins)) is not None

@cls('shell-inherited-from-parent-stage', 'DL4006', 'both',
     "A stage built FROM another local stage inherits its SHELL: BuildKit clones the parent's image "
     'config '
     '(https://github.com/moby/buildkit/blob/master/frontend/dockerfile/dockerfile2llb/convert.go); '
     "hadolint's DL4006 starts every stage with /bin/sh (its own ShellCheck rule does inherit it).")
def _(no, line, code):
    ins = ins_of(no, line)
    return ins is not None and shell_before(ins, True) != shell_before(ins, False)

@cls('exec-form-without-shell', 'DL4006+SC', 'hadolint',
     'An exec-form RUN (`RUN ["a", "|", "b"]`) runs no shell, so it has no pipes and no shell code '
     '(https://docs.docker.com/reference/dockerfile/#shell-and-exec-form); hadolint joins the array '
     'and analyses it as a script (it stopped doing so for ShellCheck, '
     'https://github.com/hadolint/hadolint/pull/1194).')
def _(no, line, code):
    ins = ins_of(no, line)
    argv = ins.exec if ins is not None and ins.kw == 'RUN' else None
    return argv is not None and not (argv and os.path.basename(argv[0]) in ('sh', 'bash', 'ash', 'dash', 'zsh', 'ksh'))

@cls('pipefail-on-any-posix-shell', 'DL4006', 'hadolint',
     'SHELL with `-o pipefail` counts for any POSIX shell path (`/usr/bin/bash`, `/bin/sh`): BusyBox '
     'sh and dash support it (https://github.com/hadolint/hadolint/issues/350, '
     'https://kernel.googlesource.com/pub/scm/utils/dash/dash/+/6347b9fc52d742f36a0276cdea06cd9ad1f02c77) '
     'and a shell that did not would fail every RUN. hadolint 2.15.1 accepts only bash/zsh/ash by '
     'exact path; it now matches by file name (https://github.com/hadolint/hadolint/issues/977).')
def _(no, line, code):
    ins = ins_of(no, line)
    argv = shell_before(ins, True) if ins is not None else []
    return 'pipefail' in argv

@cls('uid-from-variable', 'DL3046', 'hadolint',
     '`useradd -u $UID`: shipshape resolves the UID from ARG/ENV defaults (`ARG UID=1001` is low) and '
     'skips unknown values; hadolint measures the text (`${VAR}` is six characters, '
     'https://github.com/hadolint/hadolint/blob/master/src/Hadolint/Rule/DL3046.hs) and does not '
     'guess build arguments for DL3066 (https://github.com/hadolint/hadolint/pull/1226).')
def _(no, line, code):
    ins = ins_of(no, line)
    return ins is not None and re.search(r'useradd[^;&|]*(-u|--uid)[ =]?["\']?\$', run_text(ins)) is not None

HL_SECRET_NAMES = {
    'ACCESS_TOKEN', 'APPLICATION_KEY', 'APP_SECRET', 'AUTH_TOKEN', 'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY', 'BITTREX_API_KEY', 'BITTREX_API_SECRET', 'CF_PASSWORD', 'CF_USERNAME',
    'CIRCLE_TOKEN', 'CI_DEPLOY_PASSWORD', 'CI_DEPLOY_USER', 'DOCKERHUB_PASSWORD', 'DOCKER_EMAIL',
    'DOCKER_PASSWORD', 'DOCKER_USERNAME', 'FACEBOOK_ACCESS_TOKEN', 'FACEBOOK_APP_ID',
    'FACEBOOK_APP_SECRET', 'FIREBASE_API_TOKEN', 'FIREBASE_TOKEN', 'FOSSA_API_KEY',
    'GH_ENTERPRISE_TOKEN', 'GH_TOKEN', 'GITHUB_ENTERPRISE_TOKEN', 'GITHUB_TOKEN', 'HEROKU_API_KEY',
    'HEROKU_API_USER', 'NPM_AUTH_TOKEN', 'NPM_TOKEN', 'OKTA_AUTHN_GROUPID', 'OKTA_CLIENT_ORGURL',
    'OKTA_CLIENT_TOKEN', 'OKTA_OAUTH2_CLIENTID', 'OKTA_OAUTH2_CLIENTSECRET', 'OPENAI_API_KEY',
    'OS_PASSWORD', 'OS_USERNAME', 'POSTGRES_PASSWORD', 'SLACK_TOKEN', 'STRIPE_API_KEY',
    'STRIPE_DEVICE_NAME', 'TRAVIS_OS_NAME', 'TRAVIS_SECURE_ENV_VARS', 'TRAVIS_SUDO',
    'VAULT_CLIENT_KEY', 'VAULT_TOKEN'}
HL_SECRET_PARTS = ('api_key', 'client_key', 'password', 'private', 'secret', 'token', 'username')
BK_SECRET = {'apikey', 'auth', 'credential', 'credentials', 'key', 'password', 'pword', 'passwd',
             'secret', 'token'}
BK_ALLOW = {'public', 'file', 'version'}

@cls('secret-name-rules', 'DL3064', 'both',
     'Secret-looking ARG/ENV names: shipshape reports them once (SecretsUsedInArgOrEnv, alias DL3064) '
     "with BuildKit's word rules "
     '(https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/); hadolint matches '
     'substrings and a fixed list, so it also reports TOKENIZERS_PARALLELISM, DB_PASSWORD_FILE and '
     'identifiers like DOCKER_USERNAME (https://github.com/hadolint/hadolint/issues/1245).')
def _(no, line, code):
    ins = ins_of(no, line)
    if ins is None:
        return False
    names = ins.declares
    hl = {n for n in names if n.upper() in HL_SECRET_NAMES or any(p in n.lower() for p in HL_SECRET_PARTS)}
    bk = {n for n in names
          if not (set(n.lower().split('_')) & BK_ALLOW) and set(n.lower().split('_')) & BK_SECRET}
    return bool(hl) != bool(bk)

@cls('healthcheck-for-service-images', 'DL3057', 'shipshape',
     'DL3057 is off by default in hadolint because most images do not need a HEALTHCHECK '
     '(https://github.com/hadolint/hadolint/issues/360, '
     'https://github.com/hadolint/hadolint/pull/491); shipshape turns it on (as no-healthcheck, info) '
     'for service images only: the shipped stage EXPOSEs a port or a compose service publishes it. A '
     "choice of default, not an error of hadolint's (kept deliberately, see the rule's docs).")
def _(no, line, code):
    return True

def in_unshipped_stage(no, line):
    """The instruction is in a stage that is neither the last one nor built on by a later FROM."""
    ins = ins_of(no, line)
    if ins is None or ins.stage < 0:
        return False
    last = len(stages[no]) - 1
    return ins.stage != last and not any(parent_stage(no, st) == ins.stage for st in range(ins.stage + 1, last + 1))

@cls('root-in-builder-stage', 'DL3002', 'hadolint',
     'DL3002 judges the shipped stage only: a builder stage that ends as root leaves only what is copied '
     'out of it (https://docs.docker.com/build/building/multi-stage/); hadolint reports it, which its '
     'users call a false positive (https://github.com/hadolint/hadolint/issues/405, '
     'https://github.com/hadolint/hadolint/issues/1068) and its maintainers avoided for DL3066 '
     '(https://github.com/hadolint/hadolint/pull/1239).')
def _(no, line, code):
    return in_unshipped_stage(no, line)

@cls('numeric-user-effective-user-only', 'DL3066', 'hadolint',
     'DL3066: hadolint 2.15.1 reports every non-numeric USER; shipshape (numeric-user) reports the '
     'USER in effect in the shipped image, as hadolint now does '
     '(https://github.com/hadolint/hadolint/pull/1239: root in build stages is legitimate), and not '
     'on Windows images, whose users have names only '
     '(https://kubernetes.io/docs/tasks/configure-pod-container/configure-runasusername/).')
def _(no, line, code):
    ins = ins_of(no, line)
    if ins is None or ins.kw != 'USER':
        return False
    base = stage_from(no, ins.stage)
    if base is not None and re.search(r'windows|nanoserver|servercore', base.args, re.I):
        return True  # Windows users (ContainerUser) have no numeric UID
    last_stage = len(stages[no]) - 1
    later_user = any(i.kw == 'USER' and i.start > ins.start for i in stage_ins(no, ins.stage))
    return ins.stage != last_stage or later_user

@cls('instruction-before-from', None, 'hadolint',
     'An instruction before the first FROM of a file that has one belongs to no stage: BuildKit '
     'refuses the file (https://docs.docker.com/reference/dockerfile/#format) and shipshape reports '
     'DL3061 on it (as hadolint does) and judges nothing else there; hadolint also applies its other '
     'rules. (A file with no FROM at all is one anonymous stage that shipshape judges like hadolint.)')
def _(no, line, code):
    ins = ins_of(no, line)
    return ins is not None and ins.stage < 0 and ins.kw not in ('ARG', 'FROM') and code != 'DL3061'

@cls('npm-option-values', 'DL3016', 'hadolint',
     'npm options that take a value (`--include dev`, `--omit dev`, `--workspace web`): hadolint '
     "reads the value as a package to pin (npm's install docs: "
     'https://github.com/npm/cli/blob/0d7f12477b678a71ffa7621b77091fb36ebf921f/docs/content/commands/npm-install.md).')
def _(no, line, code):
    return line_has_cmd(no, line, r'\bnpm\b[^;&|]*--(include|omit|workspace|prefix|registry|cache|tag|loglevel)[ ]+[^-\s]')

@cls('size-advice-shipped-stages-only', 'DL3015+DL3019+DL3032+DL3036+DL3040+DL3042', 'hadolint',
     'Image-size advice (no recommends, no package cache) only for stages that end up in an image: '
     'the last stage and stages a later FROM builds on, as hadolint already does for DL3009/DL3060 '
     '(https://github.com/hadolint/hadolint/issues/619, '
     'https://github.com/hadolint/hadolint/pull/620); a builder whose files are copied out leaves its '
     'layers behind (https://docs.docker.com/build/building/multi-stage/).')
def _(no, line, code):
    return in_unshipped_stage(no, line)

@cls('ifconfig', 'DL3001', 'shipshape',
     'DL3001 reports `ifconfig` as its message says; hadolint 2.15.1 leaves it out of its command set '
     '(https://github.com/hadolint/hadolint/blob/master/src/Hadolint/Rule/DL3001.hs).')
def _(no, line, code):
    return line_has_cmd(no, line, r'\bifconfig\b')

COMMANDS = {
    'DL3001': r'(ssh|vim|shutdown|service|ps|free|top|kill|mount|ifconfig)', 'DL3003': 'cd', 'DL3004': 'sudo',
    'DL3046': 'useradd', 'DL3047': 'wget', 'DL4001': '(wget|curl)', 'DL4005': 'ln',
    'DL3013': r'pip[0-9.]*', 'DL3042': r'pip[0-9.]*', 'DL3016': 'npm', 'DL3060': 'yarn', 'DL3028': 'gem',
    'DL3062': 'go', 'DL3008': 'apt-get', 'DL3009': 'apt-get', 'DL3014': 'apt-get', 'DL3015': 'apt-get',
    'DL3018': 'apk', 'DL3019': 'apk', 'DL3030': 'yum', 'DL3032': 'yum', 'DL3033': 'yum',
    'DL3038': 'dnf', 'DL3040': 'dnf', 'DL3041': 'dnf', 'DL3034': 'zypper', 'DL3035': 'zypper',
    'DL3036': 'zypper', 'DL3037': 'zypper',
}

@cls('command-through-wrapper-or-path', '+'.join(COMMANDS), 'shipshape',
     'Commands run through `sudo`, `env`, `exec`, `busybox` or named by path (`/usr/bin/wget`, '
     '`/opt/conda/bin/pip`) count: the wrapper runs the command (https://man.cx/sudo) and a path '
     'names the same program, as hadolint itself now matches SHELL programs by file name '
     '(https://github.com/hadolint/hadolint/issues/977); hadolint matches the bare command word only.')
def _(no, line, code):
    ins = ins_of(no, line)
    cmd = COMMANDS[code]
    text = run_text(ins) if ins is not None else ''
    return (re.search(rf'/[\w.-]*/{cmd}\b', text) is not None
            or re.search(rf'\b(sudo|env|exec|busybox|command|nice|nohup|xargs)\s+(\S+\s+)*?{cmd}\b', text) is not None)

@cls('ln-sh-link-name', 'DL4005', 'hadolint',
     '`ln -s /bin/sh elsewhere` leaves /bin/sh alone: only an `ln` whose link name is /bin/sh is '
     'reported (ln TARGET LINK_NAME, https://man7.org/linux/man-pages/man1/ln.1.html).')
def _(no, line, code):
    ins = ins_of(no, line)
    return ins is not None and not re.search(r'\bln\b[^;&|]*\s/bin/sh\s*($|[;&|)])', run_text(ins), re.M)

# Existing rules' documented differences (see each rule's `why`).
@cls('workdir-relative-after-absolute', 'DL3000', 'hadolint',
     'A relative WORKDIR after an absolute one (in the stage or its parent) is well defined '
     "(https://docs.docker.com/reference/dockerfile/#workdir), and BuildKit's WorkdirRelativePath "
     'does not report it (https://docs.docker.com/reference/build-checks/workdir-relative-path/).')
def _(no, line, code):
    ins = ins_of(no, line)
    if ins is None:
        return False
    chain, st = [ins.stage], ins.stage
    while (p := parent_stage(no, st)) is not None and p not in chain:
        chain.append(p); st = p
    return any(i.kw == 'WORKDIR' and i.args.startswith('/') and (i.stage != ins.stage or i.start < ins.start)
               for s in chain for i in stage_ins(no, s))

@cls('from-arg-resolution', 'DL3006+DL3007+DL3024', 'both',
     '`FROM ${VAR}` is resolved from the ARG default before judging the image, as BuildKit does '
     '(https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact); hadolint '
     'does not (https://github.com/hadolint/hadolint/issues/858, #1078, #339).')
def _(no, line, code):
    ins = ins_of(no, line)
    return ins is not None and ins.kw == 'FROM' and '$' in ins.args

@cls('add-variable-source', 'DL3020', 'hadolint',
     'ADD with a source from a variable may be a URL or an archive, which need ADD; shipshape does '
     'not guess (https://github.com/hadolint/hadolint/issues/769).')
def _(no, line, code):
    ins = ins_of(no, line)
    return ins is not None and ins.kw == 'ADD' and '$' in ins.args

@cls('copy-from-image-or-named-context', 'DL3022', 'both',
     '`COPY --from=` an image reference '
     '(https://docs.docker.com/build/building/multi-stage/#use-an-external-image-as-a-stage), a stage '
     'defined later (BuildKit registers every stage first: '
     'https://github.com/moby/buildkit/blob/master/frontend/dockerfile/dockerfile2llb/convert_test.go), '
     'or a named context (https://docs.docker.com/reference/cli/docker/buildx/build/#build-context) '
     'is valid BuildKit (hadolint #197, #1124).')
def _(no, line, code):
    ins = ins_of(no, line)
    src = ins.flags.get('from') if ins is not None else None
    return src is not None and (re.search(r'[/:@]', src) is not None or src.lower() in stage_names(no))

@cls('shell-form-with-shell', 'DL3025', 'hadolint',
     'Shell-form CMD/ENTRYPOINT/HEALTHCHECK with a SHELL in effect (set before it in the stage, or in '
     "the local stage it is built on) is intended, as BuildKit's JSONArgsRecommended judges it "
     '(https://docs.docker.com/reference/build-checks/json-args-recommended/); invalid JSON arrays '
     'are parse errors, not shell form.')
def _(no, line, code):
    ins = ins_of(no, line)
    if ins is None:
        return False
    if ins.args.lstrip().startswith('['):
        return True
    return any(i.kw == 'SHELL' and i.start < ins.start for i in stage_ins(no, ins.stage))

@cls('add-checked-like-copy', 'DL3045', 'shipshape',
     'DL3045 checks ADD as well as COPY: a relative ADD destination is resolved against the working '
     "directory like COPY's (https://docs.docker.com/reference/dockerfile/#destination).")
def _(no, line, code):
    ins = ins_of(no, line)
    return ins is not None and ins.kw == 'ADD'

@cls('heredoc-run-not-merged', 'DL3059', 'both',
     'RUNs with heredocs are neither reported nor counted by DL3059: merging scripts is not `&&` '
     '(https://github.com/hadolint/hadolint/issues/805).')
def _(no, line, code):
    ins = ins_of(no, line)
    if ins is None:
        return False
    prev = [i for i in stage_ins(no, ins.stage) if i.start < ins.start]
    return bool(ins.heredocs) or bool(prev and prev[-1].kw == 'RUN' and prev[-1].heredocs)

@cls('repeated-instruction-anchor', 'DL4003+DL4004+DL3012', 'both',
     'shipshape reports the CMD/ENTRYPOINT/HEALTHCHECK instructions that a later one overrides, as '
     "BuildKit's MultipleInstructionsDisallowed does "
     '(https://github.com/moby/buildkit/blob/master/frontend/dockerfile/dockerfile2llb/validations.go); '
     "hadolint reports the later ones. Instructions before the first FROM are DL3061's.")
def _(no, line, code):
    ins = ins_of(no, line)
    kw = {'DL4003': 'CMD', 'DL4004': 'ENTRYPOINT', 'DL3012': 'HEALTHCHECK'}[code]
    return ins is not None and sum(1 for i in stage_ins(no, ins.stage) if i.kw == kw) > 1 or (ins is not None and ins.stage < 0)

# Documented differences of the package-manager rules (rules/packages/, see their `why`).
@cls('apt-lists-removed-otherwise', 'DL3009', 'hadolint',
     '`apt-get dist-clean` (apt 2.7.8+, used by the official images: '
     'https://github.com/docker-library/buildpack-deps/pull/154, '
     'https://tracker.debian.org/news/1492892/accepted-apt-278-source-into-unstable/) and `find '
     '/var/lib/apt/lists ... -delete` remove the lists too.')
def _(no, line, code):
    return line_has_cmd(no, line, r'apt-get\s+dist-clean|find\s+/var/lib/apt/lists\b.*-delete')

@cls('apt-lists-any-rm', 'DL3009', 'shipshape',
     'hadolint takes any `rm` with `-rf` in the RUN for the lists cleanup (`rm -rf /src`), wherever it '
     'is (https://github.com/hadolint/hadolint/blob/master/src/Hadolint/Rule/DL3009.hs); shipshape '
     'wants the lists removed after the update.')
def _(no, line, code):
    ins = ins_of(no, line)
    return (ins is not None and has_cmd(ins, r'\brm\s+-[a-zA-Z]*r')
            and not has_cmd(ins, r'/var/lib/apt/lists|dist-?clean'))

@cls('local-pip-path', 'DL3013', 'hadolint',
     'A pip argument starting with `.` (`.[dev]`, `./lib`) is a local path, not an unpinned package '
     '(https://github.com/pypa/pip/issues/1236).')
def _(no, line, code):
    return line_has_cmd(no, line, r'pip[0-9.]*\s+install\b[^;&|]*\s["\']?\.[\[/]')

@cls('npm-install-aliases', 'DL3016', 'shipshape',
     "npm's aliases of install (`npm i`, `npm add`) are the same command and are checked too "
     '(https://github.com/npm/cli/blob/0d7f12477b678a71ffa7621b77091fb36ebf921f/docs/content/commands/npm-install.md).')
def _(no, line, code):
    return line_has_cmd(no, line, r'\bnpm\s+(\S+\s+)*?(i|add|isntall)\b')

@cls('apk-no-network', 'DL3019', 'hadolint',
     '`apk add --no-network` downloads nothing, so there is no cache to keep '
     '(https://man.archlinux.org/man/apk.8).')
def _(no, line, code):
    return line_has_cmd(no, line, r'apk\s+add\b[^;&|]*--no-network')

@cls('go-run-local-file', 'DL3062', 'hadolint',
     'A `.go` file given to `go run` is local code, not a module to pin '
     '(https://go.googlesource.com/go/+/go1.16.4/src/cmd/go/internal/run/run.go).')
def _(no, line, code):
    return line_has_cmd(no, line, r'\bgo\s+run\s+(-\S+\s+)*\S+\.go\b')

def applies(c, code):
    if c['codes'] is None:
        return True
    if c['codes'] == 'SC':
        return SC(code)
    parts = c['codes'].split('+')
    return code in parts or ('SC' in parts and SC(code))

def explain(no, line, code, side):
    for c in CLASSES:
        if c['side'] not in (side, 'both') or not applies(c, code):
            continue
        if c['detect'](no, line, code):
            c['hits'].append((no, line, code, side))
            return c['name']
    return None

# ---------------------------------------------------------------------------------------------
# Tables.

codes = sorted(({c for (_, _, c) in theirs} & implemented) | {c for (_, _, c) in ours})
missing = sorted({c for (_, _, c) in theirs} - set(codes))

def compare(theirs, ours, adjust):
    rows = {}
    for c in codes:
        h = {(no, l) for (no, l, k) in theirs if k == c}
        o = {(no, l) for (no, l, k) in ours if k == c}
        both, h_only, s_only = h & o, h - o, o - h
        if adjust:
            h_only = {x for x in h_only if not explain(x[0], x[1], c, 'hadolint')}
            s_only = {x for x in s_only if not explain(x[0], x[1], c, 'shipshape')}
        rows[c] = dict(both=both, h_only=h_only, s_only=s_only)
    return rows

def pct(x, y):
    return '    - ' if y == 0 else f'{100 * x / y:5.1f}%'

def table(title, rows, who='hadolint'):
    print(f'\n{title}')
    print(f'{"code":8} {"both":>6} {who + "-only":>14} {"shipshape-only":>15} {"of-" + who:>12} {"of-shipshape":>13}')
    tb = th = ts = 0
    for c, r in rows.items():
        b, h, s = len(r['both']), len(r['h_only']), len(r['s_only'])
        if b + h + s == 0:
            continue
        tb, th, ts = tb + b, th + h, ts + s
        print(f'{c:8} {b:6} {h:14} {s:15} {pct(b, b + h):>12} {pct(b, b + s):>13}')
    print(f'{"TOTAL":8} {tb:6} {th:14} {ts:15} {pct(tb, tb + th):>12} {pct(tb, tb + ts):>13}')

print(f'\nfiles: {len(names)}; hadolint could not parse {len(unparsable)} (DL1000): in the raw table '
      'their shipshape findings count as shipshape-only')
bad = sorted(names[no] for no in unparsable if our_errors.get(no))
if bad:
    print(f'  shipshape reports parse errors in {len(bad)} of them too (invalid for BuildKit as well):')
    for b in bad:
        print(f'    {b}')

raw = compare(theirs, ours, False)
table('raw agreement with hadolint, per code (sets of (file, instruction line, code))', raw)
adj = compare(theirs, ours, True)
table('adjusted: deliberate differences set aside (classes below)', adj)
if missing:
    counts = defaultdict(int)
    for (_, _, c) in theirs:
        if c in missing:
            counts[c] += 1
    print('\nhadolint codes with no shipshape rule on by default (not in the tables): ' +
          ', '.join(f'{c} ({counts[c]})' for c in missing))

if direct is not None:
    sc_codes = [c for c in codes if SC(c)]
    parsable = {no for no in names if no not in unparsable}
    d = {(no, l, c) for (no, l, c) in direct if c in sc_codes and no in parsable}
    o = {(no, l, c) for (no, l, c) in ours if c in sc_codes and no in parsable}
    rows, rows_raw = {}, {}
    for c in sc_codes:
        h = {(no, l) for (no, l, k) in d if k == c}
        s = {(no, l) for (no, l, k) in o if k == c}
        rows_raw[c] = dict(both=h & s, h_only=h - s, s_only=s - h)
        h_only = {x for x in h - s if not explain(x[0], x[1], c, 'hadolint')}
        s_only = {x for x in s - h if not explain(x[0], x[1], c, 'shipshape')}
        rows[c] = dict(both=h & s, h_only=h_only, s_only=s_only)
    runs = [(no, l) for (no, l) in last if no in parsable]
    agree = sum(1 for (no, l) in runs if (no, l, last[(no, l)][1]) in theirs)
    print(f'\nShellCheck 0.11 run on each RUN as hadolint runs it: of {len(runs)} RUNs with findings in files '
          f'hadolint parses, its last finding is the one hadolint printed for {agree}')
    table('SC codes against all of ShellCheck\'s findings, raw (files hadolint parses)', rows_raw, 'shellcheck')
    table('SC codes against all of ShellCheck\'s findings, adjusted', rows, 'shellcheck')

def show(c, label, items):
    for (no, l) in sorted(items, key=lambda x: (names[x[0]], x[1]))[:details]:
        line = texts[no].split('\n')[l - 1].strip()[:100]
        print(f'  {c} [{label}] {names[no]}:{l}: {line}')

if details:
    print('\nremaining disagreements after adjustment (corpus file:line: text):')
    for c, r in adj.items():
        show(c, 'hadolint only', r['h_only'])
        show(c, 'shipshape only', r['s_only'])

# An illustration for each class, shown when the corpus has no example of it.
EXAMPLES = {
    'hadolint-parse-failure': 'RUN --mount=type=cache,target=/x <<EOF ... (heredoc after flags)',
    'hadolint-last-shellcheck-finding-only': 'RUN echo $A; cd /x  (hadolint prints SC2164 only)',
    'non-posix-shell': 'SHELL ["powershell", "-Command"] / RUN Get-Item $env:X | Out-Null',
    'heredoc-interpreter': 'RUN <<EOF / #!/bin/bash / set -euo pipefail / EOF',
    'pipefail-set-in-script': 'RUN set -euo pipefail; curl -fsSL $URL | tar -xz',
    'shell-inherited-from-parent-stage': 'FROM a AS b / SHELL ["/bin/bash","-o","pipefail","-c"] / FROM b / RUN x | y',
    'exec-form-without-shell': 'RUN ["a", "|", "b"]',
    'pipefail-on-any-posix-shell': 'SHELL ["/usr/bin/bash", "-o", "pipefail", "-c"] / RUN a | b',
    'uid-from-variable': 'ARG UID=1001 / RUN useradd -u "$UID" app',
    'ifconfig': 'RUN ifconfig eth0',
    'healthcheck-for-service-images': 'FROM nginx:1.27 / EXPOSE 80  (no HEALTHCHECK)',
    'numeric-user-effective-user-only': 'FROM a AS build / USER builder / FROM b / USER 1000',
    'instruction-before-from': 'CMD ["echo", "hi"]  (a file with no FROM)',
    'npm-option-values': 'RUN npm install --include dev',
    'size-advice-shipped-stages-only': 'FROM golang:1.23 AS build / RUN apt-get install -y gcc  (DL3015)',
    'secret-name-rules': 'ENV TOKENIZERS_PARALLELISM=false  (hadolint only)',
    'command-through-wrapper-or-path': 'RUN /usr/bin/wget https://x  or  RUN sudo wget https://x',
    'ln-sh-link-name': 'RUN ln -s /bin/sh /usr/local/bin/sh',
    'workdir-relative-after-absolute': 'WORKDIR /src / WORKDIR app',
    'from-arg-resolution': 'ARG BASE=node / FROM ${BASE}',
    'add-variable-source': 'ADD $DIST /opt/',
    'copy-from-image-or-named-context': 'COPY --from=ghcr.io/org/img:1 /x /x',
    'shell-form-with-shell': 'SHELL ["/bin/bash","-c"] / CMD echo hi',
    'add-checked-like-copy': 'ADD https://x/key.asc keyring.asc  (no WORKDIR)',
    'heredoc-run-not-merged': 'RUN <<EOF ... EOF / RUN make',
    'repeated-instruction-anchor': 'CMD a / CMD b  (which of the two is reported)',
    'apt-lists-removed-otherwise': 'RUN apt-get update && apt-get install -y x; apt-get dist-clean',
    'apt-lists-any-rm': 'RUN apt-get update && apt-get install -y git && rm -rf /src',
    'root-in-builder-stage': 'FROM a AS build / USER root / RUN make / FROM b / COPY --from=build /out /',
    'local-pip-path': 'RUN pip install ".[server]"',
    'npm-install-aliases': 'RUN npm i -g nodemon',
    'apk-no-network': 'RUN apk add --no-network --virtual .rundeps $deps',
    'go-run-local-file': 'RUN go run build.go',
}

print('\ndeliberate-difference classes (findings explained; one corpus example each):')
for c in CLASSES:
    hits = c['hits']
    # (file, line, code): the example does not depend on set order.
    uniq = sorted(set(hits), key=lambda x: (names[x[0]], x[1], x[2]))
    print(f'- {c["name"]} [{c["codes"] or "all codes"}; {c["side"]}-only]: {len(uniq)} findings')
    print(f'    {c["why"]}')
    if uniq:
        no, l, code, side = uniq[0]
        line = texts[no].split('\n')[l - 1].strip()[:90]
        print(f'    e.g. {code} ({side} only) {names[no]}:{l}: {line}')
    elif c['name'] in EXAMPLES:
        print(f'    e.g. (not in the corpus) {EXAMPLES[c["name"]]}')
