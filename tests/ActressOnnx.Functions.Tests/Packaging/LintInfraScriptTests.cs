using ActressOnnx.Testing;

namespace ActressOnnx.Functions.Tests.Packaging;

// Needs the Bicep CLI: the CompiledInfraFixture runs scripts/lint-infra.sh first, which installs it.
public sealed class LintInfraScriptTests(CompiledInfraFixture infra) : IClassFixture<CompiledInfraFixture>, IDisposable
{
    private readonly DirectoryInfo _directory = TestPaths.NewTempDirectory("actressonnx-lint");

    [Fact]
    public async Task LintInfra_WhenALinterRuleWarns_FailsAndNamesTheRule()
    {
        var result = await LintAsync("param unused string\n");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("no-unused-params", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LintInfra_WhenTheFileDoesNotCompile_Fails()
    {
        var result = await LintAsync("resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 1\n}\n");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Error BCP", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LintInfra_WhenTheOnlyWarningIsBcp081ForBing_Passes()
    {
        var result = await LintAsync("resource bing 'Microsoft.Bing/accounts@2020-06-10' = {\n  name: 'bing'\n  location: 'global'\n  kind: 'Bing.Search.v7'\n  sku: {\n    name: 'S1'\n  }\n}\n");

        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public async Task LintInfra_WhenBcp081IsForAnotherResourceType_Fails()
    {
        var result = await LintAsync("resource thing 'Microsoft.Contoso/things@2020-06-10' = {\n  name: 'thing'\n}\n");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Microsoft.Contoso/things", result.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private async Task<ScriptResult> LintAsync(string bicep)
    {
        Assert.True(infra.Lint.ExitCode >= 0, "the fixture did not run the lint script");
        var path = Path.Combine(_directory.FullName, "snippet.bicep");
        await File.WriteAllTextAsync(path, bicep);
        return await ScriptRunner.RunAsync("scripts/lint-infra.sh", [path], TimeSpan.FromMinutes(2), CancellationToken.None);
    }
}
