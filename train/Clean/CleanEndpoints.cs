using ActressOnnx.Train.Report;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace ActressOnnx.Train.Clean;

/// <summary>The cleaner's page, its JSON API and the images, served by id (never by a path from the request).</summary>
internal static class CleanEndpoints
{
    private static readonly Lazy<string> Page = new(() =>
    {
        using var stream = typeof(CleanEndpoints).Assembly.GetManifestResourceStream("ActressOnnx.Train.Clean.cleaner.html")
            ?? throw new InvalidOperationException("The cleaner page is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static IEndpointRouteBuilder MapCleanerEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", (CleanServerOptions options) => TypedResults.Content(Page.Value.Replace("{{token}}", options.Token, StringComparison.Ordinal), "text/html; charset=utf-8"));
        routes.MapGet("/api/state", GetState);
        routes.MapGet("/api/items", GetItems);
        routes.MapGet("/api/issues", (CleanSession session) => TypedResults.Ok(CleanIssues.Load(session)));
        routes.MapGet("/images/{id:int}", GetImage);
        routes.MapPost("/api/apply", ApplyAsync);
        return routes;
    }

    private static Ok<StateResponse> GetState(CleanSession session)
    {
        var counts = session.Labels.Select(label => new ClassCount(label, session.Query(label, SplitNames.Train).Count, session.Query(label, SplitNames.Valid).Count)).ToList();
        return TypedResults.Ok(new StateResponse(session.Version, session.Root, session.Log.Path, session.Labels, counts));
    }

    private static Results<Ok<ItemsResponse>, ProblemHttpResult> GetItems(CleanSession session, string? label, string? split)
    {
        if (label is null || !session.Labels.Contains(label, StringComparer.Ordinal) || !SplitNames.IsKnown(split))
        {
            return Problem(400, "bad_query", $"Ask for ?label=one of {string.Join(", ", session.Labels)}&split=train or valid.");
        }

        var version = session.Version;
        var items = session.Query(label, split!).Select(i => new ItemView(i.Id, i.RelativePath, i.Label, i.Split, i.Predicted, i.Probability, i.Loss, i.DecodeError)).ToList();
        return TypedResults.Ok(new ItemsResponse(version, items));
    }

    private static Results<PhysicalFileHttpResult, ProblemHttpResult> GetImage(CleanSession session, int id, HttpContext context)
    {
        var item = session.Find(id);
        var path = item is null ? null : session.FullPath(item);
        if (path is null || !File.Exists(path))
        {
            return Problem(404, "no_image", $"There is no image {id} any more (it was moved or deleted). Reload the page.");
        }

        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.PhysicalFile(path, ContentType(path));
    }

    private static async Task<Results<Ok<ApplyResult>, ProblemHttpResult>> ApplyAsync(CleanSession session, ApplyRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await session.ApplyAsync(request, cancellationToken).ConfigureAwait(false));
        }
        catch (CleanException ex)
        {
            return Problem(ex.StatusCode, ex.Code, ex.Message);
        }
    }

    private static ProblemHttpResult Problem(int status, string code, string detail) =>
        TypedResults.Problem(detail, statusCode: status, extensions: new Dictionary<string, object?> { ["code"] = code });

    private static string ContentType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".jpg" or ".jpeg" => "image/jpeg",
        ".png" => "image/png",
        ".webp" => "image/webp",
        ".gif" => "image/gif",
        ".bmp" => "image/bmp",
        _ => "application/octet-stream",
    };

    private sealed record ClassCount(string Label, int Train, int Valid);

    private sealed record StateResponse(int Version, string Root, string Log, IReadOnlyList<string> Labels, IReadOnlyList<ClassCount> Counts);

    private sealed record ItemView(int Id, string File, string Label, string? Split, string? Predicted, double? Probability, double? Loss, string? Error);

    private sealed record ItemsResponse(int Version, IReadOnlyList<ItemView> Items);
}
