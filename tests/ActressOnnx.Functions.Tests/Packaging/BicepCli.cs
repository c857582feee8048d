using System.Diagnostics;
using ActressOnnx.Testing;

namespace ActressOnnx.Functions.Tests.Packaging;

/// <summary>Runs the Bicep CLI that scripts/lint-infra.sh installs under .tools/.</summary>
internal static class BicepCli
{
    private const string Version = "0.49.2";

    public static async Task<ScriptResult> RunAsync(IEnumerable<string> arguments)
    {
        var path = Path.Combine(TestPaths.RepositoryRoot, ".tools", "bicep-pkg", "azure.bicep.commandline.linux-x64", Version, "tools", "bicep");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The Bicep CLI is not at {path}; run scripts/lint-infra.sh once to install it.");
        }

        var startInfo = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new ScriptResult(process.ExitCode, await standardOutput + await standardError);
    }
}
