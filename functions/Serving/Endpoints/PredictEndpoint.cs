using ActressOnnx.Serving.ModelLifecycle;
using ActressOnnx.Imaging;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
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
    private const int MaxFormSections = 64;

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
                return await PredictAsync(loader, body!, cancellationToken).ConfigureAwait(false);
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
            return await ReadSingleFileAsync(request, contentType!, limit, cancellationToken).ConfigureAwait(false);
        }

        if (mediaType is not null && !mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(mediaType, "application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            return (null, UnsupportedContentType(mediaType));
        }

        var body = await PooledBody.ReadAsync(request.Body, limit, request.ContentLength, cancellationToken).ConfigureAwait(false);
        return body is null ? (null, TooLarge(limit)) : EmptyCheck(body);
    }

    // Streams the form with MultipartReader instead of ReadFormAsync, which would first buffer the file (to a temporary
    // file above 64 KiB) and then be copied again: the file section goes straight into the one pooled buffer.
    private static async Task<(PooledBody? Body, ProblemHttpResult? Problem)> ReadSingleFileAsync(
        HttpRequest request, MediaTypeHeaderValue contentType, long limit, CancellationToken cancellationToken)
    {
        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
        if (string.IsNullOrWhiteSpace(boundary))
        {
            return (null, BadMultipart("The multipart/form-data Content-Type has no boundary parameter."));
        }

        // One byte over the limit so that PooledBody, not the reader, notices an oversized file and it gets 413, not 400.
        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = limit + 1 };
        PooledBody? file = null;
        var files = 0;
        var sections = 0;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
            {
                if (++sections > MaxFormSections)
                {
                    file?.Dispose();
                    return (null, BadMultipart($"The form has more than {MaxFormSections} parts."));
                }

                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition())
                {
                    continue;
                }

                if (++files > 1)
                {
                    file?.Dispose();
                    return (null, Problems.Create(StatusCodes.Status400BadRequest, "Expected exactly one file",
                        "The multipart form holds more than one file; send exactly one image file.", "too_many_files"));
                }

                file = await PooledBody.ReadAsync(section.Body, limit, expectedLength: null, cancellationToken).ConfigureAwait(false);
                if (file is null)
                {
                    return (null, TooLarge(limit));
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException and not BadHttpRequestException)
        {
            file?.Dispose();
            return (null, BadMultipart(ex.Message));
        }

        return file is null
            ? (null, Problems.Create(StatusCodes.Status400BadRequest, "Expected exactly one file",
                "The multipart form holds no file; send exactly one image file.", "no_file"))
            : EmptyCheck(file);
    }

    private static ProblemHttpResult BadMultipart(string detail) =>
        Problems.Create(StatusCodes.Status400BadRequest, "Malformed multipart body", detail, "bad_multipart");

    private static (PooledBody? Body, ProblemHttpResult? Problem) EmptyCheck(PooledBody body)
    {
        if (body.Length > 0)
        {
            return (body, null);
        }

        body.Dispose();
        return (null, Problems.Create(StatusCodes.Status400BadRequest, "Empty image", "The request carried no image bytes; send a JPEG, PNG, WebP, GIF or BMP image.", "empty_body"));
    }

    private static async Task<Results<Ok<PredictResponse>, ProblemHttpResult>> PredictAsync(ModelLoader loader, PooledBody body, CancellationToken cancellationToken)
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
                var prediction = await model.Classifier.PredictAsync(body.Memory, cancellationToken).ConfigureAwait(false);
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
