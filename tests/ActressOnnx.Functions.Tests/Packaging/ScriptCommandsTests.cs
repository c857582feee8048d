using System.Text.RegularExpressions;
using ActressOnnx.Testing;

namespace ActressOnnx.Functions.Tests.Packaging;

/// <summary>
/// The README's two commands must work on a bare Debian 12 with the .NET SDK: every command the scripts call is in
/// a base package the README names, or scripts/install-tools.sh installs it.
/// </summary>
public sealed partial class ScriptCommandsTests
{
    /// <summary>The commands of the packages a Debian 12 base image has (Priority: required), and of the .NET SDK.</summary>
    private static readonly Dictionary<string, string[]> BasePackages = new(StringComparer.Ordinal)
    {
        ["bash"] = ["bash"],
        ["coreutils"] =
        [
            "[", "arch", "b2sum", "base32", "base64", "basename", "basenc", "cat", "chcon", "chgrp", "chmod", "chown", "chroot", "cksum", "comm",
            "cp", "csplit", "cut", "date", "dd", "df", "dir", "dircolors", "dirname", "du", "echo", "env", "expand", "expr", "factor", "false",
            "fmt", "fold", "groups", "head", "hostid", "id", "install", "join", "link", "ln", "logname", "ls", "md5sum", "mkdir", "mkfifo",
            "mknod", "mktemp", "mv", "nice", "nl", "nohup", "nproc", "numfmt", "od", "paste", "pathchk", "pinky", "pr", "printenv", "printf",
            "ptx", "pwd", "readlink", "realpath", "rm", "rmdir", "runcon", "seq", "sha1sum", "sha224sum", "sha256sum", "sha384sum", "sha512sum",
            "shred", "shuf", "sleep", "sort", "split", "stat", "stdbuf", "stty", "sum", "sync", "tac", "tail", "tee", "test", "timeout", "touch",
            "tr", "true", "truncate", "tsort", "tty", "uname", "unexpand", "uniq", "unlink", "users", "vdir", "wc", "who", "whoami", "yes",
        ],
        ["grep"] = ["grep", "egrep", "fgrep"],
        ["sed"] = ["sed"],
        ["mawk"] = ["awk", "mawk"],
        ["findutils"] = ["find", "xargs"],
        ["apt"] = ["apt-get", "apt-cache"],
        ["dotnet"] = ["dotnet"],
    };

    [Fact]
    public void Scripts_CallOnlyCommandsTheReadmesBaseImageHasOrInstallToolsInstalls()
    {
        var root = TestPaths.RepositoryRoot;
        var baseLine = Assert.Single(File.ReadAllLines(Path.Combine(root, "README.md")), l => l.Contains("Debian 12 base system", StringComparison.Ordinal));
        var named = BacktickedName().Matches(baseLine).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(BasePackages.Keys.Order(StringComparer.Ordinal), named.Where(BasePackages.ContainsKey).Order(StringComparer.Ordinal));
        var allowed = BasePackages.Values.SelectMany(c => c).Concat(InstalledByInstallTools(root)).ToHashSet(StringComparer.Ordinal);

        var scripts = Directory.GetFiles(Path.Combine(root, "scripts"), "*.sh").Append(Path.Combine(root, ".ci", "run")).ToList();
        var unknown = scripts
            .SelectMany(s => ShellCommandScanner.ExternalCommands(File.ReadAllText(s)).Where(c => !allowed.Contains(c)).Select(c => $"{Path.GetRelativePath(root, s)}: {c}"))
            .ToList();

        Assert.True(scripts.Count >= 5, "the scripts folder was not found");
        Assert.True(unknown.Count == 0, "Commands neither in the README's base image nor installed by scripts/install-tools.sh (add them to its apt_commands): " + string.Join(", ", unknown));
    }

    [Fact]
    public void InstallTools_InstallsTheCommandsTheDemoNeedsWithApt()
    {
        var installed = InstalledByInstallTools(TestPaths.RepositoryRoot);

        Assert.Superset(new HashSet<string>(["curl", "jq", "python3", "node", "npm"]), installed.ToHashSet(StringComparer.Ordinal));
    }

    [Fact]
    public void ExternalCommands_FindsCommandsInPipelinesListsSubstitutionsAndBranches()
    {
        const string script = """
            #!/usr/bin/env bash
            set -euo pipefail
            root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
            tools=(curl:curl jq:jq)
            helper() { realpath "$1" | tr a-z A-Z; }
            # a comment that mentions wget
            for x in $(seq 3); do
              [ -f "$x" ] && gzip -k "$x" || echo "no $x (try wget)"
            done
            case "$1" in
              --zip|-z) zip_path="${2:?--zip needs a path}"; shift 2 ;;
              *) sed -n '2p' "$0" >&2; exit 2 ;;
            esac
            LANG=C sort <<<"$(helper "$root")" >"$root/out" 2>&1 &
            "$root/.tools/bin/tool" build
            n=$(( $(wc -l <"$root/out") + 1 ))
            python3 - "$root" <<'PY' || true
            import os
            print(os.listdir("."))
            PY
            (echo >/dev/tcp/127.0.0.1/80) 2>/dev/null && uname -a
            FOO=1 BAR="a b" \
              node app.js
            """;

        var commands = ShellCommandScanner.ExternalCommands(script);

        Assert.Equal(["dirname", "gzip", "node", "python3", "realpath", "sed", "seq", "sort", "tr", "uname", "wc"], commands);
    }

    /// <summary>The commands in install-tools.sh's <c>apt_commands=(COMMAND:PACKAGE ...)</c>.</summary>
    private static IEnumerable<string> InstalledByInstallTools(string root)
    {
        var script = File.ReadAllText(Path.Combine(root, "scripts", "install-tools.sh"));
        var list = AptCommands().Match(script);
        Assert.True(list.Success, "scripts/install-tools.sh has no apt_commands=(...) line");
        return list.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(pair => pair.Split(':')[0]);
    }

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex BacktickedName();

    [GeneratedRegex(@"(?m)^apt_commands=\(([^)]*)\)")]
    private static partial Regex AptCommands();
}
