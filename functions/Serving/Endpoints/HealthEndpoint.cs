using ActressOnnx.Serving.ModelLifecycle;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ActressOnnx.Serving.Endpoints;

/// <summary><c>GET /api/health</c>: 200 with the served model, or 503 problem+json saying why there is none.</summary>
public static class HealthEndpoint
{
    public static Results<Ok<HealthResponse>, ProblemHttpResult> Handle(ModelLoader loader)
    {
        var state = loader.State;
        if (state.Model is not { } model)
        {
            return Problems.NoModel(state);
        }

        var metadata = model.Classifier.Metadata;
        return TypedResults.Ok(new HealthResponse("ok", new HealthModel(
            model.Name,
            model.Published.Version,
            model.Published.Sha256,
            model.Published.PublishedAt,
            metadata.Labels,
            metadata.Preprocess.Width,
            metadata.Preprocess.Height,
            metadata.Preprocess.Resize.ToString().ToLowerInvariant(),
            metadata.Architecture,
            metadata.Epochs,
            metadata.ValidLoss,
            metadata.ValidErrorRate,
            metadata.TrainedAt) { Quantization = metadata.Quantization }, loader.LastFailure)
        {
            PublishedVersion = loader.PublishedVersion,
            ServesPublishedVersion = loader.PublishedVersion == model.Published.Version,
        });
    }
}
