using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActressOnnx.Testing.Azurite;

namespace ActressOnnx.Functions.Tests.Worker;

/// <summary>
/// The isolated worker's functions, called in-process through its own DI container, answer every case of the shared
/// table exactly as the standalone host does over HTTP.
/// </summary>
[Collection(SharedAzurite.Name)]
public sealed class WorkerFunctionsTests : IClassFixture<TwoHostsFixture>
{
    private readonly AzuriteFixture _azurite;
    private readonly TwoHostsFixture _fixture;

    public WorkerFunctionsTests(AzuriteFixture azurite, TwoHostsFixture fixture)
    {
        _azurite = azurite;
        _fixture = fixture;
    }

    [Theory]
    [MemberData(nameof(ServingCases.Names), MemberType = typeof(ServingCases))]
    public async Task Function_ForEachSharedCase_AnswersAsTheStandaloneHostDoes(string name)
    {
        var request = ServingCases.Get(name);
        var (host, worker) = await _fixture.GetAsync(_azurite);

        var (workerStatus, workerType, workerBody) = await worker.InvokeAsync(request);
        var (hostStatus, hostType, hostBody) = await SendAsync(host.Client, request);

        Assert.True(request.Status == workerStatus, $"worker: expected {request.Status}, got {workerStatus}: {workerBody}");
        Assert.True(request.Status == hostStatus, $"standalone host: expected {request.Status}, got {hostStatus}: {hostBody}");
        Assert.Equal(MediaType(hostType), MediaType(workerType));
        Assert.Equal(request.Status == 200 ? "application/json" : "application/problem+json", MediaType(workerType));
        var workerJson = Normalize(workerBody);
        Assert.Equal(Normalize(hostBody), workerJson);
        Assert.Equal(request.Expected, Expected(request, JsonNode.Parse(workerJson)!));
    }

    [Fact]
    public async Task Function_Predict_ReportsThePublishedVersion()
    {
        var (_, worker) = await _fixture.GetAsync(_azurite);

        var (_, _, body) = await worker.InvokeAsync(ServingCases.Get("red png"));

        Assert.Equal(_fixture.Published!.Published.Version, JsonNode.Parse(body)!["model"]!["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task Function_App_ServesTheStandaloneHostsPageAnonymously()
    {
        var (host, worker) = await _fixture.GetAsync(_azurite);

        var (workerStatus, workerType, workerBody) = await worker.InvokeAsync(new ServingCase("page", "GET", "app", null, [], 200, ""));
        using var hostPage = await host.Client.GetAsync(new Uri("/", UriKind.Relative));
        using var hostApp = await host.Client.GetAsync(new Uri("/api/app", UriKind.Relative));

        Assert.Equal(200, workerStatus);
        Assert.Equal("text/html", MediaType(workerType));
        Assert.Contains("<form", workerBody, StringComparison.Ordinal);
        Assert.Equal(await hostPage.Content.ReadAsStringAsync(), workerBody);
        Assert.Equal(await hostApp.Content.ReadAsStringAsync(), workerBody);
    }

    private static async Task<(int Status, string? ContentType, string Body)> SendAsync(HttpClient client, ServingCase request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri("/api/" + request.Route, UriKind.Relative));
        if (request.Method == "POST")
        {
            message.Content = new ByteArrayContent(request.Body);
            message.Content.Headers.ContentType = request.ContentType is null ? null : MediaTypeHeaderValue.Parse(request.ContentType);
        }

        using var response = await client.SendAsync(message);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsStringAsync());
    }

    private static string? MediaType(string? contentType) => contentType is null ? null : MediaTypeHeaderValue.Parse(contentType).MediaType;

    // The trace id differs per request (and per host); everything else must match.
    private static string Normalize(string body)
    {
        var node = JsonNode.Parse(body)!;
        node.AsObject().Remove("traceId");
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    private static string? Expected(ServingCase request, JsonNode answer) => request switch
    {
        { Status: 200, Route: "predict" } => answer["label"]!.GetValue<string>(),
        { Status: 200, Route: "health" } => answer["status"]!.GetValue<string>(),
        _ => answer["code"]!.GetValue<string>(),
    };
}
