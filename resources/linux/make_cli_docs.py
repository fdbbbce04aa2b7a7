#!/usr/bin/python3
"""Writes a program's man page (and, for statelens-cli, its bash completion) from the --help text
of the program just built, so neither can drift from what the program says about itself.

The help text is the one source. Its layout may change (a hand-written usage block today,
QCommandLineParser's "Options:"/"Arguments:" layout tomorrow), so nothing here depends on one:
- subcommands are the words that follow the program's name on a usage line, or the indented
  words that answer `PROGRAM WORD --help` with a help text of their own;
- options are the -x/--long tokens anywhere in a help text; one takes a value when a value name
  follows it (--root PATH, --bins=N, --rules <RECIPE.json>, --device cpu|cuda[:N]);
- the man page shows each help text verbatim, with the options in bold.

Standard library only: it runs at build time under Debian's /usr/bin/python3.
"""

import argparse
import os
import re
import subprocess
import sys

OPTION = re.compile(r"(?<![\w-])(--[a-zA-Z][a-zA-Z0-9-]*|-[a-zA-Z])(?![\w-])")
# A value name: <value>, an alternation (pth|safetensors), or an upper-case name (PATH, N, OUT.pt).
VALUE = re.compile(r"^(<[^>]+>|[^\s|]+(\|[^\s|]+)+|[A-Z0-9][A-Z0-9_,:=]*(\.[a-z]+)?)$")
FILE_VALUE = re.compile(r"FILE|OUT|RECIPE|ARCH|TARGET|CSV|MODULE|\.json|\.pt|\.png", re.I)


