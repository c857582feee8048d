using System.Text.Json.Nodes;
using ActressOnnx.Testing;

namespace ActressOnnx.Functions.Tests.Packaging;

/// <summary>Lints infra/main.bicep with scripts/lint-infra.sh (which installs the Bicep CLI) and compiles it to an ARM template.</summary>
public sealed class CompiledInfraFixture : IAsyncLifetime
{
    private readonly DirectoryInfo _root = TestPaths.NewTempDirectory("actressonnx-infra");

    /// <summary>What scripts/lint-infra.sh reported for infra/main.bicep.</summary>
    public ScriptResult Lint { get; private set; } = new(-1, string.Empty);

    /// <summary>The compiled main template.</summary>
    public JsonObject Template { get; private set; } = [];

    /// <summary>Every resource of the template, nested module templates included.</summary>
    public IReadOnlyList<JsonObject> Resources { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Lint = await ScriptRunner.RunAsync("scripts/lint-infra.sh", [], TimeSpan.FromMinutes(3), CancellationToken.None);

        var templatePath = Path.Combine(_root.FullName, "main.json");
        var build = await BicepCli.RunAsync(["build", Path.Combine(TestPaths.RepositoryRoot, "infra", "main.bicep"), "--outfile", templatePath]);
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException("bicep build infra/main.bicep failed:\n" + build.Output);
        }

        Template = JsonNode.Parse(await File.ReadAllTextAsync(templatePath))!.AsObject();
        var resources = new List<JsonObject>();
        Collect(Template, resources);
        Resources = resources;
    }

    public Task DisposeAsync()
    {
        _root.Delete(recursive: true);
        return Task.CompletedTask;
    }

    private static void Collect(JsonObject template, List<JsonObject> resources)
    {
        foreach (var resource in template["resources"]!.AsArray().Select(node => node!.AsObject()))
        {
            resources.Add(resource);
            if (resource["properties"]?["template"] is JsonObject nested)
            {
                Collect(nested, resources);
            }
        }
    }
}
