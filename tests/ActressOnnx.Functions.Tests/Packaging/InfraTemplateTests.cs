using System.Text.Json.Nodes;

namespace ActressOnnx.Functions.Tests.Packaging;

public sealed class InfraTemplateTests(CompiledInfraFixture infra) : IClassFixture<CompiledInfraFixture>
{
    [Fact]
    public void LintInfra_OnMainBicep_Passes()
    {
        Assert.True(infra.Lint.ExitCode == 0, "scripts/lint-infra.sh failed:\n" + infra.Lint.Output);
    }

    [Fact]
    public void StorageAccounts_AllowNeitherSharedKeysNorPublicBlobs_AndRequireTls12()
    {
        var accounts = OfType("Microsoft.Storage/storageAccounts");

        Assert.Equal(2, accounts.Count);
        foreach (var properties in accounts.Select(account => account["properties"]!))
        {
            Assert.False((bool)properties["allowSharedKeyAccess"]!);
            Assert.False((bool)properties["allowBlobPublicAccess"]!);
            Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
        }

        Assert.All(OfType("Microsoft.Storage/storageAccounts/blobServices/containers"), container => Assert.Equal("None", (string?)container["properties"]!["publicAccess"]));
    }

    [Fact]
    public void Template_NeverReadsKeysOrSasTokens()
    {
        var text = infra.Template.ToJsonString();

        Assert.DoesNotContain("listKeys", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listAccountSas", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listServiceSas", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AccountKey=", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void FunctionApp_AppSettings_TellTheHandlerWhereTheModelIsWithoutSecrets()
    {
        var settings = Assert.Single(OfType("Microsoft.Web/sites"))["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(setting => (string)setting!["name"]!, setting => (string)setting!["value"]!);

        Assert.Contains("ModelStorage__AccountUrl", settings.Keys);
        Assert.Contains("ModelStorage__ContainerName", settings.Keys);
        Assert.Contains("ModelStorage__ModelName", settings.Keys);
        Assert.Contains("ModelStorage__ManagedIdentityClientId", settings.Keys);
        Assert.Equal("[parameters('modelPollInterval')]", settings["Serving__ModelPollInterval"]);
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.DoesNotContain(settings.Keys, name => name.Contains("KEY", StringComparison.OrdinalIgnoreCase) || name.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void FunctionApp_RunsOnFlexConsumption_AsTheUserAssignedIdentity()
    {
        var plan = Assert.Single(OfType("Microsoft.Web/serverfarms"));
        var site = Assert.Single(OfType("Microsoft.Web/sites"));
        var config = site["properties"]!["functionAppConfig"]!;

        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);
        Assert.True((bool)plan["properties"]!["reserved"]!, "Flex Consumption plans are Linux (reserved: true)");
        Assert.Equal("UserAssigned", (string?)site["identity"]!["type"]);
        Assert.Equal("UserAssignedIdentity", (string?)config["deployment"]!["storage"]!["authentication"]!["type"]);
        Assert.Equal("dotnet-isolated", (string?)config["runtime"]!["name"]);
        Assert.Contains("dotnetVersion", (string?)config["runtime"]!["version"], StringComparison.Ordinal);
        Assert.NotNull(config["scaleAndConcurrency"]!["instanceMemoryMB"]);
    }

    [Fact]
    public void RoleAssignments_AreNamedWithGuidSoRedeploysAreIdempotent()
    {
        var assignments = OfType("Microsoft.Authorization/roleAssignments");

        Assert.Equal(4, assignments.Count);
        Assert.All(assignments, assignment => Assert.StartsWith("[guid(", (string?)assignment["name"], StringComparison.Ordinal));
        Assert.Single(assignments, assignment => assignment["condition"] is not null);
    }

    [Fact]
    public void BingSearch_IsOptionalAndOffByDefault()
    {
        var parameter = infra.Template["parameters"]!["deployBingSearch"]!;
        var bing = Assert.Single(OfType("Microsoft.Bing/accounts"));

        Assert.False((bool)parameter["defaultValue"]!);
        Assert.Equal("Bing.Search.v7", (string?)bing["kind"]);
        var module = infra.Template["resources"]!.AsArray().Single(resource => (string?)resource!["name"] == "bing-search")!;
        Assert.Contains("deployBingSearch", (string?)module["condition"], StringComparison.Ordinal);
    }

    [Fact]
    public void Parameters_AllHaveDescriptions()
    {
        foreach (var (name, parameter) in infra.Template["parameters"]!.AsObject())
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)parameter!["metadata"]?["description"]), $"parameter {name} lacks @description");
        }
    }

    [Fact]
    public void TopLevelResources_AreAllTagged()
    {
        var topLevel = infra.Resources.Where(resource =>
        {
            var type = (string)resource["type"]!;
            return type.Count(c => c == '/') == 1 && type is not "Microsoft.Authorization/roleAssignments" and not "Microsoft.Resources/deployments";
        }).ToList();

        Assert.NotEmpty(topLevel);
        Assert.All(topLevel, resource => Assert.True(resource["tags"] is not null, $"{resource["type"]} has no tags"));
    }

    [Fact]
    public void Outputs_IncludeWhatTheDeployStepsUse()
    {
        var outputs = infra.Template["outputs"]!.AsObject();

        Assert.Contains("FUNCTION_URL", outputs.Select(output => output.Key));
        Assert.Contains("FUNCTION_APP_NAME", outputs.Select(output => output.Key));
        Assert.Contains("MODEL_STORAGE_ACCOUNT_URL", outputs.Select(output => output.Key));
        Assert.Contains("IDENTITY_CLIENT_ID", outputs.Select(output => output.Key));
    }

    private List<JsonObject> OfType(string type) =>
        infra.Resources.Where(resource => string.Equals((string?)resource["type"], type, StringComparison.OrdinalIgnoreCase)).ToList();
}