def run_help(binary, args):
    env = dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE="", QT_QPA_PLATFORM="offscreen")
    try:
        done = subprocess.run([binary] + args, capture_output=True, text=True, env=env,
                              timeout=60, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as error:
        return 1, str(error)
    return done.returncode, done.stdout if done.stdout.strip() else done.stderr


def find_options(text):
    """{option: value name or ''} for every option token in text, in order of appearance. Aliases
    listed together ("-o, --output <OUT>") share the value."""
    options = {}
    for line in text.splitlines():
        group = []
        for match in OPTION.finditer(line):
            name = match.group(1)
            rest = line[match.end():]
            group = group if rest.startswith(",") or group and line[:match.start()].rstrip().endswith(",") else []
            group.append(name)
            value = ""
            token = re.match(r"^(=|[ ](?! ))(\S+)", rest)
            if token:
                candidate = token.group(2).rstrip("].,;)").replace("...", "")
                if candidate.startswith("<") or VALUE.match(candidate):
                    value = candidate.strip("<>")
            for alias in group:
                if value or alias not in options:
                    options[alias] = value or options.get(alias, "")
    return options


def option_descriptions(text):
    """{option: its description} for help laid out as "  --opt <V>   text" plus indented lines."""
    described, current = {}, None
    for line in text.splitlines():
        head = re.match(r"^\s{1,8}(-[^\s].*?)(?:\s{2,}(\S.*))?$", line)
        if head:
            names = OPTION.findall(head.group(1))
            current = names
            for name in names:
                described[name] = head.group(2) or ""
        elif current and line.strip() and line[:1].isspace():
            for name in current:
                described[name] += " " + line.strip()
        else:
            current = None
    return described


def choices_in(description):
    """The words of a closed list at the end of a description's first clause: "cpu (default), cuda
    or cuda:N" gives cpu and cuda (a placeholder such as cuda:N is left to the user)."""
    clause = re.sub(r"\s*\([^)]*\)", "", description).split(";")[0].split(". ")[0].rstrip(". ")
    match = re.search(r"((?:[a-z][\w:]*, )*[a-z][\w:]* or [a-z][\w:]*)$", clause)
    if not match:
        return []
    words = re.split(r", | or ", match.group(1))
    return [w for w in words if not re.search(r"[A-Z]", w)]


def find_subcommands(program, binary, help_text):
    """[(name, own help text or None)] in order of appearance."""
    usage_words = re.findall(r"(?<![\w-])" + re.escape(program) + r"\s+([a-z][a-z0-9-]*)\b", help_text)
    indented = re.findall(r"^\s{1,8}([a-z][a-z0-9-]*)\s{2,}\S", help_text, re.M)
    found = []
    for word in usage_words + indented:
        if word in (name for name, _ in found):
            continue
        rc, own = run_help(binary, [word, "--help"])
        own = own.replace(binary, program)
        has_own = rc == 0 and own.strip() and own.strip() != help_text.strip()
        if word in usage_words or has_own:
            found.append((word, own if has_own else None))
    return found


def block_of(program, name, names, help_text):
    """The part of a shared help text about one subcommand: its usage lines and its description."""
    lines, out, inside = help_text.splitlines(), [], False
    for line in lines:
        usage = re.search(re.escape(program) + r"\s+([a-z][a-z0-9-]*)\b", line)
        described = re.match(r"^\s{1,8}([a-z][a-z0-9-]*)\s{2,}\S", line)
        if usage or (described and described.group(1) in names):
            inside = (usage or described).group(1) == name
        elif not line.strip():
            inside = False
        if inside:
            out.append(line)
    return "\n".join(out)


def subcommand_options(program, subcommands, help_text):
    names = [name for name, _ in subcommands]
    result = {}
    for name, own in subcommands:
        text = own if own is not None else block_of(program, name, names, help_text)
        # "the rule flags of remap": a subcommand that borrows another's flags gets them too.
        for other in re.findall(r"(?:flags|options) of ([a-z][a-z0-9-]*)", text):
            if other in names and other != name and own is None:
                text += "\n" + block_of(program, other, names, help_text)
        options = find_options(text)
        options.setdefault("--help", "")
        # A value whose help names its choices in prose gets them as an alternation.
        for option, description in option_descriptions(text).items():
            words = choices_in(description)
            if options.get(option) and "|" not in options[option] and len(words) > 1:
                options[option] = "|".join(words)
        result[name] = options
    return result


# After escaping, "-" is roff's minus "\-": --root reads \-\-root, -o reads \-o.
ROFF_OPTION = re.compile(r"(?<![\w\\-])(\\-\\-[a-zA-Z](?:[a-zA-Z0-9]|\\-)*|\\-[a-zA-Z](?![\w\\]))")


def roff(text):
    """Help text as roff for a .nf block: escaped, with the option names in bold."""
    out = []
    for line in text.rstrip().splitlines():
        line = line.replace("\\", "\\e").replace("-", "\\-")
        line = ROFF_OPTION.sub(lambda m: "\\fB" + m.group(1) + "\\fR", line)
        if line.startswith((".", "'")):
            line = "\\&" + line
        out.append(line)
    return "\n".join(out)


def usage_block(help_text, program):
    """The usage line and its indented continuation lines, without the "usage:" label."""
    block = []
    for line in help_text.splitlines():
        if not block and line.strip().lower().startswith("usage:"):
            block.append(line.strip().split(":", 1)[1].strip())
        elif block and line.strip() and line[:1].isspace():
            indent = "" if line.strip().startswith(program) else "    "
            block.append(indent + line.strip())
        elif block:
            break
    return "\n".join(block)


def man_page(args, help_text, subcommands):
    title = args.program.upper().replace("-", "\\-")
    other = "statelens" if args.program == "statelens-cli" else "statelens-cli"
    synopsis = usage_block(help_text, args.program) or args.program + " [OPTIONS]"
    page = [
        '.TH "%s" "1" "" "StateLens %s" "User Commands"' % (title, args.version),
        ".SH NAME",
        "%s \\- %s" % (args.program.replace("-", "\\-"), args.summary),
        ".SH SYNOPSIS",
        ".nf",
        roff(synopsis),
        ".fi",
        ".SH DESCRIPTION",
        args.summary[0].upper() + args.summary[1:] + ".",
        "What follows is the program's own \\fB\\-\\-help\\fR.",
        ".PP",
        ".nf",
        roff(help_text),
        ".fi",
    ]
    own = [(name, text) for name, text in subcommands if text is not None]
    if own:
        page.append(".SH COMMANDS")
        for name, text in own:
            page += [".SS %s" % name, ".nf", roff(text), ".fi"]
    page += [
        ".SH ENVIRONMENT",
        ".TP",
        ".B STATELENS_TORCH_PLUGIN",
        "The path of the test\\-load plugin (statelens_torch.so) to use instead of the installed one,",
        "which is looked for beside the program and in %s relative to it." % args.plugin_dir.replace("-", "\\-"),
        ".SH SEE ALSO",
        ".BR %s (1)," % other.replace("-", "\\-"),
        "and the command\\-line reference \\fIcli.md\\fR in the package's documentation",
        "(\\fIPREFIX\\fR/%s, PREFIX being /usr for the package)." % args.doc_dir.replace("-", "\\-"),
    ]
    return "\n".join(page) + "\n"


def completion(args, subcommands, options):
    fn = "_" + re.sub(r"\W", "_", args.program)
    patterns = "|".join("*." + ext for ext in args.extensions.split(","))
    lines = [
        "# bash completion for %s, written at build time from its --help by make_cli_docs.py." % args.program,
        "",
        "# Lists the options of one subcommand.",
        "%s_options()" % fn,
        "{",
        "    case $1 in",
    ]
    for name, opts in options.items():
        lines.append("    %s) echo '%s' ;;" % (name, " ".join(opts)))
    lines += ["    esac", "}", "",
              "# What follows an option: 'file', 'choice WORD...', or 'text' (nothing to complete).",
              "%s_value()" % fn, "{", "    case $1:$2 in"]
    for name, opts in options.items():
        for opt, value in opts.items():
            if not value:
                continue
            if "|" in value:
                kind = "choice " + " ".join(re.sub(r"\[.*", "", v) for v in value.split("|"))
            elif FILE_VALUE.search(value):
                kind = "file"
            else:
                kind = "text"
            lines.append("    %s:%s) echo '%s' ;;" % (name, opt, kind))
    lines += [
        "    esac",
        "}",
        "",
        "# Directories, and files: all of them, or (with 'checkpoints') only the checkpoint types.",
        "%s_files()" % fn,
        "{",
        "    local f IFS=$'\\n'",
        "    compopt -o filenames 2>/dev/null",
        "    for f in $(compgen -f -- \"$1\"); do",
        "        if [[ -d $f ]]; then",
        "            COMPREPLY+=(\"$f\")",
        "        elif [[ $2 != checkpoints ]]; then",
        "            COMPREPLY+=(\"$f\")",
        "        else",
        "            case $f in %s) COMPREPLY+=(\"$f\") ;; esac" % patterns,
        "        fi",
        "    done",
        "}",
        "",
        "%s()" % fn,
        "{",
        "    COMPREPLY=()",
        "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]} at=$((COMP_CWORD - 1))",
        "    # --opt=VALUE: bash splits the word at '=', so the option is the word before it.",
        "    if [[ $cur == = ]]; then cur=''; prev=${COMP_WORDS[at]}; fi",
        "    if [[ $prev == = ]]; then prev=${COMP_WORDS[at - 1]}; fi",
        "    if ((COMP_CWORD == 1)); then",
        "        COMPREPLY=($(compgen -W '%s --help' -- \"$cur\"))" % " ".join(options),
        "        return",
        "    fi",
        "    local command=${COMP_WORDS[1]} value",
        "    value=$(%s_value \"$command\" \"$prev\")" % fn,
        "    case $value in",
        "    file) %s_files \"$cur\" all; return ;;" % fn,
        "    choice*) COMPREPLY=($(compgen -W \"${value#choice }\" -- \"$cur\")); return ;;",
        "    text) return ;;",
        "    esac",
        "    if [[ $cur == -* ]]; then",
        "        COMPREPLY=($(compgen -W \"$(%s_options \"$command\")\" -- \"$cur\"))" % fn,
        "    else",
        "        %s_files \"$cur\" checkpoints" % fn,
        "    fi",
        "}",
        "complete -F %s %s" % (fn, args.program),
    ]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--program", required=True)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--summary", required=True)
    parser.add_argument("--plugin-dir", required=True)
    parser.add_argument("--doc-dir", required=True)
    parser.add_argument("--man", required=True)
    parser.add_argument("--completion")
    parser.add_argument("--extensions", default="pth,pt,ckpt,bin,safetensors,index.json,pth.tar")
    args = parser.parse_args()

    rc, help_text = run_help(args.binary, ["--help"])
    help_text = help_text.replace(args.binary, args.program)
    if rc != 0 or not help_text.strip():
        sys.exit("make_cli_docs: %s --help failed (exit %d): %s" % (args.binary, rc, help_text.strip()))
    subcommands = find_subcommands(args.program, args.binary, help_text)
    with open(args.man, "w", encoding="utf-8") as out:
        out.write(man_page(args, help_text, subcommands))
    if args.completion:
        if not subcommands:
            sys.exit("make_cli_docs: found no subcommand in %s --help" % args.program)
        options = subcommand_options(args.program, subcommands, help_text)
        with open(args.completion, "w", encoding="utf-8") as out:
            out.write(completion(args, subcommands, options))


if __name__ == "__main__":
    main()
