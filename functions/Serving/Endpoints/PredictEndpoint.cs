using ActressOnnx.Serving.ModelLifecycle;
using ActressOnnx.Imaging;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ActressOnnx.Serving.Endpoints;

/// <summary>
/// <c>POST /api/predict</c>: the image as the raw body (image/* or application/octet-stream) or as the one file of a
/// multipart/form-data form. Errors are problem+json: 400 empty body or not exactly one file, 413 body or declared
/// pixel count too large, 415 not an image, 422 corrupt or truncated image, 503 no model.
/// </summary>
public static class PredictEndpoint
{
    private const string MultipartFormData = "multipart/form-data";

    public static async Task<Results<Ok<PredictResponse>, ProblemHttpResult>> HandleAsync(
        HttpContext context, ModelLoader loader, IOptions<ServingOptions> options, CancellationToken cancellationToken)
    {
        if (loader.State.Model is null)
        {
            return Problems.NoModel(loader.State);
        }

        var limit = options.Value.MaxRequestBytes;
        var request = context.Request;
        if (request.ContentLength > limit)
        {
            return TooLarge(limit);
        }

        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        try
        {
            var (body, problem) = await ReadImageAsync(request, limit, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            using (body)
            {
                return Predict(loader, body!);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(limit);
        }
        catch (BadHttpRequestException ex)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "Unreadable request body", ex.Message, "bad_request");
        }
    }

    private static async Task<(PooledBody? Body, ProblemHttpResult? Problem)> ReadImageAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        MediaTypeHeaderValue? contentType = null;
        if (!string.IsNullOrEmpty(request.ContentType) && !MediaTypeHeaderValue.TryParse(request.ContentType, out contentType))
        {
            return (null, UnsupportedContentType(request.ContentType));
        }

        var mediaType = contentType?.MediaType.Value;
        if (string.Equals(mediaType, MultipartFormData, StringComparison.OrdinalIgnoreCase))
        {
            return await ReadSingleFileAsync(request, limit, cancellationToken).ConfigureAwait(false);
        }

        if (mediaType is not null && !mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(mediaType, "application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            return (null, UnsupportedContentType(mediaType));
        }

        var body = await PooledBody.ReadAsync(request.Body, limit, request.ContentLength, cancellationToken).ConfigureAwait(false);
        return body is null ? (null, TooLarge(limit)) : EmptyCheck(body);
    }

    private static async Task<(PooledBody? Body, ProblemHttpResult? Problem)> ReadSingleFileAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit, ValueCountLimit = 64 }, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            return (null, Problems.Create(StatusCodes.Status400BadRequest, "Malformed multipart body", ex.Message, "bad_multipart"));
        }

        if (form.Files.Count != 1)
        {
            return (null, Problems.Create(StatusCodes.Status400BadRequest, "Expected exactly one file",
                $"The multipart form holds {form.Files.Count} files; send exactly one image file.", form.Files.Count == 0 ? "no_file" : "too_many_files"));
        }

        await using var stream = form.Files[0].OpenReadStream();
        var body = await PooledBody.ReadAsync(stream, limit, form.Files[0].Length, cancellationToken).ConfigureAwait(false);
        return body is null ? (null, TooLarge(limit)) : EmptyCheck(body);
    }

    private static (PooledBody? Body, ProblemHttpResult? Problem) EmptyCheck(PooledBody body)
    {
        if (body.Length > 0)
        {
            return (body, null);
        }

        body.Dispose();
        return (null, Problems.Create(StatusCodes.Status400BadRequest, "Empty image", "The request carried no image bytes; send a JPEG, PNG, WebP, GIF or BMP image.", "empty_body"));
    }

    private static Results<Ok<PredictResponse>, ProblemHttpResult> Predict(ModelLoader loader, PooledBody body)
    {
        // One retry covers a hot reload that unloaded the model between reading the state and predicting.
        for (var attempt = 0; ; attempt++)
        {
            var model = loader.State.Model;
            if (model is null)
            {
                return Problems.NoModel(loader.State);
            }

            try
            {
                var prediction = model.Classifier.Predict(body.Span);
                return TypedResults.Ok(new PredictResponse(
                    prediction.Label, prediction.Probability, prediction.Probabilities, new ModelReference(model.Name, model.Published.Version)));
            }
            catch (ObjectDisposedException) when (attempt == 0)
            {
            }
            catch (ImageDecodeException ex)
            {
                return DecodeProblem(ex);
            }
        }
    }

    private static ProblemHttpResult DecodeProblem(ImageDecodeException ex) => ex.Error switch
    {
        ImageDecodeError.Empty => Problems.Create(StatusCodes.Status400BadRequest, "Empty image", ex.Message, "empty_body"),
        ImageDecodeError.UnsupportedFormat => Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Not a supported image", ex.Message, "unsupported_image"),
        ImageDecodeError.Corrupt => Problems.Create(StatusCodes.Status422UnprocessableEntity, "Corrupt image", ex.Message, "corrupt_image"),
        ImageDecodeError.Truncated => Problems.Create(StatusCodes.Status422UnprocessableEntity, "Truncated image", ex.Message, "truncated_image"),
        ImageDecodeError.TooManyPixels => Problems.Create(StatusCodes.Status413PayloadTooLarge, "Image too large", ex.Message, "too_many_pixels"),
        _ => Problems.Create(StatusCodes.Status422UnprocessableEntity, "Undecodable image", ex.Message, "undecodable_image"),
    };

    private static ProblemHttpResult TooLarge(long limit) =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "Request body too large",
            $"The request body exceeds the {limit} byte limit (Serving:MaxRequestBytes); send a smaller image.", "body_too_large");

    private static ProblemHttpResult UnsupportedContentType(string contentType) =>
        Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported Content-Type",
            $"Content-Type '{contentType}' is not accepted; send the image bytes as image/* or application/octet-stream, or as the one file of a multipart/form-data form.",
            "unsupported_content_type");
}
