using Microsoft.AspNetCore.Http.HttpResults;

namespace ActressOnnx.Serving.Endpoints;

/// <summary>The problem+json answers of the service, each with a stable <c>code</c> extension clients can switch on.</summary>
internal static class Problems
{
    public static ProblemHttpResult Create(int status, string title, string detail, string code) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["code"] = code });

    public static ProblemHttpResult NoModel(ModelLifecycle.ServingState state) =>
        Create(StatusCodes.Status503ServiceUnavailable, "No model is being served", state.Reason ?? "No model is loaded.", state.Code);
}
